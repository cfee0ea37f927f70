/**
 * The env contract: a pure model (Jumanji style) and the stateful Gymnasium-style facade over it.
 *
 * A model is three pure functions — `initial(seed, options)`, `transition(state, action)` and
 * `observe(state)` — over an immutable state that carries its own RNG state. The facade owns only
 * the current state and the seed stream, so `snapshot()` is a reference copy and `restore()` of a
 * JSON snapshot continues identically in any process.
 */
import type { Rng, RngState, Seed } from './rng.js';
import { Rng as RngClass, assertSeed, deriveSeed } from './rng.js';
import { ClosedEnvironmentError, InvalidArgumentError, ResetNeededError } from './errors.js';
import type { EnvSpec } from './spec.js';
import type { Space } from './spaces.js';

/** Free-form, JSON-serializable side information. */
export type Info = Readonly<Record<string, unknown>>;

/** Every model state carries its RNG state and a step counter. */
export interface BaseState {
  readonly rng: RngState;
  readonly t: number;
}

/** What `reset()` returns. */
export interface ResetResult<O> {
  readonly observation: O;
  readonly info: Info;
}

/** What `step()` returns. `terminated` is the task's own end; `truncated` an outside limit. */
export interface StepResult<O> {
  readonly observation: O;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: Info;
}

/** The result of a pure model transition. */
export interface Transition<S> {
  readonly state: S;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: Info;
}

/**
 * A pure environment model. Implementations must not mutate their inputs, must take all randomness
 * from the RNG state inside `S`, and must accept *any* value as an action (garbage becomes an error
 * observation, never an exception).
 */
export interface EnvModel<S extends BaseState, O, Opts = unknown> {
  /** Validates and completes raw reset options; throws {@link InvalidArgumentError} on bad input. */
  parseOptions(raw: unknown): Opts;
  /** Pure. Same (seed, options) ⇒ deep-equal state. */
  initial(seed: Seed, options: Opts): S;
  /** Information about a freshly reset state (returned by `reset`). Must not consume randomness. */
  resetInfo(state: S): Info;
  /** Pure. Must accept any value as `action`. */
  transition(state: S, action: unknown): Transition<S>;
  /** Pure; must not consume randomness. */
  observe(state: S): O;
  /** A valid-looking random action for the current state (used by checkers and random agents). */
  sampleAction(state: S, rng: Rng): unknown;
  /** The space every observation belongs to, when the model declares one. */
  readonly observationSpace?: Space<O>;
  /** The space of well-formed actions, when the model declares one (any value is still accepted). */
  readonly actionSpace?: Space<unknown>;
  /** The state as text for a human; without it `render()` shows the observation (see {@link renderText}). */
  render?(state: S): string;
}

/** A JSON-serializable snapshot of an env, including wrapper state. */
export interface EnvSnapshot {
  readonly format: 'faultline.snapshot/1';
  readonly envId: string | null;
  readonly seed: Seed | null;
  readonly resetRng: RngState | null;
  readonly state: unknown;
  readonly done: boolean;
  readonly wrappers: Readonly<Record<string, unknown>>;
}

/** The reset arguments. Gymnasium semantics: a seed re-creates the stream; no seed continues it. */
export interface ResetArgs<Opts> {
  readonly seed?: Seed;
  readonly options?: Partial<Opts> | Record<string, unknown>;
}

/** The stateful, Gymnasium-style interface that users and the episode loop drive. */
export interface Env<O = unknown, Opts = unknown> {
  /** The registered spec this env was made from, if any. */
  readonly spec: EnvSpec | null;
  /** The seed of the current episode (null before the first reset). Always recorded. */
  readonly seed: Seed | null;
  /** Starts an episode. */
  reset(args?: ResetArgs<Opts>): ResetResult<O>;
  /** Advances the episode by one action of the role whose turn it is. */
  step(action: unknown): StepResult<O>;
  /** A JSON-serializable copy of the whole env state. */
  snapshot(): EnvSnapshot;
  /** Continues from a snapshot taken by {@link Env.snapshot} (possibly in another process). */
  restore(snapshot: EnvSnapshot): void;
  /** A valid-looking random action for the current state, drawn from `rng`. */
  sampleAction(rng: Rng): unknown;
  /** The model's observation space (null when it declares none). */
  readonly observationSpace: Space<O> | null;
  /** The model's action space (null when it declares none). */
  readonly actionSpace: Space<unknown> | null;
  /** The current state as text (Gymnasium's `render_mode="ansi"`); throws before the first reset. */
  render(): string;
  /** Releases the env. Idempotent. */
  close(): void;
  /** The innermost env, below every wrapper. */
  readonly unwrapped: ModelEnv<BaseState, O, Opts>;
}

/**
 * The facade over a pure {@link EnvModel}. Owns the current state, the episode seed and the seed
 * stream used by unseeded resets.
 */
export class ModelEnv<S extends BaseState, O, Opts = unknown> implements Env<O, Opts> {
  #state: S | null = null;
  #seed: Seed | null = null;
  #resetRng: RngState | null = null;
  #done = false;
  #closed = false;

  constructor(
    readonly model: EnvModel<S, O, Opts>,
    readonly spec: EnvSpec | null = null,
  ) {}

  get seed(): Seed | null {
    return this.#seed;
  }

  /** The current model state (immutable; null before the first reset). */
  get state(): S | null {
    return this.#state;
  }

  /** True once the episode has terminated or been truncated. */
  get done(): boolean {
    return this.#done;
  }

  get unwrapped(): ModelEnv<BaseState, O, Opts> {
    return this;
  }

  get observationSpace(): Space<O> | null {
    return this.model.observationSpace ?? null;
  }

  get actionSpace(): Space<unknown> | null {
    return this.model.actionSpace ?? null;
  }

  reset(args: ResetArgs<Opts> = {}): ResetResult<O> {
    this.#assertOpen('reset');
    if (args === null || typeof args !== 'object') {
      throw new InvalidArgumentError(
        'reset(args)',
        args,
        'an object like { seed, options }',
        'call reset({ seed: 0 })',
      );
    }
    let episodeSeed: Seed;
    let resetRng: RngState;
    if (args.seed !== undefined) {
      assertSeed(args.seed, 'reset({ seed })');
      episodeSeed = args.seed;
      resetRng = RngClass.fromSeed(deriveSeed(args.seed, 'resets')).state();
    } else {
      // Gymnasium semantics: without a seed the stream continues, so the sequence stays reproducible.
      const rng = this.#resetRng ? RngClass.fromState(this.#resetRng) : RngClass.fromSeed(deriveSeed(0, 'resets'));
      episodeSeed = this.#resetRng ? rng.uint32() : 0;
      resetRng = rng.state();
    }
    const options = this.model.parseOptions(args.options ?? {});
    const state = this.model.initial(episodeSeed, options);
    // Commit only once nothing can throw: a rejected reset leaves the env (and its seed stream) as it was.
    this.#state = state;
    this.#resetRng = resetRng;
    this.#seed = episodeSeed;
    this.#done = false;
    return {
      observation: this.model.observe(this.#state),
      info: { seed: episodeSeed, ...this.model.resetInfo(this.#state) },
    };
  }

  step(action: unknown): StepResult<O> {
    this.#assertOpen('step');
    if (this.#state === null) {
      throw new ResetNeededError('step() was called before reset(). Call env.reset({ seed }) first.');
    }
    if (this.#done) {
      throw new ResetNeededError('step() was called after the episode ended. Call env.reset() to start a new episode.');
    }
    const tr = this.model.transition(this.#state, action);
    this.#state = tr.state;
    this.#done = tr.terminated || tr.truncated;
    return {
      observation: this.model.observe(tr.state),
      reward: tr.reward,
      terminated: tr.terminated,
      truncated: tr.truncated,
      info: tr.info,
    };
  }

  sampleAction(rng: Rng): unknown {
    if (this.#state === null)
      throw new ResetNeededError('sampleAction() needs a state. Call env.reset({ seed }) first.');
    return this.model.sampleAction(this.#state, rng);
  }

  render(): string {
    this.#assertOpen('render');
    if (this.#state === null) throw new ResetNeededError('render() needs a state. Call env.reset({ seed }) first.');
    return this.model.render ? this.model.render(this.#state) : renderText(this.model.observe(this.#state));
  }

  snapshot(): EnvSnapshot {
    return {
      format: 'faultline.snapshot/1',
      envId: this.spec?.id ?? null,
      seed: this.#seed,
      resetRng: this.#resetRng,
      state: this.#state,
      done: this.#done,
      wrappers: {},
    };
  }

  restore(snapshot: EnvSnapshot): void {
    this.#assertOpen('restore');
    if (snapshot?.format !== 'faultline.snapshot/1') {
      throw new InvalidArgumentError(
        'restore(snapshot).format',
        snapshot?.format,
        '"faultline.snapshot/1"',
        'pass a value returned by env.snapshot()',
      );
    }
    if (snapshot.envId !== (this.spec?.id ?? null)) {
      throw new InvalidArgumentError(
        'restore(snapshot).envId',
        snapshot.envId,
        JSON.stringify(this.spec?.id ?? null),
        'restore a snapshot into an env made from the same id',
      );
    }
    this.#state = snapshot.state as S;
    this.#seed = snapshot.seed;
    this.#resetRng = snapshot.resetRng;
    this.#done = snapshot.done;
  }

  /** Ends the current episode from outside the model (used by the TimeLimit wrapper). */
  markTruncated(): void {
    this.#done = true;
  }

  close(): void {
    this.#closed = true;
  }

  #assertOpen(method: string): void {
    if (this.#closed)
      throw new ClosedEnvironmentError(`${method}() was called on a closed env. Make a new one with make(id).`);
  }
}

/**
 * The default text of a state: the observation's own `text` when it has one (team envs render
 * for their agents), the string itself, or the observation as indented JSON.
 */
export function renderText(observation: unknown): string {
  if (typeof observation === 'string') return observation;
  if (observation !== null && typeof observation === 'object') {
    const text = (observation as { text?: unknown }).text;
    if (typeof text === 'string') return text;
  }
  return JSON.stringify(observation, null, 2) ?? String(observation);
}
