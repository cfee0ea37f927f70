/**
 * Where a state came from: the root a write or a delete produced it from, and the file path that
 * changed. Analyses that run after every step (the checkers) derive a state's results from its
 * parent's plus that one path, instead of comparing the whole episode's changes again.
 *
 * Only a cache: a state without an origin (built by `fromFiles`, or whose origin was taken) is
 * analysed from its episode's initial state, with the same result.
 */
import type { FsDir } from './state.js';
import { DIR_MEMOS } from './memos.js';

/** The state a root was produced from, and the file path the step changed. */
export interface Origin {
  readonly parent: FsDir;
  readonly path: string;
  /** Origins not yet taken on the way back (a bound on how many roots an untaken chain keeps alive). */
  readonly depth: number;
}

/**
 * Most origins an untaken chain may hold: states written one after another without ever being
 * analysed keep their parents alive only this far back.
 */
const MAX_DEPTH = 16;

const origins = DIR_MEMOS.slot<Origin>();

/** Records that `child` is `parent` with the file at `path` written or deleted. */
export function noteOrigin(child: FsDir, parent: FsDir, path: string): void {
  const depth = (origins.get(parent)?.depth ?? 0) + 1;
  if (depth <= MAX_DEPTH) origins.set(child, { parent, path, depth });
}

/**
 * The origin of `root`, forgotten as it is returned: whoever takes it keeps what it derived, and
 * the root no longer holds its parent alive.
 */
export function takeOrigin(root: FsDir): Origin | undefined {
  const origin = origins.get(root);
  if (origin) origins.set(root, undefined);
  return origin;
}
