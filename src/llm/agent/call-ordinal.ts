/**
 * The ordinal of each model call in its episode (1, 2, 3 … across roles). It is kept outside the
 * agents, keyed by the episode's frozen start, because a restarted role gets a fresh agent: its
 * calls must go on counting, or two calls of one episode would share a request key.
 */
import type { EpisodeStart } from '../../team/agent.js';

/** Hands out the next ordinal of an episode's model calls. */
export type NextOrdinal = () => number;

/** A counter per episode start: the same start (restarts included) always gets the same counter. */
export function ordinalCounters(): (start: EpisodeStart) => NextOrdinal {
  const counters = new WeakMap<EpisodeStart, NextOrdinal>();
  return (start) => {
    let next = counters.get(start);
    if (!next) {
      let n = 0;
      next = () => ++n;
      counters.set(start, next);
    }
    return next;
  };
}
