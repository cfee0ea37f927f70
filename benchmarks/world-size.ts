/**
 * How step cost grows with the world size: the oracle plan's actions stepped straight into the
 * env (validation on) at several world sizes, timing every step alone and reporting the median in
 * µs. Resets are outside the timed part (a larger world takes longer to generate once per seed).
 *
 * `node --conditions=source --import tsx benchmarks/world-size.ts [--env=ID,…] [--sizes=100,1000,10000]`
 * prints the JSON; `benchWorldSize()` returns it for `npm run bench`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { make, listEnvs } from '../src/core/registry.js';
import { planActions } from '../src/team/plan.js';
import { teamStateOf, isTeamEnvId } from '../src/team/team-env.js';
import type { Action } from '../src/team/actions.js';
import { loadBuiltins } from '../src/builtins.js';

/** What {@link benchWorldSize} measures. */
export interface WorldSizeBenchOptions {
  /** Env ids. @defaultValue one env of each built-in world */
  readonly envs?: readonly string[];
  /** World sizes (entity counts). @defaultValue [100, 1000, 10000] */
  readonly sizes?: readonly number[];
  /** Seeds whose oracle plans are stepped. @defaultValue 3 */
  readonly seeds?: number;
  /** Times each seed's plan is stepped (after one warm-up pass). @defaultValue 5 */
  readonly rounds?: number;
}

/**
 * Step µs per env and world size: the median (`worldSize`) and the mean (`worldSizeMean`, which
 * the few steps that change the world — and so re-run the checkers — weigh on).
 */
export interface WorldSizeBench {
  readonly worldSize: Record<string, Record<string, number>>;
  readonly worldSizeMean: Record<string, Record<string, number>>;
}

/** One env per built-in world: the first registered family of each. */
function defaultEnvs(): string[] {
  const byWorld = new Map<string, string>();
  for (const s of listEnvs()) if (isTeamEnvId(s.id) && !byWorld.has(s.world)) byWorld.set(s.world, s.id);
  return [...byWorld.values()];
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** The median and mean µs of one step of the oracle plans of `seeds` seeds of `envId` at `size`. */
function stepUs(envId: string, size: number, seeds: number, rounds: number): { median: number; mean: number } {
  const env = make(envId, { worldSize: size, maxEpisodeSteps: -1 });
  const plans: Action[][] = [];
  for (let seed = 0; seed < seeds; seed++) {
    env.reset({ seed });
    plans.push(planActions(teamStateOf(env)!.task));
  }
  const times: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    for (let seed = 0; seed < seeds; seed++) {
      env.reset({ seed });
      for (const action of plans[seed] as Action[]) {
        const t0 = performance.now();
        const r = env.step(action);
        const dt = performance.now() - t0;
        if (round > 0) times.push(dt * 1000);
        if (r.terminated || r.truncated) break;
      }
    }
  }
  env.close();
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { median: round2(median(times)), mean: round2(mean) };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Measures the median step µs of every env at every world size. */
export function benchWorldSize(options: WorldSizeBenchOptions = {}): WorldSizeBench {
  loadBuiltins();
  const sizes = options.sizes ?? [100, 1_000, 10_000];
  const medians: Record<string, Record<string, number>> = {};
  const means: Record<string, Record<string, number>> = {};
  const envs = options.envs ?? defaultEnvs();
  // Warm-up of every env first: otherwise the first env's smallest size is timed while the JIT is
  // still compiling the harness, and its 10,000-vs-100 ratio reads too low.
  for (const envId of envs) stepUs(envId, sizes[0] ?? 100, 1, 1);
  for (const envId of envs) {
    const med: Record<string, number> = {};
    const avg: Record<string, number> = {};
    for (const size of sizes) {
      const r = stepUs(envId, size, options.seeds ?? 3, options.rounds ?? 5);
      med[String(size)] = r.median;
      avg[String(size)] = r.mean;
    }
    medians[envId] = med;
    means[envId] = avg;
  }
  return { worldSize: medians, worldSizeMean: means };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) =>
    process.argv
      .find((a) => a.startsWith(`--${name}=`))
      ?.slice(name.length + 3)
      .split(',')
      .filter((x) => x.length > 0);
  const envs = arg('env');
  const sizes = arg('sizes')?.map(Number);
  process.stdout.write(
    `${JSON.stringify(benchWorldSize({ ...(envs ? { envs } : {}), ...(sizes ? { sizes } : {}) }), null, 2)}\n`,
  );
}
