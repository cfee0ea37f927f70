/**
 * Cost of the failure-mode metrics: `analyzeEpisode` over recorded oracle episodes under the
 * `production` profile, as CPU microseconds per trajectory step. CPU time (not wall time) so a
 * shared, loaded machine skews the figure less; the median of several rounds drops outliers.
 */
import { findTeam } from '../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../src/team/episode.js';
import { analyzeEpisode } from '../src/metrics/index.js';

/** Result of {@link benchMetricsPerStep}. */
export interface MetricsBench {
  /** Median CPU µs that `analyzeEpisode` costs per recorded step. */
  readonly metricsUsPerStep: number;
}

/**
 * Records `episodes` oracle episodes of `envId` under `production`, then times `analyzeEpisode`
 * over all of them `rounds` times. Builtins must be loaded (`loadBuiltins()`) beforehand.
 */
export async function benchMetricsPerStep(envId: string, episodes = 20, rounds = 7): Promise<MetricsBench> {
  const oracle = findTeam('oracle');
  if (!oracle) throw new Error('benchMetricsPerStep: team "oracle" is not registered; call loadBuiltins() first');
  const results: EpisodeResult[] = [];
  for (let seed = 0; seed < episodes; seed++)
    results.push(await runEpisode({ env: envId, team: oracle, seed, perturb: 'production' }));
  const steps = results.reduce((a, r) => a + r.steps, 0);
  for (const r of results) analyzeEpisode(r); // warm-up: JIT and lazily built tables
  const perRound: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.cpuUsage();
    for (const r of results) analyzeEpisode(r);
    const d = process.cpuUsage(t0);
    perRound.push((d.user + d.system) / Math.max(1, steps));
  }
  perRound.sort((a, b) => a - b);
  return { metricsUsPerStep: Number(perRound[Math.floor(perRound.length / 2)]!.toFixed(2)) };
}
