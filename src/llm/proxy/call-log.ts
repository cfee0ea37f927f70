/**
 * The model calls the proxy made, per episode: the ordinal of each call in its episode (1, 2, 3 …
 * across roles — part of the request key, as for the LLM teams), the records not yet taken as a
 * turn, per role, and every record of the episode (for its usage). Episodes need no
 * registration: the first call of an unknown id opens one, `end` forgets it.
 */
import type { ModelCallRecord, StepTurn } from '../../team/turn.js';

/** The calls of one episode (one generation of it: a call begun before `end` cannot reach the next). */
export interface EpisodeCalls {
  /** Ordinals handed out so far. */
  issued: number;
  /** Turns taken, any role (the default step a call is sent with). */
  turnsTaken: number;
  readonly pending: Map<string, ModelCallRecord[]>;
  readonly all: ModelCallRecord[];
}

const byOrdinal = (a: ModelCallRecord, b: ModelCallRecord) => a.ordinal - b.ordinal;

/** Every open episode's calls. */
export class CallLog {
  private readonly episodes = new Map<string, EpisodeCalls>();

  /** The episode's calls, opened on first use. */
  episode(episodeId: string): EpisodeCalls {
    let calls = this.episodes.get(episodeId);
    if (calls === undefined) {
      calls = { issued: 0, turnsTaken: 0, pending: new Map(), all: [] };
      this.episodes.set(episodeId, calls);
    }
    return calls;
  }

  /** The next ordinal of the episode's calls. */
  nextOrdinal(calls: EpisodeCalls): number {
    calls.issued += 1;
    return calls.issued;
  }

  /**
   * Gives back the ordinal of a call that got no answer (failed, or the program went away), when
   * no later call has taken one: the answered calls then keep consecutive ordinals, and a
   * program that retries the call sends it under the same ordinal (and key) as when recorded.
   */
  giveBack(calls: EpisodeCalls, ordinal: number): void {
    if (calls.issued === ordinal) calls.issued -= 1;
  }

  /** Notes an answered call of `role` (dropped when its episode was ended meanwhile). */
  add(episodeId: string, calls: EpisodeCalls, role: string, record: ModelCallRecord): void {
    if (this.episodes.get(episodeId) !== calls) return;
    calls.all.push(record);
    const queue = calls.pending.get(role);
    if (queue === undefined) calls.pending.set(role, [record]);
    else queue.push(record);
  }

  /** The calls of (episode, role) since the last take, in ordinal order, as a turn; undefined when none. */
  takeTurn(episodeId: string, role: string): StepTurn | undefined {
    // Counted even before the episode's first call: each take closes a step of the episode.
    const calls = this.episode(episodeId);
    calls.turnsTaken += 1;
    const queue = calls.pending.get(role);
    if (queue === undefined || queue.length === 0) return undefined;
    calls.pending.delete(role);
    return { calls: queue.sort(byOrdinal) };
  }

  /** Every call of the episode, in ordinal order, and forgets the episode. */
  end(episodeId: string): readonly ModelCallRecord[] {
    const calls = this.episodes.get(episodeId);
    this.episodes.delete(episodeId);
    return calls === undefined ? [] : calls.all.slice().sort(byOrdinal);
  }

  /** Episodes open now. */
  get size(): number {
    return this.episodes.size;
  }
}
