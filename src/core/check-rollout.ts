/**
 * The env checker's rollouts: a seeded random policy driving an env while every reset and step is
 * recorded as canonical JSON, and the first difference between two recordings, rendered for a
 * message. Internal to the checker (see checker.ts).
 */
import { canonicalJson } from './canonical.js';
import type { Env, ResetArgs, StepResult } from './env.js';
import { describeValue } from './errors.js';
import { Rng, deriveSeed, type Seed } from './rng.js';

type AnyEnv = Env<unknown, unknown>;

/** An env call that threw, with where it happened. */
export class EnvCallError extends Error {
  constructor(
    readonly call: string,
    readonly seed: Seed | null,
    readonly step: number,
    readonly original: unknown,
  ) {
    super(`${call} threw ${describeError(original)}`);
  }
}

/** The seed of the random policy used with an episode seed. Recorded in every reproduction. */
export function policySeed(seed: Seed): Seed {
  return deriveSeed(seed, 'checker', 'policy');
}

/** `Name: message (first env stack frame)`, for messages; never throws. */
export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const frame = firstForeignFrame(e.stack);
    return `${e.name}: ${truncateText(e.message, 300)}${frame ? ` (${frame})` : ''}`;
  }
  return `a non-Error value ${describeValue(e)}`;
}

const CHECKER_FRAME = /[\\/]core[\\/]check(?:er|-[a-z]+)\.[cm]?[jt]s:/;

/**
 * The stack frame that points at the env: the first one outside the checker, preferring frames
 * outside node_modules (a zod or immer frame says less than the env line that called it).
 */
export function firstForeignFrame(stack: string | undefined): string | null {
  if (!stack) return null;
  const frames = stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((t) => t.startsWith('at ') && !CHECKER_FRAME.test(t));
  return frames.find((t) => !t.includes('node_modules')) ?? frames[0] ?? null;
}

/** Cuts `text` to `max` characters, saying how long it was. */
export function truncateText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** Runs one env call, turning anything it throws into an {@link EnvCallError} that says where. */
export function call<T>(what: string, seed: Seed | null, step: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EnvCallError) throw e;
    throw new EnvCallError(what, seed, step, e);
  }
}

/** One recorded reset or step, as canonical JSON. */
export interface Rec {
  /** 0 for a reset, else the rollout's step number (1-based, counted across episodes). */
  readonly step: number;
  readonly kind: 'reset' | 'step';
  readonly json: string;
}

/** Ways a check observes or wraps a {@link Roller}. */
export interface RollerHooks {
  /** Wraps every env call (the D8 sandbox). */
  readonly around?: <T>(phase: string, step: number, fn: () => T) => T;
  /** Runs before each step with the action about to be taken (D6/D9 observers). */
  readonly beforeStep?: (action: unknown, step: number) => void;
}

/**
 * Drives one env with a seeded random policy: `sampleAction(policy)` then `step`, resetting with
 * the episode seed (or without one) whenever an episode ends. Records every reset and step.
 */
export class Roller {
  readonly records: Rec[] = [];
  steps = 0;
  done = false;
  lastObservation: unknown = undefined;

  constructor(
    readonly env: AnyEnv,
    readonly seed: Seed,
    public policy: Rng = Rng.fromSeed(policySeed(seed)),
    readonly onEnd: 'reseed' | 'unseeded' | 'stop' = 'reseed',
    readonly hooks: RollerHooks = {},
  ) {}

  #wrap<T>(phase: string, fn: () => T): T {
    const around = this.hooks.around;
    return call(phase, this.seed, this.steps, around ? () => around(phase, this.steps, fn) : fn);
  }

  /** Resets with `args` (default: the rollout's seed) and records the result. */
  reset(args: ResetArgs<unknown> = { seed: this.seed }): void {
    const label = args.seed === undefined ? 'reset()' : `reset({ seed: ${args.seed} })`;
    const r = this.#wrap(label, () => this.env.reset(args));
    this.lastObservation = r?.observation;
    this.done = false;
    this.records.push({
      step: this.steps,
      kind: 'reset',
      json: this.#canonical(label, { observation: r?.observation, info: r?.info }),
    });
  }

  /** Takes one step; returns false (without stepping) when the episode ended and onEnd is 'stop'. */
  next(): boolean {
    if (this.done) {
      if (this.onEnd === 'stop') return false;
      this.reset(this.onEnd === 'reseed' ? { seed: this.seed } : {});
    }
    const action = this.#wrap('sampleAction(rng)', () => this.env.sampleAction(this.policy));
    this.hooks.beforeStep?.(action, this.steps + 1);
    this.steps++;
    const r = this.#wrap<StepResult<unknown>>('step(action)', () => this.env.step(action));
    this.lastObservation = r?.observation;
    this.done = Boolean(r?.terminated || r?.truncated);
    const record = {
      action,
      observation: r?.observation,
      reward: r?.reward,
      terminated: r?.terminated,
      truncated: r?.truncated,
      info: r?.info,
    };
    this.records.push({ step: this.steps, kind: 'step', json: this.#canonical('step(action)', record) });
    return true;
  }

  /** Takes up to `n` steps (fewer if the episode ends and onEnd is 'stop'). */
  run(n: number): this {
    for (let i = 0; i < n; i++) if (!this.next()) break;
    return this;
  }

  #canonical(what: string, value: unknown): string {
    return call(`canonical JSON of the result of ${what}`, this.seed, this.steps, () => canonicalJson(value));
  }
}

/** Where two recorded runs first differ. */
export interface Divergence {
  readonly index: number;
  readonly step: number;
  readonly kind: 'reset' | 'step' | 'length';
  readonly detail: string;
  /** The top-level field that differs (action, observation, reward, ...). */
  readonly field: string;
}

/** The first record where two runs differ, or null when they are identical. */
export function compareRecords(a: readonly Rec[], b: readonly Rec[]): Divergence | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as Rec;
    const y = b[i] as Rec;
    if (x.json === y.json && x.kind === y.kind) continue;
    if (x.kind !== y.kind) {
      return {
        index: i,
        step: x.step,
        kind: x.kind,
        field: 'terminated',
        detail: `the first run ${x.kind === 'reset' ? 'ended its episode and reset' : 'kept stepping'} while the second ${y.kind === 'reset' ? 'ended its episode and reset' : 'kept stepping'}`,
      };
    }
    const d = firstDifference(JSON.parse(x.json), JSON.parse(y.json), '');
    const field = d ? (d.path.split(/[.[]/)[0] ?? '') : '';
    return {
      index: i,
      step: x.step,
      kind: x.kind,
      field,
      detail: d
        ? `${d.path || 'the value'} is ${d.left} in the first run and ${d.right} in the second`
        : 'the records differ',
    };
  }
  if (a.length !== b.length)
    return {
      index: n,
      step: (a[n] ?? b[n])?.step ?? 0,
      kind: 'length',
      field: '',
      detail: `the first run recorded ${a.length} resets/steps and the second ${b.length}`,
    };
  return null;
}

/** The first path where two JSON values differ, with both values rendered for a message. */
export function firstDifference(
  a: unknown,
  b: unknown,
  path: string,
): { path: string; left: string; right: string } | null {
  if (a === b) return null;
  const bothObjects =
    a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    if (typeof a === 'string' && typeof b === 'string') return { path, ...stringDifference(a, b) };
    return { path, left: describeValue(a), right: describeValue(b) };
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length)
        return {
          path: `${path}[${i}]`,
          left: i < a.length ? describeValue(a[i]) : '(missing)',
          right: i < b.length ? describeValue(b[i]) : '(missing)',
        };
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
  for (const k of keys) {
    const p = path ? `${path}.${k}` : k;
    if (!Object.hasOwn(x, k) || !Object.hasOwn(y, k))
      return {
        path: p,
        left: Object.hasOwn(x, k) ? describeValue(x[k]) : '(missing)',
        right: Object.hasOwn(y, k) ? describeValue(y[k]) : '(missing)',
      };
    const d = firstDifference(x[k], y[k], p);
    if (d) return d;
  }
  return null;
}

/** Shows two strings around their first differing character. */
export function stringDifference(a: string, b: string): { left: string; right: string } {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length <= 80 && b.length <= 80) return { left: JSON.stringify(a), right: JSON.stringify(b) };
  const from = Math.max(0, i - 30);
  const show = (s: string): string =>
    `${from > 0 ? '…' : ''}${JSON.stringify(s.slice(from, i + 40))}${s.length > i + 40 ? '…' : ''} (char ${i} of ${s.length})`;
  return { left: show(a), right: show(b) };
}

/** The message tail for a divergence: what differs, at which step, and the likely cause. */
export function divergenceText(d: Divergence): string {
  const at =
    d.kind === 'reset'
      ? d.step === 0
        ? 'at the initial reset'
        : `at the reset after step ${d.step}`
      : d.kind === 'length'
        ? 'in length'
        : `at step ${d.step}`;
  return `${at}: ${d.detail}`;
}
