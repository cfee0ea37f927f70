/**
 * The simulated test runner: a type check (imports resolve to files that export the names,
 * calls refer to defined or imported functions, no duplicate names) and test verdicts (a test
 * file passes when nothing in its import closure has a problem).
 *
 * The report is memoized per root directory object: the `tests-pass` checker, which runs after
 * every write, and the `run_tests` tool on the same state share one analysis.
 */
import type { FsDir, FsFile, FsState } from './state.js';
import { GLOBALS, candidatePaths, isRelative, parseFile, type ImportDecl, type ParsedModule } from './code.js';
import { DIR_MEMOS, MODULE_MEMOS } from './memos.js';

/** A problem the type check found. */
export interface CodeProblem {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  readonly code:
    | 'cannot_find_module'
    | 'missing_export'
    | 'undefined_name'
    | 'duplicate_identifier'
    | 'duplicate_export'
    | 'undefined_export';
  readonly message: string;
}

/** The verdict of one test file. */
export interface TestVerdict {
  readonly file: string;
  readonly ok: boolean;
  /** The first problem in the test's import closure, when it fails. */
  readonly reason?: string;
  /** The test file and every project file it imports, directly or not. */
  readonly closure: readonly string[];
}

/** Everything the runner knows about a project state. */
export interface ProjectReport {
  /** No problem anywhere, and at least one test file, all passing. */
  readonly ok: boolean;
  /** Source files analyzed (`.ts`), sorted. */
  readonly files: readonly string[];
  readonly problems: readonly CodeProblem[];
  readonly tests: readonly TestVerdict[];
  /** Module analysis, for checkers that need to follow imports and re-exports. */
  readonly modules: ReadonlyMap<string, ParsedModule>;
  /** Names a module exports, following re-exports (empty for missing files). */
  exportsOf(path: string): ReadonlySet<string>;
  /** The file a relative specifier resolves to: a path, `null` when missing, `undefined` when external. */
  resolve(fromFile: string, specifier: string): string | null | undefined;
  /** The files with an `import` (not a re-export) that resolves to `path`, sorted. */
  importers(path: string): readonly string[];
}

/** True for test files (`*.test.ts`). */
export function isTestFile(path: string): boolean {
  return path.endsWith('.test.ts');
}

const reports = DIR_MEMOS.slot<ProjectReport>();

/** The runner's report on a state (memoized per state root). */
export function analyzeProject(state: FsState): ProjectReport {
  let report = reports.get(state.root);
  if (!report) {
    report = buildReport(state);
    reports.set(state.root, report);
  }
  return report;
}

/** What the runner knows about one module at one path, independent of the rest of the project. */
export interface ModuleFacts {
  readonly path: string;
  /** Problems visible from the module alone (duplicates, undefined names and exports). */
  readonly local: readonly CodeProblem[];
  /** Names the module itself defines and exports. */
  readonly ownExports: ReadonlySet<string>;
  /** For each import, then each re-export: the candidate files (null when it climbs out; undefined when external). */
  readonly imports: readonly { readonly decl: ImportDecl; readonly candidates: readonly string[] | null | undefined }[];
  readonly reexports: readonly {
    readonly decl: ImportDecl;
    readonly candidates: readonly string[] | null | undefined;
  }[];
}

// Keyed by the parsed module (so by file object): after a write only the written file is redone.
const factsCache = MODULE_MEMOS.slot<ModuleFacts>();

/** The facts of the module `mod` at `path` (memoized per parsed module). */
export function moduleFacts(path: string, mod: ParsedModule): ModuleFacts {
  const cached = factsCache.get(mod);
  if (cached && cached.path === path) return cached;
  const local: CodeProblem[] = [];
  const bound = new Set<string>();
  const bind = (name: string, line: number) => {
    if (bound.has(name))
      local.push({
        file: path,
        line,
        code: 'duplicate_identifier',
        message: `Duplicate identifier '${name}' in ${path}`,
      });
    bound.add(name);
  };
  for (const decl of mod.imports) for (const b of decl.names) bind(b.local, decl.line);
  for (const d of mod.definitions) bind(d.name, d.line);
  const exported = new Set<string>();
  const exportName = (name: string, line: number) => {
    if (exported.has(name))
      local.push({
        file: path,
        line,
        code: 'duplicate_export',
        message: `'${name}' is exported more than once from ${path}`,
      });
    exported.add(name);
  };
  const ownExports = new Set<string>();
  for (const d of mod.definitions) {
    if (!d.exported) continue;
    exportName(d.name, d.line);
    ownExports.add(d.name);
  }
  for (const e of mod.localExports) {
    if (!bound.has(e.name))
      local.push({
        file: path,
        line: e.line,
        code: 'undefined_export',
        message: `Cannot export '${e.name}': it is not defined in ${path}`,
      });
    exportName(e.name, e.line);
    ownExports.add(e.name);
  }
  for (const decl of mod.reexports) for (const b of decl.names) exportName(b.local, decl.line);
  for (const call of mod.calls) {
    if (!bound.has(call.name) && !GLOBALS.has(call.name)) {
      local.push({
        file: path,
        line: call.line,
        code: 'undefined_name',
        message: `Cannot find name '${call.name}' in ${path} (no function, const or import of that name)`,
      });
    }
  }
  const candidates = (decl: ImportDecl) => ({
    decl,
    candidates: isRelative(decl.from) ? candidatePaths(path, decl.from) : undefined,
  });
  const facts: ModuleFacts = {
    path,
    local,
    ownExports,
    imports: mod.imports.map(candidates),
    reexports: mod.reexports.map(candidates),
  };
  factsCache.set(mod, facts);
  return facts;
}

/** The `.ts` modules directly in a directory, with their facts; cached per directory object. */
interface DirModules {
  readonly prefix: string;
  readonly entries: readonly { readonly path: string; readonly mod: ParsedModule; readonly facts: ModuleFacts }[];
}

const dirCache = DIR_MEMOS.slot<DirModules>();

/**
 * Visits every module under `dir`. Directories the last write did not touch are the same objects
 * as before, so their entries (paths, parses, facts) come from the cache without allocating.
 */
function eachModule(
  dir: FsDir,
  prefix: string,
  visit: (path: string, mod: ParsedModule, facts: ModuleFacts) => void,
): void {
  let cached = dirCache.get(dir);
  if (!cached || cached.prefix !== prefix) {
    const entries: DirModules['entries'][number][] = [];
    for (const name in dir.files) {
      if (!name.endsWith('.ts')) continue;
      const path = prefix === '' ? name : `${prefix}/${name}`;
      const mod = parseFile(dir.files[name] as FsFile);
      entries.push({ path, mod, facts: moduleFacts(path, mod) });
    }
    cached = { prefix, entries };
    dirCache.set(dir, cached);
  }
  for (const e of cached.entries) visit(e.path, e.mod, e.facts);
  for (const name in dir.dirs) eachModule(dir.dirs[name] as FsDir, prefix === '' ? name : `${prefix}/${name}`, visit);
}

/**
 * What an incremental analysis needs of a full one: the problems by file, the test count, each
 * module's facts and whether a re-export cycle was met (whose result depends on the order of
 * evaluation, so no incremental analysis may reuse it).
 */
export interface ReportDetail {
  readonly problemsByFile: ReadonlyMap<string, readonly CodeProblem[]>;
  readonly problemCount: number;
  readonly testCount: number;
  readonly facts: ReadonlyMap<string, ModuleFacts>;
  /** True once a lookup of exports met a re-export cycle (set lazily as lookups happen). */
  cyclic(): boolean;
}

const details = new WeakMap<ProjectReport, ReportDetail>();

/** The detail behind a report of {@link analyzeProject}. */
export function reportDetail(report: ProjectReport): ReportDetail {
  return details.get(report) as ReportDetail;
}

/**
 * The type-check problems of the module at `path`: its own, then those of resolving each import
 * and re-export with `pick` and `exportsOf`, sorted by line; null when there is none. Shared by
 * the full analysis and the incremental one, so both say exactly the same.
 */
export function fileProblems(
  path: string,
  f: ModuleFacts,
  pick: (candidates: readonly string[] | null | undefined) => string | null | undefined,
  exportsOf: (path: string) => ReadonlySet<string>,
): CodeProblem[] | null {
  let mine: CodeProblem[] | null = f.local.length > 0 ? f.local.slice() : null;
  for (const list of [f.imports, f.reexports]) {
    for (const { decl, candidates } of list) {
      const target = pick(candidates);
      if (target === undefined) continue;
      if (target === null) {
        (mine ??= []).push({
          file: path,
          line: decl.line,
          code: 'cannot_find_module',
          message: `Cannot find module '${decl.from}' (from ${path})`,
        });
        continue;
      }
      const names = exportsOf(target);
      for (const b of decl.names) {
        if (b.imported !== '*' && b.imported !== 'default' && !names.has(b.imported)) {
          (mine ??= []).push({
            file: path,
            line: decl.line,
            code: 'missing_export',
            message: `Module '${decl.from}' (${target}) has no exported member '${b.imported}'`,
          });
        }
      }
    }
  }
  mine?.sort((a, b) => a.line - b.line);
  return mine;
}

function buildReport(state: FsState): ProjectReport {
  const modules = new Map<string, ParsedModule>();
  const facts = new Map<string, ModuleFacts>();
  let testCount = 0;
  eachModule(state.root, '', (path, mod, f) => {
    modules.set(path, mod);
    facts.set(path, f);
    if (isTestFile(path)) testCount++;
  });

  const pick = (candidates: readonly string[] | null | undefined): string | null | undefined => {
    if (candidates === undefined) return undefined;
    if (candidates === null) return null;
    for (const c of candidates) if (modules.has(c)) return c;
    return null;
  };
  const resolve = (fromFile: string, specifier: string): string | null | undefined =>
    isRelative(specifier) ? pick(candidatePaths(fromFile, specifier)) : undefined;

  const exportCache = new Map<string, ReadonlySet<string>>();
  const inProgress = new Set<string>();
  const none: ReadonlySet<string> = new Set();
  let cyclic = false;
  const exportsOf = (path: string): ReadonlySet<string> => {
    const cached = exportCache.get(path);
    if (cached) return cached;
    const f = facts.get(path);
    if (f && inProgress.has(path)) cyclic = true;
    if (!f || inProgress.has(path)) return none;
    if (f.reexports.length === 0) return f.ownExports;
    inProgress.add(path);
    const out = new Set<string>(f.ownExports);
    for (const r of f.reexports) {
      const target = pick(r.candidates);
      if (target === null) continue;
      const names = target === undefined ? null : exportsOf(target);
      for (const b of r.decl.names) if (!names || names.has(b.imported)) out.add(b.local);
    }
    inProgress.delete(path);
    exportCache.set(path, out);
    return out;
  };

  const problemsByFile = new Map<string, CodeProblem[]>();
  let problemCount = 0;
  for (const [path, f] of facts) {
    const mine = fileProblems(path, f, pick, exportsOf);
    if (mine) {
      problemsByFile.set(path, mine);
      problemCount += mine.length;
    }
  }

  // Everything below is only worked out when asked for: the checkers mostly need `ok`, and
  // every test passes when no file has a problem.
  const depsOf = (path: string): string[] => {
    const f = facts.get(path);
    const out: string[] = [];
    if (f) {
      for (const e of f.imports) {
        const t = pick(e.candidates);
        if (t) out.push(t);
      }
      for (const e of f.reexports) {
        const t = pick(e.candidates);
        if (t) out.push(t);
      }
    }
    return out;
  };
  let files: string[] | null = null;
  let problems: CodeProblem[] | null = null;
  let tests: TestVerdict[] | null = null;
  let importedBy: Map<string, string[]> | null = null;
  const sortedFiles = () => (files ??= [...modules.keys()].sort());
  const report: ProjectReport = {
    ok: problemCount === 0 && testCount > 0,
    get files(): readonly string[] {
      return sortedFiles();
    },
    get problems(): readonly CodeProblem[] {
      if (problems === null) {
        problems = [];
        for (const path of sortedFiles()) {
          const mine = problemsByFile.get(path);
          if (mine) problems.push(...mine);
        }
      }
      return problems;
    },
    get tests(): readonly TestVerdict[] {
      tests ??= sortedFiles()
        .filter(isTestFile)
        .map((path) => {
          const closure = closureOf(path, depsOf);
          for (const f of closure) {
            const p = problemsByFile.get(f)?.[0];
            if (p) return { file: path, ok: false, reason: `${p.file}:${p.line} ${p.message}`, closure };
          }
          return { file: path, ok: true, closure };
        });
      return tests;
    },
    modules,
    exportsOf,
    resolve,
    importers(path: string): readonly string[] {
      if (importedBy === null) {
        importedBy = new Map();
        for (const [from, f] of facts) {
          for (const e of f.imports) {
            const t = pick(e.candidates);
            if (!t) continue;
            const list = importedBy.get(t);
            if (list) list.push(from);
            else importedBy.set(t, [from]);
          }
        }
      }
      return (importedBy.get(path) ?? []).slice().sort();
    },
  };
  details.set(report, { problemsByFile, problemCount, testCount, facts, cyclic: () => cyclic });
  return report;
}

function closureOf(start: string, depsOf: (path: string) => readonly string[]): string[] {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    for (const dep of depsOf(next)) {
      if (!seen.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return [...seen];
}
