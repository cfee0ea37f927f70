/**
 * Episode statistics (Gymnasium's `RecordEpisodeStatistics`): at the end of each episode the
 * step's info gains `episode: { r, l }` — the episode's return and length — and the last
 * `bufferLength` returns and lengths are kept. No wall-clock time (Gymnasium's `t`): the
 * statistics are as deterministic as the env.
 */
import type { EnvSnapshot, ResetArgs, ResetResult, StepResult, Env } from './env.js';
import { InvalidArgumentError } from './errors.js';
import { Wrapper } from './wrappers.js';

/** What the last step of an episode carries in `info.episode`. */
export interface EpisodeStatistics {
  /** The sum of the episode's rewards. */
  readonly r: number;
  /** The number of steps the episode took. */
  readonly l: number;
}

/** Adds `info.episode` at the end of each episode and keeps recent returns and lengths. */
export class RecordEpisodeStatistics<O, Opts = unknown> extends Wrapper<O, Opts> {
  #return = 0;
  #length = 0;
  readonly #returns: number[] = [];
  readonly #lengths: number[] = [];

  constructor(
    env: Env<O, Opts>,
    readonly bufferLength = 100,
  ) {
    super(env);
    if (!Number.isInteger(bufferLength) || bufferLength < 1)
      throw new InvalidArgumentError(
        'RecordEpisodeStatistics(bufferLength)',
        bufferLength,
        'an integer >= 1',
        'pass e.g. 100',
      );
  }

  /** Returns of the last `bufferLength` finished episodes, oldest first. */
  get returnQueue(): readonly number[] {
    return [...this.#returns];
  }

  /** Lengths of the last `bufferLength` finished episodes, oldest first. */
  get lengthQueue(): readonly number[] {
    return [...this.#lengths];
  }

  override reset(args?: ResetArgs<Opts>): ResetResult<O> {
    const result = this.env.reset(args);
    this.#return = 0;
    this.#length = 0;
    return result;
  }

  override step(action: unknown): StepResult<O> {
    const result = this.env.step(action);
    this.#return += result.reward;
    this.#length++;
    if (!result.terminated && !result.truncated) return result;
    const episode: EpisodeStatistics = { r: this.#return, l: this.#length };
    this.#push(this.#returns, episode.r);
    this.#push(this.#lengths, episode.l);
    return { ...result, info: { ...result.info, episode } };
  }

  override snapshot(): EnvSnapshot {
    const inner = this.env.snapshot();
    const own = {
      return: this.#return,
      length: this.#length,
      returns: [...this.#returns],
      lengths: [...this.#lengths],
    };
    return { ...inner, wrappers: { ...inner.wrappers, episodeStatistics: own } };
  }

  override restore(snapshot: EnvSnapshot): void {
    this.env.restore(snapshot);
    const own = snapshot.wrappers?.['episodeStatistics'] as
      { return?: unknown; length?: unknown; returns?: unknown; lengths?: unknown } | undefined;
    this.#return = typeof own?.return === 'number' ? own.return : 0;
    this.#length = typeof own?.length === 'number' ? own.length : 0;
    this.#returns.splice(0, this.#returns.length, ...numbers(own?.returns).slice(-this.bufferLength));
    this.#lengths.splice(0, this.#lengths.length, ...numbers(own?.lengths).slice(-this.bufferLength));
  }

  #push(queue: number[], value: number): void {
    queue.push(value);
    if (queue.length > this.bufferLength) queue.shift();
  }
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
}
