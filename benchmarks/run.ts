/**
 * `npm run bench`: throughput of every registered env.
 *
 * - raw stepping: the oracle plan's actions stepped straight into the env (validation on),
 *   resetting at the end of each episode; reported as steps/s on one core;
 * - reset time;
 * - long episodes: time and heap per step for a 100-step and a 10,000-step episode, to show the
 *   cost of a step does not grow with the episode;
 * - full oracle episodes through `runEpisode` with recording to disk, as episodes/s;
 * - the LLM path (benchmarks/llm.ts): how busy 1–64 episodes in flight keep a model server that
 *   answers after 200 ms, and the harness's own work per model call.
 *
 * Numbers vary by machine; this prints them, it asserts nothing. `--json` prints JSON; `--env=ID,…`
 * measures only those envs; `--no-llm` skips the LLM section, `--llm-only` runs only it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { make, listEnvs } from '../src/core/registry.js';
import { planActions } from '../src/team/plan.js';
import { teamStateOf } from '../src/team/team-env.js';
import type { Action } from '../src/team/actions.js';
import { runEvaluation } from '../src/run/runner.js';
import { loadBuiltins } from '../src/builtins.js';
import { findTeam } from '../src/team/agent.js';
import { runEpisode } from '../src/team/episode.js';
import { analyzeEpisode } from '../src/metrics/index.js';
import { benchLlm, formatLlmBench, type LlmBench } from './llm.js';

interface EnvBench {
  env: string;
  stepsPerSecond: number;
  /** Steps/s with the `chaos` profile (4–6 perturbations per episode), and the extra cost per step. */
  chaosStepsPerSecond: number;
  perturbationOverhead: number;
  /** Steps/s under `production`, the failure-mode metrics' cost per step, and both together vs clean. */
  productionStepsPerSecond: number;
  metricsUsPerStep: number;
  productionWithMetricsOverhead: number;
  resetMs: number;
  planSteps: number;
  perStepUs100: number;
  perStepUs10k: number;
  heapPerStepBytes100: number;
  heapPerStepBytes10k: number;
  episodesPerSecond: number;
}

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const llmOnly = argv.includes('--llm-only');
const withLlm = llmOnly || !argv.includes('--no-llm');
const seconds = Number(argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 2);
/** `--env=ID[,ID]`: measure only these envs (e.g. to compare one env before and after a change). */
const only = argv
  .find((a) => a.startsWith('--env='))
  ?.slice('--env='.length)
  .split(',')
  .filter((id) => id.length > 0);

function planFor(envId: string, seed: number): Action[] {
  const env = make(envId);
  env.reset({ seed });
  const actions = planActions(teamStateOf(env)!.task);
  env.close();
  return actions;
}

function benchStepping(envId: string, perturb = 'clean'): { stepsPerSecond: number; planSteps: number } {
  const plans = Array.from({ length: 8 }, (_, i) => planFor(envId, i));
  const env = make(envId);
  let episode = 0;
  // Warm up, then measure over a fixed wall-clock window.
  const run = (ms: number) => {
    const end = performance.now() + ms;
    let n = 0;
    while (performance.now() < end) {
      const plan = plans[episode++ % plans.length] as Action[];
      env.reset({ seed: (episode - 1) % plans.length, options: { perturb } });
      for (const a of plan) {
        const r = env.step(a);
        n++;
        if (r.terminated || r.truncated) break;
      }
    }
    return n;
  };
  run(300);
  const t0 = performance.now();
  const steps = run(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  // Resets are part of the loop; report steps per second of the whole loop.
  return { stepsPerSecond: steps / elapsed, planSteps: plans[0]!.length };
}

function benchReset(envId: string): number {
  const env = make(envId);
  for (let i = 0; i < 50; i++) env.reset({ seed: i });
  const n = 500;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) env.reset({ seed: i });
  return (performance.now() - t0) / n;
}

/** A long episode: the plan's non-finishing actions, cycled, with no time limit. */
function benchLong(envId: string, length: number): { perStepUs: number; heapPerStepBytes: number } {
  const plan = planFor(envId, 1).filter((a) => a.type !== 'finish');
  const env = make(envId, { maxEpisodeSteps: -1 });
  env.reset({ seed: 1 });
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < length; i++) env.step(plan[i % plan.length]);
  const elapsed = performance.now() - t0;
  globalThis.gc?.();
  const heap1 = process.memoryUsage().heapUsed;
  return { perStepUs: (elapsed * 1000) / length, heapPerStepBytes: Math.max(0, heap1 - heap0) / length };
}

/** The failure-mode metrics' cost per step: analyzing recorded oracle episodes under `production`. */
async function benchMetrics(envId: string): Promise<number> {
  const oracle = findTeam('oracle')!;
  const results = [];
  for (let seed = 0; seed < 20; seed++)
    results.push(await runEpisode({ env: envId, team: oracle, seed, perturb: 'production' }));
  for (const r of results) analyzeEpisode(r);
  const steps = results.reduce((a, r) => a + r.steps, 0);
  const rounds = 5;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) for (const r of results) analyzeEpisode(r);
  return ((performance.now() - t0) * 1000) / (rounds * steps);
}

async function benchEpisodes(envId: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  try {
    const seeds = Array.from({ length: 20 }, (_, i) => i);
    const t0 = performance.now();
    await runEvaluation({ envs: [envId], teams: ['oracle'], seeds, out: dir });
    return seeds.length / ((performance.now() - t0) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  loadBuiltins();
  const results: EnvBench[] = [];
  for (const spec of llmOnly ? [] : listEnvs()) {
    if (only && !only.includes(spec.id)) continue;
    const stepping = benchStepping(spec.id);
    const chaos = benchStepping(spec.id, 'chaos');
    const production = benchStepping(spec.id, 'production');
    const metricsUs = await benchMetrics(spec.id);
    const resetMs = benchReset(spec.id);
    benchLong(spec.id, 100); // warm-up
    const short = benchLong(spec.id, 100);
    const long = benchLong(spec.id, 10_000);
    const episodesPerSecond = await benchEpisodes(spec.id);
    results.push({
      env: spec.id,
      stepsPerSecond: Math.round(stepping.stepsPerSecond),
      chaosStepsPerSecond: Math.round(chaos.stepsPerSecond),
      perturbationOverhead: Number((stepping.stepsPerSecond / chaos.stepsPerSecond - 1).toFixed(3)),
      productionStepsPerSecond: Math.round(production.stepsPerSecond),
      metricsUsPerStep: Number(metricsUs.toFixed(2)),
      productionWithMetricsOverhead: Number(
        ((1e6 / production.stepsPerSecond + metricsUs) / (1e6 / stepping.stepsPerSecond) - 1).toFixed(3),
      ),
      resetMs: Number(resetMs.toFixed(3)),
      planSteps: stepping.planSteps,
      perStepUs100: Number(short.perStepUs.toFixed(2)),
      perStepUs10k: Number(long.perStepUs.toFixed(2)),
      heapPerStepBytes100: Math.round(short.heapPerStepBytes),
      heapPerStepBytes10k: Math.round(long.heapPerStepBytes),
      episodesPerSecond: Number(episodesPerSecond.toFixed(1)),
    });
  }
  const llm: LlmBench | null = withLlm ? await benchLlm() : null;
  if (json) {
    process.stdout.write(`${JSON.stringify({ node: process.version, results, ...(llm ? { llm } : {}) }, null, 2)}\n`);
    return;
  }
  if (!llmOnly) printEnvTable(results);
  if (llm) process.stdout.write(`${llmOnly ? '' : '\n'}${formatLlmBench(llm)}`);
}

function printEnvTable(results: readonly EnvBench[]): void {
  process.stdout.write(
    `faultline benchmarks (node ${process.version}, one core, ${seconds}s per stepping measurement)\n\n`,
  );
  process.stdout.write(
    '| env | steps/s (clean) | steps/s (production) | metrics µs/step | production + metrics cost | steps/s (chaos) | chaos cost | reset (ms) | µs/step @100 | µs/step @10k | heap B/step @100 | heap B/step @10k | oracle episodes/s (recorded) |\n',
  );
  process.stdout.write('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n');
  for (const r of results) {
    const pctOf = (x: number) => `${(x * 100).toFixed(1)}%`;
    const cells = [
      r.env,
      r.stepsPerSecond.toLocaleString('en-US'),
      r.productionStepsPerSecond.toLocaleString('en-US'),
      r.metricsUsPerStep,
      pctOf(r.productionWithMetricsOverhead),
      r.chaosStepsPerSecond.toLocaleString('en-US'),
      pctOf(r.perturbationOverhead),
      r.resetMs,
      r.perStepUs100,
      r.perStepUs10k,
      r.heapPerStepBytes100,
      r.heapPerStepBytes10k,
      r.episodesPerSecond,
    ];
    process.stdout.write(`| ${cells.join(' | ')} |\n`);
  }
}

await main();
