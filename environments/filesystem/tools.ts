/**
 * The tools of the filesystem world, in the spirit of a coding assistant's: list, read, write,
 * move, delete, search, and a simulated test runner and linter.
 *
 * Every tool is pure. Reads return the existing state (no `world` in the outcome); writes copy
 * only the directories on the path to the changed file. Bad paths give a stable error code
 * (`invalid_path`, `not_found`, `is_a_directory`, `not_a_directory`, `already_exists`,
 * `dir_full`) and a message that says what to do instead.
 */
import * as z from 'zod';
import { defineTool } from '../../src/world/define-tool.js';
import { fail } from '../../src/world/fail.js';
import type { ToolOutcome, ToolSpec } from '../../src/team/world.js';
import type { FsDir, FsFile, FsState } from './state.js';
import {
  MAX_PATH_CHARS,
  fileLines,
  joinPath,
  lineCount,
  lookup,
  normalizePath,
  putFile,
  removeFile,
  sortedNames,
  type FsNode,
} from './state.js';
import { analyzeProject } from './runner.js';
import { cleanRun, knownModules } from './project-delta.js';
import { withoutPrefixes } from './sorted-paths.js';
import { lintOk, lintProject, readLintConfig } from './linter.js';
import { MAX_SEARCH_MATCHES, emptyHits, scanFile, type Hits } from './search-hits.js';
import { DIR_MEMOS } from './memos.js';

export { MAX_SEARCH_MATCHES } from './search-hits.js';

/** Most characters a written file may hold. */
export const MAX_FILE_CHARS = 20_000;
/** Most lines one `read_file` call returns. */
export const MAX_READ_LINES = 400;
/** Most problems listed by `run_tests` and `lint`. */
const MAX_LISTED_PROBLEMS = 50;

type Outcome = ToolOutcome<FsState>;

const pathArg = z.string().max(MAX_PATH_CHARS);

/** Normalizes a path argument and looks it up, or explains why it cannot be used. */
function resolveArg(
  state: FsState,
  raw: string,
): { path: string; segments: readonly string[]; node: FsNode | null; fileInTheWay?: string } | Outcome {
  const n = normalizePath(raw);
  if (!n.ok) return fail(n.problem.code, n.problem.message);
  const node = lookup(state, n.segments);
  if (node.kind === 'missing')
    return {
      path: n.path,
      segments: n.segments,
      node: null,
      ...(node.fileInTheWay ? { fileInTheWay: node.fileInTheWay } : {}),
    };
  return { path: n.path, segments: n.segments, node };
}

function isOutcome(value: object): value is Outcome {
  return 'ok' in value;
}

function notFound(path: string, fileInTheWay?: string): Outcome {
  if (fileInTheWay)
    return fail(
      'not_a_directory',
      `"${fileInTheWay}" is a file, so "${path}" cannot exist; list its directory with list_dir`,
    );
  return fail('not_found', `no file or directory "${path}"; use list_dir or search to find the right path`);
}

/** `list_dir`: the subdirectories and files (with line counts) of a directory. */
export const listDir = defineTool({
  name: 'list_dir',
  description:
    'List a directory: its subdirectories and its files with their line counts. path "" is the project root.',
  args: z.strictObject({
    path: pathArg.default('').describe('directory path from the project root, e.g. "src" (default: root)'),
  }),
  readOnly: true,
  run(state: FsState, args) {
    const r = resolveArg(state, args.path);
    if (isOutcome(r)) return r;
    if (!r.node) return notFound(r.path, r.fileInTheWay);
    if (r.node.kind === 'file') return fail('not_a_directory', `"${r.path}" is a file; use read_file to see it`);
    const dir = r.node.dir;
    const names = sortedNames(dir);
    const dirs = names.dirs.slice();
    const files = names.files.map((name) => ({ name, lines: fileLines(dir.files[name] as FsFile) }));
    return { ok: true, result: { path: r.path, dirs, files } };
  },
});

/** `read_file`: a file's content, optionally a window of lines. */
export const readFile = defineTool({
  name: 'read_file',
  description: `Read a file. Returns at most ${MAX_READ_LINES} lines starting at line "offset" (1-based); "lines" is the file's total.`,
  args: z.strictObject({
    path: pathArg.describe('file path from the project root, e.g. "src/index.ts"'),
    offset: z.number().int().min(1).default(1).describe('first line to return (1-based)'),
    limit: z.number().int().min(1).max(MAX_READ_LINES).default(MAX_READ_LINES).describe('most lines to return'),
  }),
  readOnly: true,
  run(state: FsState, args) {
    const r = resolveArg(state, args.path);
    if (isOutcome(r)) return r;
    if (!r.node) return notFound(r.path, r.fileInTheWay);
    if (r.node.kind === 'dir')
      return fail('is_a_directory', `"${r.path || '/'}" is a directory; use list_dir to see it`);
    const content = r.node.file.content;
    const total = lineCount(content);
    if (args.offset === 1 && total <= args.limit) {
      return { ok: true, result: { path: r.path, lines: total, content }, reads: [r.path] };
    }
    const all = content.split('\n');
    const to = Math.min(total, args.offset + args.limit - 1);
    const window = all.slice(args.offset - 1, to).join('\n');
    return {
      ok: true,
      result: { path: r.path, lines: total, from: args.offset, to, content: window, truncated: to < total },
      reads: [r.path],
    };
  },
});

/** `write_file`: creates or replaces a file; missing parent directories are created. */
export const writeFile = defineTool({
  name: 'write_file',
  description: 'Create or overwrite a file with the given full content. Parent directories are created as needed.',
  args: z.strictObject({
    path: pathArg.describe('file path from the project root'),
    content: z.string().max(MAX_FILE_CHARS).describe('the whole new content of the file'),
  }),
  readOnly: false,
  run(state: FsState, args) {
    const r = resolveArg(state, args.path);
    if (isOutcome(r)) return r;
    if (r.fileInTheWay) return notFound(r.path, r.fileInTheWay);
    if (r.node?.kind === 'dir')
      return fail('is_a_directory', `"${r.path || '/'}" is a directory; give a file path inside it`);
    const lines = lineCount(args.content);
    if (r.node?.kind === 'file' && r.node.file.content === args.content) {
      return { ok: true, result: { path: r.path, lines, created: false, unchanged: true } };
    }
    const put = putFile(state, r.segments, args.content);
    if (!put.ok) return fail(put.problem.code, put.problem.message);
    return { ok: true, result: { path: r.path, lines, created: put.created }, world: put.state, writes: [r.path] };
  },
});

/** `move_file`: renames a file (directories cannot be moved). */
export const moveFile = defineTool({
  name: 'move_file',
  description: 'Move or rename a file. The destination must not exist; its parent directories are created.',
  args: z.strictObject({ from: pathArg.describe('existing file path'), to: pathArg.describe('new file path') }),
  readOnly: false,
  run(state: FsState, args) {
    const from = resolveArg(state, args.from);
    if (isOutcome(from)) return from;
    if (!from.node) return notFound(from.path, from.fileInTheWay);
    if (from.node.kind === 'dir')
      return fail('is_a_directory', `"${from.path || '/'}" is a directory; move its files one by one`);
    const to = resolveArg(state, args.to);
    if (isOutcome(to)) return to;
    if (to.fileInTheWay) return notFound(to.path, to.fileInTheWay);
    if (to.node?.kind === 'dir')
      return fail(
        'is_a_directory',
        `"${to.path || '/'}" is a directory; give the full new file path, e.g. "${to.path ? `${to.path}/` : ''}${from.segments[from.segments.length - 1]}"`,
      );
    if (to.node) return fail('already_exists', `"${to.path}" already exists; delete it first or choose another name`);
    const removed = removeFile(state, from.segments);
    if (!removed.ok) return fail(removed.problem.code, removed.problem.message);
    const put = putFile(removed.state, to.segments, from.node.file.content);
    if (!put.ok) return fail(put.problem.code, put.problem.message);
    return {
      ok: true,
      result: { from: from.path, to: to.path },
      world: put.state,
      reads: [from.path],
      writes: [from.path, to.path],
    };
  },
});

/** `delete_file`: removes a file. */
export const deleteFile = defineTool({
  name: 'delete_file',
  description: 'Delete a file (not a directory).',
  args: z.strictObject({ path: pathArg.describe('file path from the project root') }),
  readOnly: false,
  run(state: FsState, args) {
    const r = resolveArg(state, args.path);
    if (isOutcome(r)) return r;
    if (!r.node) return notFound(r.path, r.fileInTheWay);
    if (r.node.kind === 'dir')
      return fail('is_a_directory', `"${r.path || '/'}" is a directory; delete its files one by one`);
    const removed = removeFile(state, r.segments);
    if (!removed.ok) return fail(removed.problem.code, removed.problem.message);
    return { ok: true, result: { path: r.path, deleted: true }, world: removed.state, writes: [r.path] };
  },
});

/** What a search for a pattern finds under a directory, and the directory's path then. */
interface DirHits {
  readonly prefix: string;
  readonly hits: Hits;
}

/** Per directory object, per pattern. */
const dirHits = DIR_MEMOS.slot<Map<string, DirHits>>();
/** Patterns remembered per directory: an episode of many different searches keeps only the latest. */
const MAX_PATTERNS_PER_DIR = 8;
/** The hits of a directory with no match, shared (never changed once built). */
const NO_HITS: Hits = Object.freeze({ reads: [], matches: [], total: 0 });

/**
 * What a search finds under `dir` (whose path is `prefix`): its own files', then each
 * subdirectory's in sorted path order. Kept per directory object, so searching again after a write
 * redoes only the directories on the written path — the others are the same objects, whose hits
 * are taken whole instead of walked again (at 10,000 files, walking every directory was about a
 * quarter of an average rename-symbol step).
 */
function searchDir(dir: FsDir, prefix: string, pattern: string): Hits {
  let byPattern = dirHits.get(dir);
  if (!byPattern) dirHits.set(dir, (byPattern = new Map<string, DirHits>()));
  // Keyed by the pattern alone, the path kept beside the hits: a key joining the two was a new
  // string to hash at every directory of every search. (The same directory object at another
  // path is searched again.)
  const known = byPattern.get(pattern);
  if (known !== undefined && known.prefix === prefix) return known.hits;
  const names = sortedNames(dir);
  const found = emptyHits();
  for (const name of names.files) scanFile(joinPath(prefix, name), (dir.files[name] as FsFile).content, pattern, found);
  for (const name of names.dirs) addHits(found, searchDir(dir.dirs[name] as FsDir, joinPath(prefix, name), pattern));
  const hits = found.reads.length === 0 ? NO_HITS : found;
  if (known === undefined && byPattern.size >= MAX_PATTERNS_PER_DIR)
    byPattern.delete(byPattern.keys().next().value as string);
  byPattern.set(pattern, { prefix, hits });
  return hits;
}

/** Adds `more` (found after what `into` holds, in path order) to `into`. */
function addHits(into: Hits, more: Hits): void {
  for (const path of more.reads) into.reads.push(path);
  into.total += more.total;
  for (const m of more.matches) {
    if (into.matches.length >= MAX_SEARCH_MATCHES) break;
    into.matches.push(m);
  }
}

/** `search`: grep for a literal string in file contents; returns `path:line: text` matches. */
export const search = defineTool({
  name: 'search',
  description: `Search file contents for a literal string (case-sensitive). Returns up to ${MAX_SEARCH_MATCHES} matches as "path:line: text". Optional path limits the search to a directory or file.`,
  args: z.strictObject({
    pattern: z.string().min(1).max(200).describe('the literal text to find'),
    path: pathArg.default('').describe('directory or file to search in (default: everything)'),
  }),
  readOnly: true,
  run(state: FsState, args) {
    const r = resolveArg(state, args.path);
    if (isOutcome(r)) return r;
    if (!r.node) return notFound(r.path, r.fileInTheWay);
    const matches: string[] = [];
    const reads: string[] = [];
    let total = 0;
    const add = (hits: Hits) => {
      for (const path of hits.reads) reads.push(path);
      total += hits.total;
      for (const m of hits.matches) if (matches.length < MAX_SEARCH_MATCHES) matches.push(m);
    };
    if (r.node.kind === 'file') {
      const hits = emptyHits();
      scanFile(r.path, r.node.file.content, args.pattern, hits);
      add(hits);
    } else add(searchDir(r.node.dir, r.path, args.pattern));
    return {
      ok: true,
      result: { pattern: args.pattern, matches, files: reads.length, total, truncated: total > matches.length },
      ...(reads.length ? { reads } : {}),
    };
  },
});

/** `run_tests`: the simulated type check and test run, optionally limited to tests under a path. */
export const runTests = defineTool({
  name: 'run_tests',
  description:
    'Type-check the project and run the test files (*.test.ts). Optional path runs only the tests under it. Reports passes, failures and type errors.',
  args: z.strictObject({ path: pathArg.default('').describe('only run test files under this path (default: all)') }),
  readOnly: true,
  run(state: FsState, args) {
    const n = normalizePath(args.path);
    if (!n.ok) return fail(n.problem.code, n.problem.message);
    if (n.path !== '' && lookup(state, n.segments).kind === 'missing') return notFound(n.path);
    const clean = n.path === '' ? cleanRun(state) : null;
    // A clean project passes every test: the full analysis would say exactly this.
    if (clean) return testRunOutcome(n.path, clean.testCount, [], [], clean.files);
    const report = analyzeProject(state);
    const under = (p: string) => n.path === '' || p === n.path || p.startsWith(`${n.path}/`);
    const tests = report.tests.filter((t) => under(t.file));
    const reached = new Set<string>();
    for (const t of tests) for (const f of t.closure) reached.add(f);
    const problems = (n.path === '' ? report.problems : report.problems.filter((p) => reached.has(p.file))).map(
      (p) => `${p.file}:${p.line} ${p.code}: ${p.message}`,
    );
    const failed = tests.filter((t) => !t.ok);
    return testRunOutcome(
      n.path,
      tests.length - failed.length,
      failed,
      problems,
      n.path === '' ? report.files : [...reached].sort(),
    );
  },
});

/** What `run_tests` answers: the counts, the first failures and type errors, and the files read. */
function testRunOutcome(
  path: string,
  passed: number,
  failed: readonly { readonly file: string; readonly reason?: string }[],
  problems: readonly string[],
  reads: readonly string[],
): ToolOutcome<FsState> {
  const tests = passed + failed.length;
  return {
    ok: true,
    result: {
      ok: tests > 0 && failed.length === 0 && problems.length === 0,
      summary:
        tests === 0
          ? `no test files under "${path || '/'}"`
          : `${passed} passed, ${failed.length} failed, ${problems.length} type error${problems.length === 1 ? '' : 's'}`,
      passed,
      failed: failed.length,
      failures: failed.slice(0, MAX_LISTED_PROBLEMS).map((t) => ({ file: t.file, reason: t.reason })),
      typeErrors: problems.slice(0, MAX_LISTED_PROBLEMS),
    },
    reads,
    latency: 5,
  };
}

/** `lint`: the simulated linter with the project's `.lintrc.json`, optionally limited to a path. */
export const lint = defineTool({
  name: 'lint',
  description:
    'Lint the project with its .lintrc.json (max-lines, no-console, no-todo, no-debugger, no-unused-imports, spdx-header). Optional path lints only files under it.',
  args: z.strictObject({ path: pathArg.default('').describe('only lint files under this path (default: all)') }),
  readOnly: true,
  run(state: FsState, args) {
    const n = normalizePath(args.path);
    if (!n.ok) return fail(n.problem.code, n.problem.message);
    if (n.path !== '' && lookup(state, n.segments).kind === 'missing') return notFound(n.path);
    const clean = n.path === '' ? cleanLint(state) : null;
    if (clean) return lintOutcome([], clean);
    const report = lintProject(state);
    const under = (p: string) => n.path === '' || p === n.path || p.startsWith(`${n.path}/`);
    const files = report.files.filter(under);
    const problems = report.problems.filter((p) => p.rule === 'config' || under(p.file));
    return lintOutcome(
      problems.map((p) => `${p.file}:${p.line} ${p.rule}: ${p.message}`),
      files,
    );
  },
});

/** What `lint` answers: the first problems and the files linted (read). */
function lintOutcome(problems: readonly string[], files: readonly string[]): ToolOutcome<FsState> {
  return {
    ok: true,
    result: {
      ok: problems.length === 0,
      files: files.length,
      problems: problems.slice(0, MAX_LISTED_PROBLEMS),
      truncated: problems.length > MAX_LISTED_PROBLEMS,
    },
    reads: files,
    latency: 2,
  };
}

/**
 * The files a whole-project lint of a clean state reads, sorted, worked out without linting the
 * project again when the checkers have graded the state; null when it is not clean or not graded.
 */
function cleanLint(state: FsState): readonly string[] | null {
  const modules = knownModules(state);
  if (!modules || !lintOk(state)) return null;
  const config = readLintConfig(state);
  if ('rule' in config) return null;
  return lintedModules(modules, config.ignore);
}

/** The last files {@link lintedModules} worked out, by the module list they came from. */
const lintedByModules = new WeakMap<
  readonly string[],
  { readonly ignore: readonly string[]; readonly files: readonly string[] }
>();

/**
 * `modules` less those under an ignored prefix: the same list for the same modules and ignores,
 * so a lint of a state whose modules have not changed answers with the list of the last one (a
 * composed world lifts each new list into its own names, at 10,000 modules most of a step).
 */
function lintedModules(modules: readonly string[], ignore: readonly string[]): readonly string[] {
  const known = lintedByModules.get(modules);
  if (known && sameList(known.ignore, ignore)) return known.files;
  const files = withoutPrefixes(modules, ignore);
  lintedByModules.set(modules, { ignore, files });
  return files;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/**
 * `grep`: the documented fallback of `search` (same arguments, same results, served by a
 * separate index), for when `search` is unavailable.
 */
export const grep = defineTool({
  ...search,
  name: 'grep',
  description: `The fallback for search when it is unavailable: same arguments, same results. ${search.description}`,
});

/** Every tool of the world, by name. */
export const FS_TOOLS = {
  list_dir: listDir,
  read_file: readFile,
  write_file: writeFile,
  move_file: moveFile,
  delete_file: deleteFile,
  search,
  grep,
  run_tests: runTests,
  lint,
} as const satisfies Record<string, ToolSpec<FsState>>;

/** Tools that only read. */
export const READ_TOOLS = ['list_dir', 'read_file', 'search', 'grep'] as const;
/** Tools that change files. */
export const WRITE_TOOLS = ['write_file', 'move_file', 'delete_file'] as const;
/** The checking tools. */
export const CHECK_TOOLS = ['run_tests', 'lint'] as const;
