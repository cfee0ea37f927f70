/**
 * How busy the machine was while an env was measured. On a shared virtual machine a neighbour can
 * slow every measurement of a minute by up to 2× in CPU time (the guest sees no steal time: a
 * slowed core still counts its CPU time as ours), and best-of-rounds only helps when at least one
 * round of an env ran while the machine was quiet.
 *
 * So a fixed workload of its own — a probe that shares no code with the worlds and allocates
 * nothing, so its speed depends on the machine alone and not on what the JIT compiled or the heap
 * an env left behind — is timed before an env's round, between its measurements and after it. A round's slowdown is its slowest probe against the
 * quickest probe of the whole run. An env none of whose rounds was quiet (every round above
 * {@link QUIET_LIMIT}) is measured again, up to {@link MAX_EXTRA_ROUNDS} more times, and the
 * README says which envs those were and how quiet their quietest round was.
 *
 * A probe samples the machine between measurements, not during them: a burst that starts and ends
 * within one measurement goes unseen. The quickest probe is the run's own: a machine slowed for
 * the whole run is not seen either (compare `quickestProbeMs` across runs: about 2 ms on the
 * reference machine). The probes cost about 6 ms every second or so of measuring.
 */
import { cpuMs, round } from './timing.js';

/** Slowdown up to which a round counts as quiet. */
export const QUIET_LIMIT = 1.15;
/** Most extra rounds an env is measured in when none of its rounds was quiet. */
export const MAX_EXTRA_ROUNDS = 3;

/** Iterations of one repetition of the probe's workload: about 2 ms on the reference machine. */
const PROBE_ITERATIONS = 1_200_000;
/** Repetitions per probe; the probe is the quickest. */
const PROBE_REPS = 3;

/**
 * Probes taken before the first one that counts: the probe runs at half speed until V8 has
 * optimized it (about 10 probes), which would make the first env's first round look noisy.
 */
const WARM_UP_PROBES = 20;
let warmedUp = false;

/** Keeps the probe's result observable, so the compiler cannot drop its work. */
let sink = 0;

/** The probe's table: 64 KB, so it stays in the core's own caches. */
const table = new Uint32Array(1 << 14);
const MASK = table.length - 1;

/**
 * The probe's workload: integer arithmetic and reads and writes of a small table. It allocates
 * nothing: a probe that allocates is slowed by the collector's state (marking the heap an env
 * left behind), which is not the machine.
 */
function probeWork(iterations: number): number {
  let x = 0x9e3779b9 | 0;
  let acc = 0;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = x & MASK;
    table[j] = ((table[j] ?? 0) + i) | 0;
    acc = (acc + (table[(j * 7) & MASK] ?? 0)) | 0;
  }
  return acc;
}

/** CPU milliseconds of the probe now: the quickest of a few repetitions of its workload. */
export function probeHost(): number {
  if (!warmedUp) {
    warmedUp = true;
    for (let i = 0; i < WARM_UP_PROBES; i++) probeHost();
  }
  let best = Infinity;
  for (let r = 0; r < PROBE_REPS; r++) {
    const t0 = cpuMs();
    sink ^= probeWork(PROBE_ITERATIONS);
    best = Math.min(best, cpuMs() - t0);
  }
  if (sink === 0.5) throw new Error('unreachable: keeps the probe observable');
  return best;
}

/** A round's slowdown: its slowest probe against the quickest probe of the run. */
export function slowdownOf(probes: readonly number[], quickest: number): number {
  if (probes.length === 0 || !(quickest > 0)) return 1;
  return Math.max(...probes) / quickest;
}

/** The probes taken around each round of each env, in the order the rounds ran. */
export type ProbesByEnv = ReadonlyMap<string, readonly (readonly number[])[]>;

/** The quickest probe of the run. */
export function quickestProbe(probes: ProbesByEnv): number {
  let quickest = Infinity;
  for (const rounds of probes.values())
    for (const round of rounds) for (const p of round) quickest = Math.min(quickest, p);
  return quickest;
}

/** Per env, the slowdown of its quietest round. */
export function quietestRounds(probes: ProbesByEnv): Map<string, number> {
  const quickest = quickestProbe(probes);
  const out = new Map<string, number>();
  for (const [env, rounds] of probes)
    out.set(env, round(Math.min(...rounds.map((probesOfRound) => slowdownOf(probesOfRound, quickest)))));
  return out;
}

/** Envs without a quiet round (none at or below `limit`): those to measure again. */
export function envsWithoutQuietRound(probes: ProbesByEnv, limit = QUIET_LIMIT): string[] {
  return [...quietestRounds(probes)].filter(([, slowdown]) => slowdown > limit).map(([env]) => env);
}

/** What the README and `--json` say about the host check. */
export interface HostCheck {
  /** The quiet limit the check used. */
  readonly limit: number;
  /** CPU ms of the quickest probe of the run. */
  readonly quickestProbeMs: number;
  /** Per env, the slowdown of its quietest round. */
  readonly quietest: Readonly<Record<string, number>>;
  /** Envs measured in extra rounds because none of their first rounds was quiet. */
  readonly remeasured: readonly string[];
  /** Envs still without a quiet round after the extra rounds: their figures may be slowed. */
  readonly notQuiet: readonly string[];
}

/** The host check of a run, from its probes and the envs it measured again. */
export function hostCheckOf(probes: ProbesByEnv, remeasured: readonly string[], limit = QUIET_LIMIT): HostCheck {
  const quietest = quietestRounds(probes);
  return {
    limit,
    quickestProbeMs: round(quickestProbe(probes), 3),
    quietest: Object.fromEntries(quietest),
    remeasured: [...remeasured],
    notQuiet: [...quietest].filter(([, slowdown]) => slowdown > limit).map(([env]) => env),
  };
}

/**
 * The probes of a whole run, by what was measured (an env, the toy floor, the world-size curve),
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
      const noisy = envsWithoutQuietRound(this.#probes).filter((label) => labels.includes(label));
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
