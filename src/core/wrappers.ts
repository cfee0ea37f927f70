/**
 * Wrappers change one aspect of an env and forward the rest (Gymnasium's `Wrapper`). Their own
 * state goes into `snapshot().wrappers[name]`, so a restored env continues with the same limits.
 */
import type { Env, EnvSnapshot, ModelEnv, BaseState, ResetArgs, ResetResult, StepResult } from './env.js';
import type { Rng, Seed } from './rng.js';
import type { EnvSpec } from './spec.js';
import type { Space } from './spaces.js';
import { InvalidArgumentError, ResetNeededError } from './errors.js';

/** Forwards every call to the wrapped env. Subclasses override what they change. */
export abstract class Wrapper<O, Opts = unknown> implements Env<O, Opts> {
  constructor(protected readonly env: Env<O, Opts>) {}

  get spec(): EnvSpec | null {
    return this.env.spec;
  }
  get seed(): Seed | null {
    return this.env.seed;
  }
  get unwrapped(): ModelEnv<BaseState, O, Opts> {
    return this.env.unwrapped;
  }
  reset(args?: ResetArgs<Opts>): ResetResult<O> {
    return this.env.reset(args);
  }
  step(action: unknown): StepResult<O> {
    return this.env.step(action);
  }
  sampleAction(rng: Rng): unknown {
    return this.env.sampleAction(rng);
  }
  get observationSpace(): Space<O> | null {
    return this.env.observationSpace;
  }
  get actionSpace(): Space<unknown> | null {
    return this.env.actionSpace;
  }
  render(): string {
    return this.env.render();
  }
  snapshot(): EnvSnapshot {
    return this.env.snapshot();
  }
  restore(snapshot: EnvSnapshot): void {
    this.env.restore(snapshot);
  }
  close(): void {
    this.env.close();
  }
}

/**
 * Truncates the episode after `maxEpisodeSteps` steps. If the last allowed step also terminates,
 * both flags are true (Gymnasium semantics).
 */
export class TimeLimit<O, Opts = unknown> extends Wrapper<O, Opts> {
  #elapsed = 0;

  constructor(
    env: Env<O, Opts>,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new InvalidArgumentError('TimeLimit(maxEpisodeSteps)', maxEpisodeSteps, 'an integer >= 1', 'pass e.g. 200');
    }
  }

  /** Steps taken in the current episode. */
  get elapsed(): number {
    return this.#elapsed;
  }

  override reset(args?: ResetArgs<Opts>): ResetResult<O> {
    this.#elapsed = 0;
    return this.env.reset(args);
  }

  override step(action: unknown): StepResult<O> {
    const result = this.env.step(action);
    this.#elapsed++;
    if (this.#elapsed >= this.maxEpisodeSteps && !result.truncated) {
      // The inner env may keep running when unwrapped; mark the truncation for the caller.
      markDone(this.env);
      return { ...result, truncated: true, info: { ...result.info, timeLimit: this.maxEpisodeSteps } };
    }
    return result;
  }

  override snapshot(): EnvSnapshot {
    const inner = this.env.snapshot();
    return { ...inner, wrappers: { ...inner.wrappers, timeLimit: { elapsed: this.#elapsed } } };
  }

  override restore(snapshot: EnvSnapshot): void {
    this.env.restore(snapshot);
    const own = snapshot.wrappers?.['timeLimit'] as { elapsed?: unknown } | undefined;
    this.#elapsed = typeof own?.elapsed === 'number' ? own.elapsed : 0;
  }
}

/** Lets the outer wrappers know the episode is over even when the model itself did not end it. */
function markDone(env: Env<unknown, unknown>): void {
  const inner = env.unwrapped as unknown as { markTruncated?: () => void };
  inner.markTruncated?.();
}

/** Raises {@link ResetNeededError} when `step` is called before `reset` or after the episode ended. */
export class OrderEnforcing<O, Opts = unknown> extends Wrapper<O, Opts> {
  #hasReset = false;
  #ended = false;

  override reset(args?: ResetArgs<Opts>): ResetResult<O> {
    const result = this.env.reset(args);
    this.#hasReset = true;
    this.#ended = false;
    return result;
  }

  override step(action: unknown): StepResult<O> {
    if (!this.#hasReset)
      throw new ResetNeededError('step() was called before reset(). Call env.reset({ seed }) first.');
    if (this.#ended)
      throw new ResetNeededError('step() was called after the episode ended. Call env.reset() to start a new episode.');
    const result = this.env.step(action);
    if (result.terminated || result.truncated) this.#ended = true;
    return result;
  }

  override snapshot(): EnvSnapshot {
    const inner = this.env.snapshot();
    return {
      ...inner,
      wrappers: { ...inner.wrappers, orderEnforcing: { hasReset: this.#hasReset, ended: this.#ended } },
    };
  }

  override restore(snapshot: EnvSnapshot): void {
    this.env.restore(snapshot);
    const own = snapshot.wrappers?.['orderEnforcing'] as { hasReset?: boolean; ended?: boolean } | undefined;
    this.#hasReset = own?.hasReset ?? snapshot.state !== null;
    this.#ended = own?.ended ?? snapshot.done;
  }
}
