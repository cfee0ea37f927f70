/**
 * Constraint checkers of the filesystem world, by `kind`. Each is pure and cheap: the ledger runs
 * every checker after every write, so they lean on the memoized runner/linter reports and on
 * subtree identity (an untouched directory is the same object as in the initial state).
 *
 * Parameters come from the task's constraint (`params`); a checker given malformed parameters
 * says the constraint does not hold rather than throwing.
 */
import type { ConstraintChecker } from '../../src/team/world.js';
import { answerAsserts } from '../../src/facts/index.js';
import {
  stringParam as str,
  stringListParam as strs,
  escapeRegExp,
  paramsMemo,
} from '../../src/world/checker-params.js';
import type { FsDir, FsFile, FsState } from './state.js';
import { diffTrees, eachFile, fileLines, getDir, getFile } from './state.js';
import { parseFile } from './code.js';
import { projectExportsOf, projectImporters, projectOk } from './project-delta.js';
import { fileDelta } from './delta.js';
import { lintOk } from './linter.js';
import { allowListParam } from '../../src/world/allow-list.js';
import { textMemo } from '../../src/core/text-memo.js';
import { DIR_MEMOS, FILE_MEMOS } from './memos.js';

/** Whether a path falls under a prefix: a directory prefix ends with `/`, anything else is exact. */
export function underPrefix(path: string, prefix: string): boolean {
  return prefix.length > 0 && (path === prefix || (prefix.endsWith('/') && path.startsWith(prefix)));
}

/** The directory a `dir/` prefix names (`src/` → `src`, `` → root). */
function prefixDir(state: FsState, prefix: string): FsDir | undefined {
  return getDir(state, prefix.replace(/\/+$/, ''));
}

/** `tests-pass`: the simulated type check is clean and every test file passes. */
export const testsPass: ConstraintChecker<FsState> = ({ world, initial }) => projectOk(world, initial);

/** `lint-clean`: the linter reports no problem. */
export const lintClean: ConstraintChecker<FsState> = ({ world }) => lintOk(world);

/**
 * `symbol-renamed` {oldName, newName, definedIn, skip?, aliasIn?}: `definedIn` exports a
 * definition of `newName`, and outside the `skip` prefixes no file imports or calls `oldName`,
 * nor defines it anywhere but in `definedIn` and the `aliasIn` files (where a deprecated alias
 * may stay).
 */
export const symbolRenamed: ConstraintChecker<FsState> = (ctx) => {
  const rule = oldNameRule(ctx);
  if (!rule) return false;
  const homeFile = rule.definedIn.endsWith('.ts') ? getFile(ctx.world, rule.definedIn) : undefined;
  if (!homeFile || !parseFile(homeFile).definitions.some((d) => d.name === rule.newName && d.exported)) return false;
  return !mentionsOldName(ctx.world.root, '', rule);
};

/** What `symbol-renamed` asks for, with a key naming it in the memo. */
interface OldNameRule {
  readonly key: string;
  readonly oldName: string;
  readonly newName: string;
  readonly definedIn: string;
  readonly skip: readonly string[];
  readonly aliasIn: readonly string[];
}

/** The rule of a `symbol-renamed` constraint's params, or null when they are malformed. */
function readOldNameRule(ctx: Pick<Parameters<ConstraintChecker<FsState>>[0], 'params'>): OldNameRule | null {
  const oldName = str(ctx, 'oldName');
  const newName = str(ctx, 'newName');
  const definedIn = str(ctx, 'definedIn');
  const skip = strs(ctx, 'skip') ?? [];
  const aliasIn = strs(ctx, 'aliasIn') ?? [];
  if (!oldName || !newName || !definedIn) return null;
  return { key: JSON.stringify([oldName, definedIn, skip, aliasIn]), oldName, newName, definedIn, skip, aliasIn };
}

/**
 * {@link readOldNameRule}, once per frozen params object (a task's are): the checker runs after
 * every write, and writing the rule's key as JSON each time was a tenth of it.
 */
const oldNameRule = paramsMemo(readOldNameRule);

/** A directory's answer for one rule, and the path it was found for. */
interface OldNameAnswer {
  readonly prefix: string;
  readonly found: boolean;
}

/** Per directory object, per rule key. */
const oldNameCache = DIR_MEMOS.slot<Map<string, OldNameAnswer>>();

/**
 * Whether a module under `dir` (whose path is `prefix`) outside the skipped prefixes imports or
 * calls the old name, or defines it where no alias may stay. Memoized per directory object, so
 * after a write only the directories on the written path are looked at again. (The same
 * directory object at another path is looked at again too: the answer depends on the path.)
 */
function mentionsOldName(dir: FsDir, prefix: string, rule: OldNameRule): boolean {
  let byRule = oldNameCache.get(dir);
  if (!byRule) oldNameCache.set(dir, (byRule = new Map<string, OldNameAnswer>()));
  const cached = byRule.get(rule.key);
  if (cached !== undefined && cached.prefix === prefix) return cached.found;
  let found = false;
  for (const name in dir.files) {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    if (!path.endsWith('.ts') || rule.skip.some((p) => underPrefix(path, p))) continue;
    const mod = parseFile(dir.files[name] as FsFile);
    const { oldName } = rule;
    if (
      mod.imports.some((decl) => decl.names.some((b) => b.imported === oldName || b.local === oldName)) ||
      mod.calls.some((c) => c.name === oldName) ||
      (path !== rule.definedIn && !rule.aliasIn.includes(path) && mod.definitions.some((d) => d.name === oldName))
    ) {
      found = true;
      break;
    }
  }
  if (!found)
    for (const name in dir.dirs) {
      if (mentionsOldName(dir.dirs[name] as FsDir, prefix === '' ? name : `${prefix}/${name}`, rule)) {
        found = true;
        break;
      }
    }
  byRule.set(rule.key, { prefix, found });
  return found;
}

/** `api-name-kept` {file, names}: the module `file` still exports every name (following re-exports). */
export const apiNameKept: ConstraintChecker<FsState> = (ctx) => {
  const file = str(ctx, 'file');
  const names = strs(ctx, 'names');
  if (!file || !names) return false;
  const exported = projectExportsOf(ctx.world, ctx.initial, file);
  return names.every((n) => exported.has(n));
};

const maxLineCache = DIR_MEMOS.slot<number>();

/** The longest file under a directory, memoized per directory object (a write redoes one path). */
function longestFile(dir: FsDir): number {
  let max = maxLineCache.get(dir);
  if (max === undefined) {
    max = 0;
    for (const name in dir.files) {
      const n = fileLines(dir.files[name] as FsFile);
      if (n > max) max = n;
    }
    for (const name in dir.dirs) max = Math.max(max, longestFile(dir.dirs[name] as FsDir));
    maxLineCache.set(dir, max);
  }
  return max;
}

/** `max-lines` {prefix, max}: no file under `prefix` (a `dir/`) has more than `max` lines. */
export const maxLines: ConstraintChecker<FsState> = (ctx) => {
  const prefix = str(ctx, 'prefix') ?? '';
  const max = Number(ctx.params['max']);
  if (!Number.isFinite(max)) return false;
  const dir = prefixDir(ctx.world, prefix);
  return !dir || longestFile(dir) <= max;
};

/**
 * `changelog-entry` {file, version, mentions}: `file` has a heading naming `version` (not a
 * longer version that starts with it), and its section mentions every string of `mentions`.
 */
export const changelogEntry: ConstraintChecker<FsState> = (ctx) => {
  const path = str(ctx, 'file');
  const version = str(ctx, 'version');
  const mentions = strs(ctx, 'mentions') ?? [];
  if (!path || !version) return false;
  const file = getFile(ctx.world, path);
  if (!file) return false;
  const key = changelogKey(ctx);
  let byKey = changelogCache.get(file);
  if (!byKey) changelogCache.set(file, (byKey = new Map<string, boolean>()));
  let ok = byKey.get(key);
  if (ok === undefined) byKey.set(key, (ok = hasEntry(file.content, version, mentions)));
  return ok;
};

const changelogCache = FILE_MEMOS.slot<Map<string, boolean>>();

/** The memo key of a `changelog-entry` constraint, written once per frozen params object. */
const changelogKey = paramsMemo((ctx) => JSON.stringify([str(ctx, 'version'), strs(ctx, 'mentions') ?? []]));

/** A version as a whole token (not `1.2.3` in `1.2.30`), compiled once per version. */
const versionPattern = textMemo((version) => new RegExp(`(?<![\\w.])${escapeRegExp(version)}(?![\\w.-]*\\d)`), 1_000);

function hasEntry(content: string, version: string, mentions: readonly string[]): boolean {
  const lines = content.split('\n');
  const exact = versionPattern(version);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const level = headingLevel(line);
    if (level === 0 || !exact.test(line)) continue;
    let section = '';
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j] as string;
      const lv = headingLevel(l);
      if (lv > 0 && lv <= level) break;
      section += `${l}\n`;
    }
    if (mentions.every((m) => section.includes(m))) return true;
  }
  return false;
}

function headingLevel(line: string): number {
  const m = /^(#{1,6})\s/.exec(line);
  return m ? (m[1] as string).length : 0;
}

/** `path-untouched` {prefix}: nothing under `prefix` (a `dir/` or a file path) differs from the start. */
export const pathUntouched: ConstraintChecker<FsState> = (ctx) => {
  const prefix = str(ctx, 'prefix');
  if (prefix === null || prefix === '') return false;
  if (!prefix.endsWith('/')) return getFile(ctx.world, prefix)?.content === getFile(ctx.initial, prefix)?.content;
  const before = prefixDir(ctx.initial, prefix);
  const after = prefixDir(ctx.world, prefix);
  if (before === after) return true;
  const empty: FsDir = { dirs: {}, files: {} };
  return diffTrees(before ?? empty, after ?? empty).length === 0;
};

/**
 * `no-collateral` {allow}: every file that differs from the start (changed, created or deleted)
 * is allowed by a prefix of `allow` (exact paths, or directories ending with `/`).
 */
export const noCollateral: ConstraintChecker<FsState> = (ctx) => {
  const allow = allowListParam(ctx, 'allow');
  if (!allow) return false;
  for (const p of fileDelta(ctx.world.root, ctx.initial.root).files.keys()) if (!allow.allows(p)) return false;
  return true;
};

const headerCache = DIR_MEMOS.slot<Map<string, boolean>>();

/** Whether every `.ts` file under a directory starts with `header`, memoized per directory object. */
function allStartWith(dir: FsDir, header: string): boolean {
  let byHeader = headerCache.get(dir);
  if (!byHeader) headerCache.set(dir, (byHeader = new Map<string, boolean>()));
  let ok = byHeader.get(header);
  if (ok === undefined) {
    ok = true;
    for (const name in dir.files) {
      if (name.endsWith('.ts') && parseFile(dir.files[name] as FsFile).firstLine.trimEnd() !== header) {
        ok = false;
        break;
      }
    }
    if (ok) for (const name in dir.dirs) if (!allStartWith(dir.dirs[name] as FsDir, header)) ok = false;
    byHeader.set(header, ok);
  }
  return ok;
}

/** `file-header` {prefix, header}: every `.ts` file under `prefix` starts with the line `header`. */
export const fileHeader: ConstraintChecker<FsState> = (ctx) => {
  const prefix = str(ctx, 'prefix') ?? '';
  const header = str(ctx, 'header');
  if (!header) return false;
  const dir = prefixDir(ctx.world, prefix);
  return !dir || allStartWith(dir, header);
};

/**
 * `module-split` {module, dir, names}: `module` remains only as a barrel (it defines nothing
 * itself) and each name is defined and exported by exactly one file under `dir`.
 */
export const moduleSplit: ConstraintChecker<FsState> = (ctx) => {
  const module = str(ctx, 'module');
  const dirPrefix = str(ctx, 'dir');
  const names = strs(ctx, 'names');
  if (!module || !dirPrefix || !names) return false;
  const barrel = getFile(ctx.world, module);
  if (!barrel || parseFile(barrel).definitions.length > 0) return false;
  const dir = prefixDir(ctx.world, dirPrefix);
  if (!dir) return false;
  const count = new Map<string, number>();
  eachFile(dir, dirPrefix, (p, f) => {
    if (!p.endsWith('.ts')) return;
    for (const d of parseFile(f).definitions) if (d.exported) count.set(d.name, (count.get(d.name) ?? 0) + 1);
  });
  return names.every((n) => count.get(n) === 1);
};

/**
 * `direct-imports` {module, prefix, except?}: no file under `prefix` (outside the `except`
 * prefixes, and other than `module` itself) imports from `module`. Re-exports are allowed.
 */
export const directImports: ConstraintChecker<FsState> = (ctx) => {
  const module = str(ctx, 'module');
  const prefix = str(ctx, 'prefix') ?? '';
  const except = strs(ctx, 'except') ?? [];
  if (!module) return false;
  return projectImporters(ctx.world, ctx.initial, module).every(
    (path) =>
      path === module || (prefix !== '' && !underPrefix(path, prefix)) || except.some((e) => underPrefix(path, e)),
  );
};

/**
 * `answer-change-count` {}: the final answer asserts how many files were changed, created or
 * deleted, as "N files" (or "1 file", digits or words, not hedged among other counts), and N is
 * the true count.
 */
export const answerChangeCount: ConstraintChecker<FsState> = (ctx) => {
  if (ctx.answer === null) return false;
  const n = fileDelta(ctx.world.root, ctx.initial.root).files.size;
  return answerAsserts(ctx.answer, `${n} files`);
};

/**
 * `answer-mentions` {mentions}: the final answer asserts every value — states it in any form a
 * careful reader accepts, and does not hedge it among competing values ("X or Y").
 */
export const answerMentions: ConstraintChecker<FsState> = (ctx) => {
  const mentions = strs(ctx, 'mentions');
  if (ctx.answer === null || !mentions) return false;
  const answer = ctx.answer;
  return mentions.every((m) => answerAsserts(answer, m));
};

/** Every checker of the world, by constraint kind. */
export const FS_CHECKERS: Readonly<Record<string, ConstraintChecker<FsState>>> = {
  'tests-pass': testsPass,
  'lint-clean': lintClean,
  'symbol-renamed': symbolRenamed,
  'api-name-kept': apiNameKept,
  'max-lines': maxLines,
  'changelog-entry': changelogEntry,
  'path-untouched': pathUntouched,
  'no-collateral': noCollateral,
  'file-header': fileHeader,
  'module-split': moduleSplit,
  'direct-imports': directImports,
  'answer-change-count': answerChangeCount,
  'answer-mentions': answerMentions,
};
