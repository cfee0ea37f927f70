/**
 * The autoreset bookkeeping of one sub-env: whether it was reset and whether its episode ended.
 * Every sub-env is checked before any is stepped, so a refused vector step changes nothing.
 */
import { ResetNeededError } from '../core/errors.js';
import type { AutoresetMode } from './types.js';

/** Tracks one sub-env's episode for the autoreset rules. */
export class StepGuard {
  #hasReset = false;
  #ended = false;

  constructor(
    readonly index: number,
    readonly mode: AutoresetMode,
  ) {}

  /** True when the last step ended the episode and no reset followed. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Throws when the sub-env cannot be stepped: never reset, or ended with autoreset disabled. */
  assertCanStep(): void {
    if (!this.#hasReset)
      throw new ResetNeededError(
        `step() was called before sub-env ${this.index} was reset. Call vectorEnv.reset({ seed }) first.`,
      );
    if (this.#ended && this.mode === 'disabled')
      throw new ResetNeededError(
        `sub-env ${this.index} ended and autoreset is disabled. Reset it first with vectorEnv.reset({ mask }) (mask[${this.index}] = true).`,
      );
  }

  /** Records a reset. */
  onReset(): void {
    this.#hasReset = true;
    this.#ended = false;
  }

  /** Records a step's outcome as the caller sees it (a same-step reset never leaves it ended). */
  onStep(terminated: boolean, truncated: boolean): void {
    this.#ended = this.mode !== 'same-step' && (terminated || truncated);
  }
}
