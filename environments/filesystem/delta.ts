/**
 * What differs between a state and its episode's initial state, file by file: every changed,
 * created or deleted path, with its file now. The checkers that compare a state with the initial
 * one (collateral changes, the change count, the incremental type check) all start from it.
 *
 * A state written from one whose delta is known (see origin.ts) takes its parent's delta and
 * looks at the one path the step changed, so the cost of a step does not grow with the number of
 * files the episode has changed so far. Any other state is compared with the initial tree (which
 * skips identical subtrees). Both give the same set of paths.
 */
import type { FsDir, FsFile } from './state.js';
import { diffFiles, getFile } from './state.js';
import { takeOrigin } from './origin.js';
import { DELTA_MEMOS, DIR_MEMOS } from './memos.js';

/** The files of a state that differ from its initial state's, and what it was derived from. */
export interface FileDelta {
  /** The initial root this delta is relative to. */
  readonly initial: FsDir;
  /** Every path whose file differs from the initial state's: its file now, undefined when deleted. */
  readonly files: ReadonlyMap<string, FsFile | undefined>;
  /**
   * The delta of the parent state and the path the step changed, for analyses that derive their
   * own per-state results the same way; null when there is none.
   */
  readonly from: DeltaStep | null;
}

/** One step back in a chain of deltas. */
export interface DeltaStep {
  readonly delta: FileDelta;
  readonly path: string;
  /** Steps back to the first delta without one. */
  readonly depth: number;
}

/**
 * Longest chain of steps a delta keeps (its ancestors stay alive through it); the next state
 * starts a new chain, its analyses worked out from the initial state's once.
 */
const MAX_STEPS = 16;

const deltas = DIR_MEMOS.slot<FileDelta>();

/**
 * The delta already worked out for the state with root `root` (by the checkers that graded it),
 * against whichever initial state they were given; undefined when none was.
 */
export function knownDelta(root: FsDir): FileDelta | undefined {
  return deltas.get(root);
}

/** The delta of the state with root `root` against the initial root `initial` (memoized per root). */
export function fileDelta(root: FsDir, initial: FsDir): FileDelta {
  const cached = deltas.get(root);
  if (cached?.initial === initial) return cached;
  const origin = root === initial ? undefined : takeOrigin(root);
  let delta: FileDelta;
  if (root === initial) delta = { initial, files: new Map(), from: null };
  else if (origin) {
    const parent = fileDelta(origin.parent, initial);
    const files = new Map(parent.files);
    const now = getFile({ root }, origin.path);
    const before = getFile({ root: initial }, origin.path);
    if (now === before || (now && before && now.content === before.content)) files.delete(origin.path);
    else files.set(origin.path, now);
    const depth = (parent.from?.depth ?? 0) + 1;
    delta = { initial, files, from: depth <= MAX_STEPS ? { delta: parent, path: origin.path, depth } : null };
  } else delta = { initial, files: diffFiles(initial, root), from: null };
  DELTA_MEMOS.adopt(delta);
  deltas.set(root, delta);
  return delta;
}
