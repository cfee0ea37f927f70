/**
 * The memo spaces of the filesystem world's analyses (see src/core/memo-space.ts): what the
 * checkers, the linter, the type check and the tools keep per directory and per file, in one
 * record per object. A write makes a new file, a new copy of each directory on its path and a new
 * delta, and some ten memos keep something for them; those objects are adopted, so their records
 * die with them.
 */
import { MemoSpace } from '../../src/core/memo-space.js';
import type { FsDir, FsFile } from './state.js';
import type { ParsedModule } from './code.js';
import type { FileDelta } from './delta.js';

/**
 * Memos per directory object (a state's root is one too). The directories a write makes are adopted
 * (`DIR_MEMOS.adopt`), so their records die with them.
 */
export const DIR_MEMOS = new MemoSpace<FsDir>();

/** Memos per file object; a written file is adopted. */
export const FILE_MEMOS = new MemoSpace<FsFile>();

/** Memos per parsed module (which files of the same text share: see `parseFile`). */
export const MODULE_MEMOS = new MemoSpace<ParsedModule>();

/** Memos per state's delta (the type check's analyses of a state); every delta is adopted. */
export const DELTA_MEMOS = new MemoSpace<FileDelta>();
