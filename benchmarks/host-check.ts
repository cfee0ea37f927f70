/**
 * How busy the machine was while the bench measured. On a shared virtual machine a neighbour can
 * slow every measurement of a minute by up to 2× in CPU time (the guest sees no steal time: a
 * slowed core still counts its CPU time as ours), and best-of-rounds only helps when at least one
 * run of a measurement happened while the machine was quiet.
 *
 * So a fixed workload of its own — a probe that shares no code with the worlds and allocates
 * nothing, so its speed depends on the machine alone and not on what the JIT compiled or the heap
 * an env left behind — is timed before each run of a measurement (an env's round, the toy floor,
 * the world-size curve), between its parts and after it. A run's slowdown is its slowest probe
 * against the quickest probe of the whole bench. A measurement none of whose runs was quiet
 * (every run above {@link QUIET_LIMIT}) is run again, up to {@link MAX_EXTRA_ROUNDS} more times,
 * and the README says which those were and how quiet their quietest run was.
 *
 * A probe samples the machine between measurements, not during them: a burst that starts and ends
 * within one measurement goes unseen. The quickest probe is the bench's own: a machine slowed for
 * the whole bench is not seen either (compare `quickestProbeMs` across runs: about 2 ms on the
 * reference machine). The probes cost about 6 ms every second or so of measuring.
 */
import { cpuMs, round } from './timing.js';

/** Slowdown up to which a run counts as quiet. */
export const QUIET_LIMIT = 1.15;
/** Most extra runs of a measurement none of whose runs was quiet. */
export const MAX_EXTRA_ROUNDS = 3;

/** Repetitions per probe; the probe is the quickest. */
const PROBE_REPS = 3;

/**
 * Probes taken before the first one that counts: a probe runs at half speed until V8 has
 * optimized it (about 10 probes), which would make the first env's first round look noisy.
 */
const WARM_UP_PROBES = 20;

/** Keeps the probes' results observable (a module-level write), so the compiler cannot drop their work. */
let _sink = 0;

/**
 * A probe: a function returning the CPU milliseconds of a fixed workload now, the quickest of a
 * few repetitions. The workload is integer arithmetic and reads and writes of a table of
 * `tableBytes` (a power of two), `iterations` times. It allocates nothing: a probe that allocates
 * is slowed by the collector's state (marking the heap an env left behind), which is not the
 * machine. The table's size decides what the probe feels of a neighbour: one that fits in the
 * core's own cache feels only a neighbour taking the core; a larger one also feels the shared
 * cache and memory (benchmarks/probe-vs-steps.ts compares them).
 */
export function makeProbe(tableBytes: number, iterations: number): () => number {
  const table = new Uint32Array(tableBytes / Uint32Array.BYTES_PER_ELEMENT);
  const timeOnce = (): number => {
    let best = Infinity;
    for (let r = 0; r < PROBE_REPS; r++) {
      const t0 = cpuMs();
      _sink ^= probeWork(table, iterations);
      best = Math.min(best, cpuMs() - t0);
    }
    return best;
  };
  let warmedUp = false;
  return () => {
    if (!warmedUp) {
      warmedUp = true;
      for (let i = 0; i < WARM_UP_PROBES; i++) timeOnce();
    }
    return timeOnce();
  };
}

/**
 * The probes' workload, one function for every table (given, not captured: a closure over its
 * table took 3.4–3.8 ms for 1 M iterations over 1 MB on a quiet machine, where this takes 3.15–3.4).
 */
function probeWork(table: Uint32Array, iterations: number): number {
  const mask = table.length - 1;
  let x = 0x9e3779b9 | 0;
  let acc = 0;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = x & mask;
    table[j] = ((table[j] ?? 0) + i) | 0;
    acc = (acc + (table[(j * 7) & mask] ?? 0)) | 0;
  }
  return acc;
}

/** Bytes of the bench's probe table: the reference machine's per-core cache (1 MB). */
export const PROBE_TABLE_BYTES = 1 << 20;

/**
 * CPU milliseconds of the bench's probe now (about 2 ms on the reference machine). Its table is as
 * large as the core's own cache, so its reads spill into the cache and memory a neighbour shares,
 * as the worlds' steps do: in the minutes a neighbour made split-module's steps 1.8× slower, a
 * 64 KB table read 1.0–1.33× and this one 1.4–1.75× (benchmarks/README.md).
 */
export const probeHost: () => number = makeProbe(PROBE_TABLE_BYTES, 650_000);

/** A run's slowdown: its slowest probe against the quickest probe of the bench. */
export function slowdownOf(probes: readonly number[], quickest: number): number {
  if (probes.length === 0 || !(quickest > 0)) return 1;
  return Math.max(...probes) / quickest;
}

/** The probes taken in each run of each measurement (by its label), in the order the runs happened. */
export type ProbesByMeasurement = ReadonlyMap<string, readonly (readonly number[])[]>;

/** The quickest probe of the bench. */
export function quickestProbe(probes: ProbesByMeasurement): number {
  let quickest = Infinity;
  for (const runs of probes.values()) for (const run of runs) for (const p of run) quickest = Math.min(quickest, p);
  return quickest;
}

/** Per measurement, the slowdown of its quietest run. */
export function quietestRuns(probes: ProbesByMeasurement): Map<string, number> {
  const quickest = quickestProbe(probes);
  const out = new Map<string, number>();
  for (const [label, runs] of probes)
    out.set(label, round(Math.min(...runs.map((probesOfRun) => slowdownOf(probesOfRun, quickest)))));
  return out;
}

/** Measurements without a quiet run (none at or below `limit`): those to run again. */
export function measurementsWithoutQuietRun(probes: ProbesByMeasurement, limit = QUIET_LIMIT): string[] {
  return aboveLimit(quietestRuns(probes), limit);
}

/** The measurements whose quietest run was slowed beyond `limit`. */
function aboveLimit(quietest: ReadonlyMap<string, number>, limit: number): string[] {
  return [...quietest].filter(([, slowdown]) => slowdown > limit).map(([label]) => label);
}

/** What the README and `--json` say about the host check. */
export interface HostCheck {
  /** The quiet limit the check used. */
  readonly limit: number;
  /** CPU ms of the quickest probe of the bench. */
  readonly quickestProbeMs: number;
  /** Per measurement (an env, `toy floor`, `world size`), the slowdown of its quietest run. */
  readonly quietest: Readonly<Record<string, number>>;
  /** Measurements run again because none of their first runs was quiet. */
  readonly remeasured: readonly string[];
  /** Measurements still without a quiet run after the extra runs: their figures may be slowed. */
  readonly notQuiet: readonly string[];
}

/** The host check of a bench, from its probes and the measurements it ran again. */
export function hostCheckOf(
  probes: ProbesByMeasurement,
  remeasured: readonly string[],
  limit = QUIET_LIMIT,
): HostCheck {
  const quietest = quietestRuns(probes);
  return {
    limit,
    quickestProbeMs: round(quickestProbe(probes), 3),
    quietest: Object.fromEntries(quietest),
    remeasured: [...remeasured],
    notQuiet: aboveLimit(quietest, limit),
  };
}

/**
 * The probes of a whole bench, by what was measured (an env, the toy floor, the world-size curve),
 * and what was measured again for want of a quiet run.
 */
export class HostProbes {
  readonly #probes = new Map<string, number[][]>();
  readonly #remeasured: string[] = [];

  /**
   * `enabled` false (`--no-host-check`): measurements run unprobed and are never repeated.
   * `probe` is {@link probeHost} but in tests.
   */
  constructor(
    readonly enabled: boolean,
    private readonly probe: () => number = probeHost,
  ) {}

  /**
   * Runs `once` with probes before and after it, and between its parts through the callback it
   * is given (undefined when probing is off), recorded under `label`.
   */
  async run<T>(label: string, once: (between: (() => void) | undefined) => Promise<T> | T): Promise<T> {
    if (!this.enabled) return once(undefined);
    const taken = [this.probe()];
    const result = await once(() => void taken.push(this.probe()));
    taken.push(this.probe());
    const runs = this.#probes.get(label);
    if (runs) runs.push(taken);
    else this.#probes.set(label, [taken]);
    return result;
  }

  /**
   * Runs `again(label)` for each of `labels` none of whose runs was quiet, until each has a
   * quiet run or has been measured {@link MAX_EXTRA_ROUNDS} more times.
   */
  async remeasure(labels: readonly string[], again: (label: string) => Promise<void>): Promise<void> {
    if (!this.enabled) return;
    for (let extra = 0; extra < MAX_EXTRA_ROUNDS; extra++) {
      const noisy = measurementsWithoutQuietRun(this.#probes).filter((label) => labels.includes(label));
      if (noisy.length === 0) return;
      for (const label of noisy) {
        if (!this.#remeasured.includes(label)) this.#remeasured.push(label);
        await again(label);
      }
    }
  }

  /** The host check of the run so far; null when probing is off or nothing was probed. */
  check(): HostCheck | null {
    return this.enabled && this.#probes.size > 0 ? hostCheckOf(this.#probes, this.#remeasured) : null;
  }
}
