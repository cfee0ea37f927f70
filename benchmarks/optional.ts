/**
 * Hooks for the benchmarks of issue 15 that live in modules of their own (added alongside this
 * harness): each is loaded when its file exists and called by a fixed name with the run's
 * settings; its plain-number result goes into `npm run bench -- --json` under `field`.
 */
import { existsSync } from 'node:fs';

/** Settings every optional benchmark is called with. */
export interface OptionalBenchSettings {
  /** Seconds per timed measurement (`--seconds`). */
  readonly seconds: number;
  /** The envs measured (`--env`, or every registered one). */
  readonly envs: readonly string[];
}

/** One optional benchmark: the module, the function it exports, and the JSON field it fills. */
export interface OptionalBench {
  /** The module's file name in benchmarks/, without extension. */
  readonly module: string;
  /** The exported function: `(settings: OptionalBenchSettings) => object | Promise<object>`. */
  readonly exportName: string;
  /** Where the result goes in the JSON; `'.'` spreads its fields into the run level. */
  readonly field: string;
}

/** The optional benchmarks, in the order they run. */
export const OPTIONAL_BENCHES: readonly OptionalBench[] = [
  // Fact-matcher cost per fact value and per text (reset is dominated by it).
  { module: 'facts', exportName: 'benchFacts', field: 'facts' },
  // RSS of a run at 1k / 10k / 100k episodes: must return { rssMbAt: { 1000, 10000, 100000 } }.
  { module: 'rss', exportName: 'benchRss', field: '.' },
  // `faultline run` end to end with 2 workers, episodes/s (progress bar and summary included).
  { module: 'run-e2e', exportName: 'benchRunE2e', field: 'runE2e' },
  // Step cost against world size (files, pages, records, services) per family.
  { module: 'world-size', exportName: 'benchWorldSize', field: 'worldSize' },
];

/** Runs `bench` when its module exists; null when it does not (yet). */
export async function runOptionalBench(bench: OptionalBench, settings: OptionalBenchSettings): Promise<object | null> {
  const file = new URL(`./${bench.module}.ts`, import.meta.url);
  if (!existsSync(file)) return null;
  const mod = (await import(`./${bench.module}.js`)) as Record<string, unknown>;
  const fn = mod[bench.exportName];
  if (typeof fn !== 'function')
    throw new Error(
      `benchmarks/${bench.module}.ts exports no function ${bench.exportName}() (exports: ${Object.keys(mod).join(', ') || 'none'}). Export it, or change its name in benchmarks/optional.ts.`,
    );
  return (await (fn as (s: OptionalBenchSettings) => object | Promise<object>)(settings)) ?? null;
}
