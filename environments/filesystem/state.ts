/**
 * The state of the filesystem world: a tree of plain JSON directories and files, and the pure
 * helpers that read and update it.
 *
 * Directories are nested objects (`{dirs, files}`), never one flat map of every path, so no object
 * grows past a few hundred keys and an update copies only the directories on the path to the
 * changed file. Reads return parts of the existing tree and never allocate a new state, which is
 * what lets checkers and the code model memoize on object identity.
 */
import { own } from '../../src/world/own.js';
import { noteOrigin } from './origin.js';
import { textMemo } from '../../src/core/text-memo.js';
import { DIR_MEMOS, FILE_MEMOS } from './memos.js';

/** A file: its text. An object (not a bare string) so analyses can be cached per file identity. */
export interface FsFile {
  readonly content: string;
}

/** A directory: subdirectories and files by name. */
export interface FsDir {
  readonly dirs: Readonly<Record<string, FsDir>>;
  readonly files: Readonly<Record<string, FsFile>>;
}

/** The whole world state. */
export interface FsState {
  readonly root: FsDir;
}

/** Most entries (files plus subdirectories) a directory may hold; keeps every state object small. */
export const MAX_DIR_ENTRIES = 200;
/** Deepest directory nesting accepted in a path. */
export const MAX_DEPTH = 16;
/** Longest path accepted, in characters. */
export const MAX_PATH_CHARS = 300;
/** Longest single file or directory name. */
export const MAX_NAME_CHARS = 100;

const EMPTY_DIR: FsDir = Object.freeze({ dirs: Object.freeze({}), files: Object.freeze({}) });

/** Names that would collide with `Object.prototype` if ever used as a key. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a path could not be used. */
export interface PathProblem {
  readonly code: 'invalid_path';
  readonly message: string;
}

/** A normalized path: no leading `./` or `/`, no empty segments, no `..`. `''` is the root. */
export type NormalizedPath =
  | { readonly ok: true; readonly path: string; readonly segments: readonly string[] }
  | { readonly ok: false; readonly problem: PathProblem };

/**
 * Normalizes a user-supplied path. Agents write `./src/a.ts`, `/src/a.ts`, `src//a.ts` or `src/`;
 * all mean `src/a.ts` (or the directory `src`). `..` is refused rather than resolved, because the
 * world has no outside to escape to and silently clamping would hide a mistake.
 */
export function normalizePath(raw: string): NormalizedPath {
  return raw.length > MAX_PATH_CHARS
    ? bad(`the path is ${raw.length} characters; the limit is ${MAX_PATH_CHARS}`)
    : normalizedPath(raw);
}

/**
 * {@link normalizePath} of a path of at most {@link MAX_PATH_CHARS} characters, remembered: a team
 * names the same few paths step after step, and splitting and checking one was a twentieth of a
 * filesystem step. Shared, so every answer is frozen.
 */
const normalizedPath = textMemo((raw): NormalizedPath => {
  const segments: string[] = [];
  for (const part of raw.trim().split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return bad(`"${raw}" contains "..": use a path from the project root, e.g. "src/index.ts"`);
    if (RESERVED_NAMES.has(part)) return bad(`"${part}" is not an allowed file or directory name`);
    if (part.length > MAX_NAME_CHARS)
      return bad(`the name "${part.slice(0, 20)}…" is longer than ${MAX_NAME_CHARS} characters`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\\]/.test(part))
      return bad(`"${raw}" contains a control character or a backslash; use "/" between names`);
    segments.push(part);
  }
  if (segments.length > MAX_DEPTH)
    return bad(`"${raw}" is nested ${segments.length} levels deep; the limit is ${MAX_DEPTH}`);
  return Object.freeze({ ok: true, path: segments.join('/'), segments: Object.freeze(segments) });
}, 4_096);

function bad(message: string): NormalizedPath {
  return Object.freeze({ ok: false, problem: Object.freeze({ code: 'invalid_path', message }) });
}

/** Splits an already-normalized path into segments (`''` is the root). */
export function splitPath(path: string): readonly string[] {
  return path === '' ? NO_SEGMENTS : segmentsOf(path);
}

const NO_SEGMENTS: readonly string[] = Object.freeze([]);

/**
 * A path's segments, remembered: checkers look up the same paths of their parameters after every
 * write. Frozen, as every caller shares them.
 */
const segmentsOf = textMemo((path) => Object.freeze(path.split('/')), 4_096);

/** The directory part of a path (`src/a/b.ts` → `src/a`, `b.ts` → `''`). */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The last segment of a path. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a directory and a name (`''` is the root). */
export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** What lives at a path. */
export type FsNode = { readonly kind: 'dir'; readonly dir: FsDir } | { readonly kind: 'file'; readonly file: FsFile };

/** Why a path lookup failed: nothing there, or a file sits where a directory was needed. */
export type Lookup = FsNode | { readonly kind: 'missing'; readonly fileInTheWay?: string };

/** Looks up a normalized path. Never allocates state. */
export function lookup(state: FsState, segments: readonly string[]): Lookup {
  let dir = state.root;
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i] as string;
    const last = i === segments.length - 1;
    const sub = own(dir.dirs, name);
    if (sub) {
      dir = sub;
      continue;
    }
    const file = own(dir.files, name);
    if (file && last) return { kind: 'file', file };
    if (file) return { kind: 'missing', fileInTheWay: segments.slice(0, i + 1).join('/') };
    return { kind: 'missing' };
  }
  return { kind: 'dir', dir };
}

/** The file at a normalized path, or undefined. */
export function getFile(state: FsState, path: string): FsFile | undefined {
  const node = lookup(state, splitPath(path));
  return node.kind === 'file' ? node.file : undefined;
}

/** The directory at a normalized path (`''` is the root), or undefined. */
export function getDir(state: FsState, path: string): FsDir | undefined {
  const node = lookup(state, splitPath(path));
  return node.kind === 'dir' ? node.dir : undefined;
}

/** Number of lines of a text; a trailing newline does not start a new line. */
export function lineCount(text: string): number {
  if (text.length === 0) return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

const lineCache = FILE_MEMOS.slot<number>();

/** The {@link lineCount} of a file (memoized per file object). */
export function fileLines(file: FsFile): number {
  let n = lineCache.get(file);
  if (n === undefined) lineCache.set(file, (n = lineCount(file.content)));
  return n;
}

/** Why an update could not be applied. */
export interface UpdateProblem {
  readonly code: 'is_a_directory' | 'not_a_directory' | 'dir_full' | 'not_found';
  readonly message: string;
}

/** The result of an update: a new state, or a problem and the old state untouched. */
export type UpdateResult =
  | { readonly ok: true; readonly state: FsState; readonly created: boolean }
  | { readonly ok: false; readonly problem: UpdateProblem };

/**
 * Writes a file, creating missing parent directories. Copies only the directories on the path;
 * every other subtree keeps its identity. The new root's origin is noted (see origin.ts).
 */
export function putFile(state: FsState, segments: readonly string[], content: string): UpdateResult {
  if (segments.length === 0)
    return {
      ok: false,
      problem: {
        code: 'is_a_directory',
        message: 'the project root is a directory; give a file path such as "src/notes.ts"',
      },
    };
  let created = false;
  const rec = (dir: FsDir, i: number): FsDir | UpdateProblem => {
    const name = segments[i] as string;
    const here = () => segments.slice(0, i + 1).join('/');
    if (i === segments.length - 1) {
      if (own(dir.dirs, name))
        return { code: 'is_a_directory', message: `"${here()}" is a directory; write to a file inside it instead` };
      const existing = own(dir.files, name);
      if (!existing) {
        if (entryCount(dir) >= MAX_DIR_ENTRIES) return fullProblem(segments.slice(0, i).join('/'));
        created = true;
      }
      return newDir(dir.dirs, { ...dir.files, [name]: newFile(content) });
    }
    if (own(dir.files, name))
      return {
        code: 'not_a_directory',
        message: `"${here()}" is a file, so it cannot contain "${segments.slice(i + 1).join('/')}"`,
      };
    const sub = own(dir.dirs, name);
    if (!sub && entryCount(dir) >= MAX_DIR_ENTRIES) return fullProblem(segments.slice(0, i).join('/'));
    const next = rec(sub ?? EMPTY_DIR, i + 1);
    if (!isDir(next)) return next;
    return newDir({ ...dir.dirs, [name]: next }, dir.files);
  };
  const root = rec(state.root, 0);
  if (!isDir(root)) return { ok: false, problem: root };
  noteOrigin(root, state.root, segments.join('/'));
  return { ok: true, state: { root }, created };
}

/**
 * Deletes a file. Empty directories stay (they hold no content, so no check ever sees them). The
 * new root's origin is noted (see origin.ts).
 */
export function removeFile(state: FsState, segments: readonly string[]): UpdateResult {
  const path = segments.join('/');
  const node = lookup(state, segments);
  if (node.kind === 'dir')
    return {
      ok: false,
      problem: { code: 'is_a_directory', message: `"${path || '/'}" is a directory; only files can be deleted` },
    };
  if (node.kind === 'missing') return { ok: false, problem: { code: 'not_found', message: `no file "${path}"` } };
  const rec = (dir: FsDir, i: number): FsDir => {
    const name = segments[i] as string;
    if (i === segments.length - 1) {
      const { [name]: _gone, ...files } = dir.files;
      return newDir(dir.dirs, files);
    }
    return newDir({ ...dir.dirs, [name]: rec(dir.dirs[name] as FsDir, i + 1) }, dir.files);
  };
  const root = rec(state.root, 0);
  noteOrigin(root, state.root, path);
  return { ok: true, state: { root }, created: false };
}

/** A directory a step makes, adopted by the directory memos (see memos.ts). */
function newDir(dirs: FsDir['dirs'], files: FsDir['files']): FsDir {
  const dir = { dirs, files };
  DIR_MEMOS.adopt(dir);
  return dir;
}

/** A file a step writes, adopted by the file memos. */
function newFile(content: string): FsFile {
  const file = { content };
  FILE_MEMOS.adopt(file);
  return file;
}

function isDir(value: FsDir | UpdateProblem): value is FsDir {
  return 'dirs' in value;
}

function entryCount(dir: FsDir): number {
  return Object.keys(dir.dirs).length + Object.keys(dir.files).length;
}

function fullProblem(dir: string): UpdateProblem {
  return { code: 'dir_full', message: `"${dir || '/'}" already holds ${MAX_DIR_ENTRIES} entries; use a subdirectory` };
}

/** A directory's file and subdirectory names, each sorted. */
export interface SortedNames {
  readonly files: readonly string[];
  readonly dirs: readonly string[];
}

const sortedCache = DIR_MEMOS.slot<SortedNames>();

/** The sorted names of a directory (memoized per directory object: a write sorts one path again). */
export function sortedNames(dir: FsDir): SortedNames {
  let names = sortedCache.get(dir);
  if (!names) {
    names = { files: Object.keys(dir.files).sort(), dirs: Object.keys(dir.dirs).sort() };
    sortedCache.set(dir, names);
  }
  return names;
}

/** Calls `visit` for every file under `dir` (whose path is `prefix`), in sorted path order. */
export function walkFiles(dir: FsDir, prefix: string, visit: (path: string, file: FsFile) => void): void {
  const names = sortedNames(dir);
  for (const name of names.files) visit(joinPath(prefix, name), dir.files[name] as FsFile);
  for (const name of names.dirs) walkFiles(dir.dirs[name] as FsDir, joinPath(prefix, name), visit);
}

/**
 * Calls `visit` for every file under `dir` in key order (insertion order, which is itself
 * deterministic). Cheaper than {@link walkFiles}; for analyses whose output does not list files.
 */
export function eachFile(dir: FsDir, prefix: string, visit: (path: string, file: FsFile) => void): void {
  for (const name in dir.files) visit(prefix === '' ? name : `${prefix}/${name}`, dir.files[name] as FsFile);
  for (const name in dir.dirs) eachFile(dir.dirs[name] as FsDir, prefix === '' ? name : `${prefix}/${name}`, visit);
}

/** Every file path under a directory path (the root by default), sorted. */
export function listFiles(state: FsState, under = ''): string[] {
  const dir = getDir(state, under);
  const out: string[] = [];
  if (dir) walkFiles(dir, under, (p) => out.push(p));
  return out;
}

/**
 * The file paths that differ between two trees: changed, created or deleted. Subtrees that are
 * the same object are skipped without a look, so after a write this costs one walk down one path.
 */
export function diffTrees(before: FsDir, after: FsDir): string[] {
  return [...diffFiles(before, after).keys()];
}

/**
 * The files that differ between two trees, by path, in {@link diffTrees}' order: each with its
 * file in `after`, undefined when deleted.
 */
export function diffFiles(
  before: FsDir,
  after: FsDir,
  prefix = '',
  out = new Map<string, FsFile | undefined>(),
): Map<string, FsFile | undefined> {
  if (before === after) return out;
  for (const name of Object.keys(before.files)) {
    const b = before.files[name] as FsFile;
    const a = own(after.files, name);
    if (!a || (a !== b && a.content !== b.content)) out.set(joinPath(prefix, name), a);
  }
  for (const name of Object.keys(after.files))
    if (!Object.hasOwn(before.files, name)) out.set(joinPath(prefix, name), after.files[name]);
  for (const name of Object.keys(before.dirs))
    diffFiles(before.dirs[name] as FsDir, own(after.dirs, name) ?? EMPTY_DIR, joinPath(prefix, name), out);
  for (const name of Object.keys(after.dirs))
    if (!Object.hasOwn(before.dirs, name)) diffFiles(EMPTY_DIR, after.dirs[name] as FsDir, joinPath(prefix, name), out);
  return out;
}

/**
 * Builds a state from `path → content` (for generators and tests; paths must be normalized).
 * Builds the tree in place, once, instead of through {@link putFile}, so generating a task stays
 * well under a millisecond.
 */
export function fromFiles(files: Readonly<Record<string, string>>): FsState {
  type Mutable = { dirs: Record<string, Mutable>; files: Record<string, FsFile> };
  const root: Mutable = { dirs: {}, files: {} };
  for (const path of Object.keys(files)) {
    const segments = splitPath(path);
    let dir = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const name = segments[i] as string;
      if (Object.hasOwn(dir.files, name))
        throw new Error(`fromFiles: "${path}" needs "${name}" to be a directory, but it is a file`);
      dir = dir.dirs[name] ??= { dirs: {}, files: {} };
    }
    const name = segments[segments.length - 1];
    if (name === undefined || Object.hasOwn(dir.dirs, name)) throw new Error(`fromFiles: "${path}" is not a file path`);
    dir.files[name] = { content: files[path] as string };
  }
  return { root };
}

/** Flattens a state into `path → content` (for tests and debugging; not used per step). */
export function toFiles(state: FsState): Record<string, string> {
  const out: Record<string, string> = {};
  walkFiles(state.root, '', (p, f) => (out[p] = f.content));
  return out;
}
