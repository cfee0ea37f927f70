/**
 * Cost of the failure-mode metrics: `analyzeEpisode` of recorded oracle episodes under the
 * `production` profile, as CPU microseconds per trajectory step — what a run pays for them.
 *
 * A run analyses every episode once, right after it is recorded, thousands of times over. So each
 * measured episode is of a seed never seen before in this process (nothing it reads is in the
 * reading caches yet), and analysed once; and the analysis's code is warmed up first on other new
 * episodes until the JIT has optimised it. Re-analysing the same few episodes instead measures
 * cached readings (about 1.6× cheaper), and measuring after one warm-up pass measures unoptimised
 * code (about 2× dearer). The figure is the median over the episodes of CPU µs per step, as the
 * step figures are medians; the mean is given beside it (a collection landing in one analysis
 * lifts the mean, not the median).
 */
import { findTeam } from '../src/team/agent.js';
import { runEpisode } from '../src/team/episode.js';
import { analyzeEpisode } from '../src/metrics/index.js';
import { cpuMs, median, round } from './timing.js';

/** Result of {@link benchMetricsPerStep}. */
export interface MetricsBench {
  /** Median over the measured episodes of `analyzeEpisode`'s CPU µs per recorded step. */
  readonly metricsUsPerStep: number;
  /** The mean of the same. */
  readonly metricsUsPerStepMean: number;
  /** Episodes measured. */
  readonly episodes: number;
  /** New episodes analysed as warm-up before them. */
  readonly warmupEpisodes: number;
}

/** Seeds of this bench (apart from the other benches' seeds): every episode is of a new seed. */
export const METRICS_SEEDS = 3_000_000;

/** Options of {@link benchMetricsPerStep}. */
export interface MetricsOptions {
  /** CPU milliseconds of analysis to warm up with (at most 400 episodes). @defaultValue 300 */
  readonly warmupMs?: number;
  /** Episodes measured after the warm-up. @defaultValue 60 */
  readonly episodes?: number;
}

/** The most episodes analysed as warm-up, whatever `warmupMs` says. */
const MAX_WARMUP_EPISODES = 400;

/**
 * Analyses new `production` oracle episodes of `envId`: first as warm-up (until `warmupMs` of
 * analysis), then `episodes` of them timed one by one. The episodes themselves are run untimed.
 * Builtins must be loaded (`loadBuiltins()`) beforehand.
 */
export async function benchMetricsPerStep(envId: string, options: MetricsOptions = {}): Promise<MetricsBench> {
  const warmupMs = options.warmupMs ?? 300;
  const episodes = options.episodes ?? 60;
  const oracle = findTeam('oracle');
  if (!oracle) throw new Error('benchMetricsPerStep: team "oracle" is not registered; call loadBuiltins() first');
  let seed = METRICS_SEEDS;
  const next = () => runEpisode({ env: envId, team: oracle, seed: seed++, perturb: 'production' });
  let warmupEpisodes = 0;
  for (let spent = 0; spent < warmupMs && warmupEpisodes < MAX_WARMUP_EPISODES; warmupEpisodes++) {
    const result = await next();
    const t0 = cpuMs();
    analyzeEpisode(result);
    spent += cpuMs() - t0;
  }
  const perStep: number[] = [];
  for (let i = 0; i < episodes; i++) {
    const result = await next();
    const t0 = cpuMs();
    analyzeEpisode(result);
    perStep.push(((cpuMs() - t0) * 1000) / Math.max(1, result.steps));
  }
  return {
    metricsUsPerStep: round(median(perStep)),
    metricsUsPerStepMean: round(perStep.reduce((a, b) => a + b, 0) / Math.max(1, perStep.length)),
    episodes,
    warmupEpisodes,
  };
}
