/**
 * The pipeline world's own checkers: the ones that need both worlds at once (a value written into
 * the project must equal what the authoritative page says) or read a project file's fields. Every
 * other checker is one of the two worlds', under its prefix (`web:…`, `fs:…`).
 *
 * Fields are read the way a config module is written in this project: one `field: 'value',` per
 * line (see `renderEntry`). Results are memoized per file and page object, which never change
 * (a write replaces the file object), so re-running the ledger after every write stays cheap.
 */
import type { ConstraintChecker } from '../../src/team/world.js';
import { stringParam as str, stringListParam as strs, escapeRegExp } from '../../src/world/checker-params.js';
import type { FsDir, FsFile } from '../filesystem/state.js';
import { getDir, getFile } from '../filesystem/state.js';
import { DIR_MEMOS, FILE_MEMOS } from '../filesystem/memos.js';
import type { WebPage } from '../mock-web/state.js';
import { pageAt } from '../mock-web/state.js';
import type { PipelineState } from './state.js';
import { textMemo } from '../../src/core/text-memo.js';

const fieldCache = FILE_MEMOS.slot<Map<string, string | null>>();

/** The pattern of a field's line, compiled once per field name (a write asks again for its new file). */
const fieldPattern = textMemo(
  (field) => new RegExp(`^\\s*${escapeRegExp(field)}\\s*:\\s*(['"])(.*?)\\1\\s*,?\\s*$`, 'm'),
  1_000,
);

/** The string value of `field` in a config module (`  field: 'value',`), or null. */
export function fieldOf(file: FsFile, field: string): string | null {
  let byField = fieldCache.get(file);
  if (!byField) fieldCache.set(file, (byField = new Map<string, string | null>()));
  let value = byField.get(field);
  if (value === undefined) {
    const m = fieldPattern(field).exec(file.content);
    byField.set(field, (value = m?.[2] ?? null));
  }
  return value;
}

const pageCache = new WeakMap<WebPage, Map<string, string | null>>();

/** The first capture of `pattern` in a page's text, or null. */
function readPage(page: WebPage, pattern: string): string | null {
  let byPattern = pageCache.get(page);
  if (!byPattern) pageCache.set(page, (byPattern = new Map<string, string | null>()));
  let value = byPattern.get(pattern);
  if (value === undefined) {
    let m: RegExpExecArray | null;
    try {
      m = new RegExp(pattern).exec(page.text);
    } catch {
      m = null;
    }
    byPattern.set(pattern, (value = m?.[1] ?? null));
  }
  return value;
}

/** `entry-field` {file, field, value}: the project file `file` sets `field` to exactly `value`. */
export const entryField: ConstraintChecker<PipelineState> = (ctx) => {
  const path = str(ctx, 'file');
  const field = str(ctx, 'field');
  const value = str(ctx, 'value');
  if (!path || !field || value === null) return false;
  const file = getFile(ctx.world.fs, path);
  return !!file && fieldOf(file, field) === value;
};

/**
 * `entry-from-source` {file, fields: [{field, url, pattern}]}: for each, the project file sets
 * `field` to the value the web page at `url` states (the first capture of `pattern` in its text).
 * This is the cross-world check: what was written must be what the authoritative source says.
 */
export const entryFromSource: ConstraintChecker<PipelineState> = (ctx) => {
  const path = str(ctx, 'file');
  const fields = ctx.params['fields'];
  if (!path || !Array.isArray(fields) || fields.length === 0) return false;
  const file = getFile(ctx.world.fs, path);
  if (!file) return false;
  return fields.every((f: unknown) => {
    if (f === null || typeof f !== 'object') return false;
    const { field, url, pattern } = f as Record<string, unknown>;
    if (typeof field !== 'string' || typeof url !== 'string' || typeof pattern !== 'string') return false;
    const page = pageAt(ctx.world.web, url);
    const official = page ? readPage(page, pattern) : null;
    return official !== null && fieldOf(file, field) === official;
  });
};

const mentionCache = DIR_MEMOS.slot<Map<string, boolean>>();
const fileMentionCache = FILE_MEMOS.slot<Map<string, boolean>>();

/**
 * Whether some file under `dir` mentions a string (case-insensitive), memoized per directory
 * object and per file object: a write makes a new directory object on its path, whose other files
 * are the same objects as before and are not lowered and searched again.
 */
function dirMentions(dir: FsDir, needle: string): boolean {
  let byNeedle = mentionCache.get(dir);
  if (!byNeedle) mentionCache.set(dir, (byNeedle = new Map<string, boolean>()));
  let found = byNeedle.get(needle);
  if (found === undefined) {
    found = false;
    for (const name in dir.files) if (fileMentions(dir.files[name] as FsFile, needle)) found = true;
    if (!found) for (const name in dir.dirs) if (dirMentions(dir.dirs[name] as FsDir, needle)) found = true;
    byNeedle.set(needle, found);
  }
  return found;
}

/** Whether a file mentions a (lower-case) string, case-insensitive; memoized per file object. */
function fileMentions(file: FsFile, needle: string): boolean {
  let byNeedle = fileMentionCache.get(file);
  if (!byNeedle) fileMentionCache.set(file, (byNeedle = new Map<string, boolean>()));
  let found = byNeedle.get(needle);
  if (found === undefined) byNeedle.set(needle, (found = file.content.toLowerCase().includes(needle)));
  return found;
}

/** `files-exclude` {prefix, forbidden}: no project file under `prefix` (a `dir/`) mentions any of the strings. */
export const filesExclude: ConstraintChecker<PipelineState> = (ctx) => {
  const prefix = str(ctx, 'prefix') ?? '';
  const forbidden = strs(ctx, 'forbidden');
  if (!forbidden) return false;
  const dir = getDir(ctx.world.fs, prefix.replace(/\/+$/, ''));
  return !dir || forbidden.every((f) => f.length > 0 && !dirMentions(dir, f.toLowerCase()));
};

/** The pipeline world's own checkers, by kind. */
export const PIPELINE_CHECKERS: Readonly<Record<string, ConstraintChecker<PipelineState>>> = {
  'entry-field': entryField,
  'entry-from-source': entryFromSource,
  'files-exclude': filesExclude,
};
