/**
 * The simulated type check, incrementally: what {@link analyzeProject} says about a state, worked
 * out from the full analysis of the episode's initial state and the files that changed. The
 * checkers run after every write; analysing a 10,000-file project from scratch each time would
 * make a step cost grow with the world, while the files a step can change are a handful.
 *
 * Which results can change between two states: those of the changed files, of every file that
 * re-exports (directly or not) from one, and of every file with an import or re-export that may
 * resolve to either. Every other file has the same facts and resolves to the same targets with
 * the same exports, so its problems are the same. Indexes of the initial state (candidate path →
 * the files that may resolve to it) and the changed files find those files without walking the
 * project. A state written from an analysed one (see delta.ts) is worked out from that state's
 * result and the one path the step changed; any other from the initial state's.
 *
 * Whenever the shortcut could differ from a full analysis (a re-export cycle, whose result depends
 * on the order of evaluation) or would not pay (a large rewrite), it answers with the full one.
 */
import { parseFile } from './code.js';
import type { FsState } from './state.js';
import { mergedSorted } from './sorted-paths.js';
import { fileDelta, knownDelta, type FileDelta } from './delta.js';
import {
  analyzeProject,
  fileProblems,
  isTestFile,
  moduleFacts,
  reportDetail,
  type ModuleFacts,
  type ReportDetail,
} from './runner.js';
import { DELTA_MEMOS, DIR_MEMOS } from './memos.js';

/** Most changed modules the shortcut handles; beyond, a full analysis is about as cheap. */
const MAX_CHANGED = 64;
/** Most files whose problems the shortcut recomputes before it falls back to a full analysis. */
const MAX_AFFECTED = 2_048;

/** The initial state's analysis and its reverse indexes. */
interface Base {
  readonly detail: ReportDetail;
  /** Candidate path → files with an import or re-export that may resolve to it. */
  readonly referrers: ReadonlyMap<string, readonly string[]>;
  /** Candidate path → files with a re-export that may resolve to it. */
  readonly reexporters: ReadonlyMap<string, readonly string[]>;
}

const bases = DIR_MEMOS.slot<Base>();

function baseOf(initial: FsState): Base {
  let base = bases.get(initial.root);
  if (!base) {
    const detail = reportDetail(analyzeProject(initial));
    const referrers = new Map<string, string[]>();
    const reexporters = new Map<string, string[]>();
    const add = (index: Map<string, string[]>, key: string, path: string) => {
      const list = index.get(key);
      if (!list) index.set(key, [path]);
      else if (list[list.length - 1] !== path) list.push(path);
    };
    for (const [path, f] of detail.facts) {
      for (const e of f.imports) for (const c of e.candidates ?? []) add(referrers, c, path);
      for (const e of f.reexports)
        for (const c of e.candidates ?? []) {
          add(referrers, c, path);
          add(reexporters, c, path);
        }
    }
    base = { detail, referrers, reexporters };
    bases.set(initial.root, base);
  }
  return base;
}

/** Thrown when an exports lookup meets a re-export cycle: the caller answers with a full analysis. */
class Cycle extends Error {}

/** Module lookups on one state: the initial state's facts, overlaid with the changed files'. */
class Live {
  readonly #delta: FileDelta;
  readonly #base: Base;
  readonly #exports = new Map<string, ReadonlySet<string>>();
  readonly #inProgress = new Set<string>();
  /** The facts of changed files looked up so far (undefined when deleted or not a module). */
  readonly #changed = new Map<string, ModuleFacts | undefined>();
  /** The first candidate that exists (see `fileProblems`). */
  readonly pick: (candidates: readonly string[] | null | undefined) => string | null | undefined;
  /** The names a module exports, following re-exports. */
  readonly exportsOf: (path: string) => ReadonlySet<string>;

  constructor(delta: FileDelta, base: Base) {
    this.#delta = delta;
    this.#base = base;
    // Bound once: both are handed to `fileProblems` for every file checked.
    this.pick = this.#pick.bind(this);
    this.exportsOf = this.#exportsOf.bind(this);
  }

  /** The facts of the module at `path`, undefined when there is no such `.ts` file. */
  facts(path: string): ModuleFacts | undefined {
    const files = this.#delta.files;
    if (!files.has(path)) return this.#base.detail.facts.get(path);
    if (this.#changed.has(path)) return this.#changed.get(path);
    const file = files.get(path);
    const facts = file && path.endsWith('.ts') ? moduleFacts(path, parseFile(file)) : undefined;
    this.#changed.set(path, facts);
    return facts;
  }

  /** Changed modules with an import or re-export (`reexportsOnly`: a re-export) that may resolve to `target`. */
  changedReferrers(target: string, reexportsOnly: boolean, out: (path: string) => void): void {
    for (const path of this.#delta.files.keys()) {
      const f = path.endsWith('.ts') ? this.facts(path) : undefined;
      if (f && (mayResolveTo(f.reexports, target) || (!reexportsOnly && mayResolveTo(f.imports, target)))) out(path);
    }
  }

  #pick(candidates: readonly string[] | null | undefined): string | null | undefined {
    if (candidates === undefined) return undefined;
    if (candidates === null) return null;
    for (const c of candidates) if (this.facts(c)) return c;
    return null;
  }

  /** The exports of `path` looked up on this state so far, or undefined. */
  knownExports(path: string): ReadonlySet<string> | undefined {
    return this.#exports.get(path);
  }

  #exportsOf(path: string): ReadonlySet<string> {
    const cached = this.#exports.get(path);
    if (cached) return cached;
    const inherited = this.#inherited(path);
    if (inherited) {
      this.#exports.set(path, inherited);
      return inherited;
    }
    const f = this.facts(path);
    if (!f) return NONE;
    if (this.#inProgress.has(path)) throw new Cycle();
    if (f.reexports.length === 0) return f.ownExports;
    this.#inProgress.add(path);
    const out = new Set<string>(f.ownExports);
    try {
      for (const r of f.reexports) {
        const target = this.pick(r.candidates);
        if (target === null) continue;
        const names = target === undefined ? null : this.exportsOf(target);
        for (const b of r.decl.names) if (!names || names.has(b.imported)) out.add(b.local);
      }
    } finally {
      // Also when a cycle is thrown: the lookups are kept per state and asked again later.
      this.#inProgress.delete(path);
    }
    this.#exports.set(path, out);
    return out;
  }

  /**
   * The exports of `path` already looked up on the state this one was written from, when the
   * write cannot have changed them: `path` is not the written file and the write left every
   * module looking the same to the others ({@link writeKeepsModules}). A barrel's exports were
   * otherwise followed again through every module it re-exports after each write (api-name-kept
   * asks for them after every write). Only a lookup from outside takes this path: while one is in
   * progress, the written module's own lookup (which decides whether the write kept the modules)
   * may be under way.
   */
  #inherited(path: string): ReadonlySet<string> | undefined {
    const step = this.#delta.from;
    if (!step || step.path === path || this.#inProgress.size > 0) return undefined;
    const before = lives.get(step.delta)?.knownExports(path);
    return before && writeKeepsModules(this.#base, step.delta, this.#delta, step.path) ? before : undefined;
  }
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The lookups of one state, shared by every checker that grades it: the state never changes, so
 * what was looked up for one constraint holds for the next. This and the other per-state memos
 * below are slots of the delta's own record (deltas are adopted: see memos.ts).
 */
const lives = DELTA_MEMOS.slot<Live>();

function liveOf(delta: FileDelta, base: Base): Live {
  let live = lives.get(delta);
  if (!live) lives.set(delta, (live = new Live(delta, base)));
  return live;
}

/** The changed `.ts` paths of a delta, or null when too many for the shortcut. */
function changedModules(delta: FileDelta): string[] | null {
  const out: string[] = [];
  for (const path of delta.files.keys()) if (path.endsWith('.ts') && out.push(path) > MAX_CHANGED) return null;
  return out;
}

/** The type check of one state, as counts: the problems and test files, and the problems per recomputed file. */
interface Check {
  readonly problemCount: number;
  readonly testCount: number;
  /** Problems of every file recomputed since the initial state; any other file has the initial analysis's. */
  readonly counts: ReadonlyMap<string, number>;
}

/** Per state: its check, or null when it was answered by a full analysis (nothing to derive from). */
const checks = DELTA_MEMOS.slot<Check | null>();

function checkOf(delta: FileDelta, base: Base): Check | null {
  let check = checks.get(delta);
  if (check !== undefined) return check;
  check = null;
  if (!base.detail.cyclic()) {
    const step = delta.from;
    const parent = step ? checkOf(step.delta, base) : null;
    if (parent && step)
      check = derive(
        base,
        delta,
        parent,
        step.delta.files,
        [step.path],
        writeKeepsModules(base, step.delta, delta, step.path),
      );
    else {
      const changed = changedModules(delta);
      if (changed !== null) check = derive(base, delta, initialCheck(base), NO_FILES, changed);
    }
  }
  checks.set(delta, check);
  return check;
}

const NO_FILES: ReadonlyMap<string, undefined> = new Map();
const initialChecks = new WeakMap<Base, Check>();

function initialCheck(base: Base): Check {
  let check = initialChecks.get(base);
  if (!check) {
    check = { problemCount: base.detail.problemCount, testCount: base.detail.testCount, counts: new Map() };
    initialChecks.set(base, check);
  }
  return check;
}

/** Whether one of `list`'s specifiers may resolve to `target`. */
function mayResolveTo(list: ModuleFacts['imports'], target: string): boolean {
  for (const e of list) if (e.candidates?.includes(target)) return true;
  return false;
}

/**
 * The files whose type-check results may differ between two states that differ at `changed`
 * (modules): those, the files that re-export from them (transitively), and the files with an
 * import or re-export that may resolve to any of these. Null when more than the shortcut handles.
 */
function affectedBy(base: Base, live: Live, changed: readonly string[]): Set<string> | null {
  // Targets whose existence or exports may differ: the changed modules and, transitively, their re-exporters.
  const targets = new Set(changed);
  const queue = [...changed];
  const reach = (f: string) => {
    if (targets.has(f)) return;
    targets.add(f);
    queue.push(f);
  };
  while (queue.length > 0) {
    const t = queue.pop() as string;
    for (const f of base.reexporters.get(t) ?? []) reach(f);
    live.changedReferrers(t, true, reach);
  }
  const affected = new Set(changed);
  const add = (f: string) => void affected.add(f);
  for (const t of targets) {
    for (const f of base.referrers.get(t) ?? []) affected.add(f);
    live.changedReferrers(t, false, add);
  }
  return affected.size > MAX_AFFECTED ? null : affected;
}

/**
 * The check of `delta`'s state from the check of a state whose changed files were `parentFiles`
 * and which differs from it at `paths`; null when the shortcut does not apply.
 */
function derive(
  base: Base,
  delta: FileDelta,
  parent: Check,
  parentFiles: ReadonlyMap<string, unknown>,
  paths: readonly string[],
  onlyItself = false,
): Check | null {
  const changed = paths.filter((p) => p.endsWith('.ts'));
  // Only modules take part in the type check: a changelog or a config written changes nothing.
  if (changed.length === 0) return parent;
  if (changed.length > MAX_CHANGED) return null;
  const live = liveOf(delta, base);
  const affected = onlyItself ? new Set(changed) : affectedBy(base, live, changed);
  if (affected === null) return null;
  let problemCount = parent.problemCount;
  const counts = new Map(parent.counts);
  try {
    for (const path of affected) {
      const before = parent.counts.get(path) ?? base.detail.problemsByFile.get(path)?.length ?? 0;
      const f = live.facts(path);
      const now = f ? (fileProblems(path, f, live.pick, live.exportsOf)?.length ?? 0) : 0;
      problemCount += now - before;
      counts.set(path, now);
    }
  } catch (e) {
    if (e instanceof Cycle) return null;
    throw e;
  }
  let testCount = parent.testCount;
  for (const path of changed) {
    if (!isTestFile(path)) continue;
    if (parentFiles.has(path) ? parentFiles.get(path) !== undefined : base.detail.facts.has(path)) testCount--;
    if (live.facts(path)) testCount++;
  }
  return { problemCount, testCount, counts };
}

/**
 * Whether the module at `path` looks the same to every other file in `delta`'s state as in its
 * parent's: it was a module before the write and still is, and exports the same names (following
 * re-exports). Another file's problems depend on a module only through whether it exists and what
 * it exports, so the write then changes the problems of `path` alone. Most writes of a refactoring
 * are of this kind (a caller rewritten, a barrel turned into re-exports of the same names), and
 * rechecking every importer of a widely imported module after each was most of a write's cost.
 * False when either lookup meets a re-export cycle: the full rule then decides.
 */
function seenAlike(base: Base, parentDelta: FileDelta, delta: FileDelta, path: string): boolean {
  // A write of another file (a changelog, a config) leaves the type check as it was (see derive):
  // nothing to compare, and no lookups to set up for it.
  if (!path.endsWith('.ts') || !stillAModule(base, parentDelta, delta, path)) return false;
  try {
    return sameNames(liveOf(parentDelta, base).exportsOf(path), liveOf(delta, base).exportsOf(path));
  } catch (e) {
    if (e instanceof Cycle) return false;
    throw e;
  }
}

/** Per state written from another: {@link seenAlike} of its write, or true for a write of no module. */
const kept = DELTA_MEMOS.slot<boolean>();

/**
 * Whether the write that made `delta`'s state from `parentDelta`'s left every module other than
 * the written one exporting the same names: a file that is not a module was written (no module
 * changed), or {@link seenAlike}. Once per state: the type check and the exports lookups ask.
 */
function writeKeepsModules(base: Base, parentDelta: FileDelta, delta: FileDelta, path: string): boolean {
  let keeps = kept.get(delta);
  if (keeps === undefined) {
    keeps = !path.endsWith('.ts') || seenAlike(base, parentDelta, delta, path);
    kept.set(delta, keeps);
  }
  return keeps;
}

function sameNames(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const name of a) if (!b.has(name)) return false;
  return true;
}

/** Per state: {@link projectOk}. */
const projectOks = DELTA_MEMOS.slot<boolean>();

/**
 * Whether the type check is clean and at least one test file exists and passes: exactly
 * `analyzeProject(world).ok`, computed from the analysis of `initial` and what changed since.
 */
export function projectOk(world: FsState, initial: FsState): boolean {
  const delta = fileDelta(world.root, initial.root);
  let ok = projectOks.get(delta);
  if (ok === undefined) {
    const check = checkOf(delta, baseOf(initial));
    ok = check ? check.problemCount === 0 && check.testCount > 0 : analyzeProject(world).ok;
    projectOks.set(delta, ok);
  }
  return ok;
}

/**
 * The names the module at `path` exports, following re-exports: exactly
 * `analyzeProject(world).exportsOf(path)`, looked up along the re-export chain alone.
 */
export function projectExportsOf(world: FsState, initial: FsState, path: string): ReadonlySet<string> {
  const base = baseOf(initial);
  if (base.detail.cyclic()) return analyzeProject(world).exportsOf(path);
  try {
    return liveOf(fileDelta(world.root, initial.root), base).exportsOf(path);
  } catch (e) {
    if (e instanceof Cycle) return analyzeProject(world).exportsOf(path);
    throw e;
  }
}

/** Per state: the importers of each module asked for. */
const importerLists = DELTA_MEMOS.slot<Map<string, readonly string[]>>();

/**
 * The files with an `import` (not a re-export) that resolves to `path`, sorted: exactly
 * `analyzeProject(world).importers(path)`, from the list of the state this one was written from
 * (when known) and the files the write may have changed the answer of, or else from the initial
 * state's referrers of `path` and the changed files.
 */
export function projectImporters(world: FsState, initial: FsState, path: string): readonly string[] {
  const delta = fileDelta(world.root, initial.root);
  let byPath = importerLists.get(delta);
  if (!byPath) importerLists.set(delta, (byPath = new Map<string, readonly string[]>()));
  let list = byPath.get(path);
  if (!list) {
    list = importersOf(delta, baseOf(initial), path) ?? analyzeProject(world).importers(path);
    byPath.set(path, list);
  }
  return list;
}

function importersOf(delta: FileDelta, base: Base, path: string): readonly string[] | null {
  const live = liveOf(delta, base);
  const out: string[] = [];
  const visit = (from: string) => {
    // One entry per import, as the full analysis lists them.
    for (const e of live.facts(from)?.imports ?? []) if (live.pick(e.candidates) === path) out.push(from);
  };
  const step = delta.from;
  const parent = step ? importerLists.get(step.delta)?.get(path) : undefined;
  if (step && parent) {
    if (!step.path.endsWith('.ts')) return parent;
    // Only the written module and the files that may resolve to it can import `path` differently;
    // the latter only when the write created or deleted the module (what an import resolves to
    // depends on which modules exist, not on their text).
    const affected = new Set([step.path]);
    if (!stillAModule(base, step.delta, delta, step.path)) {
      for (const f of base.referrers.get(step.path) ?? []) affected.add(f);
      live.changedReferrers(step.path, false, (f) => void affected.add(f));
    }
    for (const from of parent) if (!affected.has(from)) out.push(from);
    for (const from of affected) visit(from);
    return out.sort();
  }
  const changed = changedModules(delta);
  if (changed === null) return null;
  const referrers = base.referrers.get(path) ?? [];
  for (const from of referrers) visit(from);
  for (const from of changed) if (!referrers.includes(from)) visit(from);
  return out.sort();
}

/** Whether `path` was a module in `parentDelta`'s state and still is in `delta`'s. */
function stillAModule(base: Base, parentDelta: FileDelta, delta: FileDelta, path: string): boolean {
  return liveOf(parentDelta, base).facts(path) !== undefined && liveOf(delta, base).facts(path) !== undefined;
}

/** What `run_tests` over the whole project reports when nothing has a problem. */
export interface CleanRun {
  /** Test files (every one passes). */
  readonly testCount: number;
  /** Every `.ts` file, sorted (the report's `files`). */
  readonly files: readonly string[];
}

/**
 * The whole-project test run of `world` when the checkers have already graded the state and its
 * type check is clean, without a full analysis: exactly `analyzeProject(world)`'s test count and
 * files, as every test passes when no file has a problem. Null otherwise (the caller analyses).
 */
export function cleanRun(world: FsState): CleanRun | null {
  const delta = knownDelta(world.root);
  if (!delta) return null;
  const base = baseOf({ root: delta.initial });
  const check = checkOf(delta, base);
  if (!check || check.problemCount !== 0) return null;
  return { testCount: check.testCount, files: sortedModules(delta, base) };
}

/**
 * Every `.ts` file of `world`, sorted, when the checkers have already worked out its delta
 * (without walking the project); null otherwise.
 */
export function knownModules(world: FsState): readonly string[] | null {
  const delta = knownDelta(world.root);
  return delta ? sortedModules(delta, baseOf({ root: delta.initial })) : null;
}

const sortedBases = new WeakMap<Base, readonly string[]>();

/** {@link sortedModules} by delta, with the base it was worked out against. */
const sortedByDelta = DELTA_MEMOS.slot<{ readonly base: Base; readonly list: readonly string[] }>();

/**
 * The `.ts` paths of `delta`'s state, sorted: the initial state's, less the deleted, plus the
 * created — once per delta (the test run and the lint of a step both ask), the few created paths
 * merged into the sorted initial ones rather than the whole list sorted again: at 10,000 modules
 * the sort was half of a research-to-config step on average.
 */
function sortedModules(delta: FileDelta, base: Base): readonly string[] {
  const known = sortedByDelta.get(delta);
  if (known !== undefined && known.base === base) return known.list;
  let initial = sortedBases.get(base);
  if (!initial) sortedBases.set(base, (initial = [...base.detail.facts.keys()].sort()));
  const created: string[] = [];
  const deleted = new Set<string>();
  for (const [path, file] of delta.files) {
    if (!path.endsWith('.ts')) continue;
    const before = base.detail.facts.has(path);
    if (file && !before) created.push(path);
    else if (!file && before) deleted.add(path);
  }
  let list: readonly string[] = initial;
  if (created.length > 0 || deleted.size > 0) {
    created.sort();
    // The same modules as the last state worked out against this base (a module created early
    // in an episode stays created at every step after): the same list, not a new one, so what
    // callers keep per list (the lint's files, a composed world's lifted names) still holds.
    const key = `${created.join('\u0000')}\u0001${[...deleted].sort().join('\u0000')}`;
    const last = lastChangedModules.get(base);
    if (last && last.key === key) list = last.list;
    else {
      if (deleted.size > 0) list = initial.filter((p) => !deleted.has(p));
      if (created.length > 0) list = mergedSorted(list, created);
      lastChangedModules.set(base, { key, list });
    }
  }
  sortedByDelta.set(delta, { base, list });
  return list;
}

/** Per base, the last list of {@link sortedModules} with modules created or deleted, and which. */
const lastChangedModules = new WeakMap<Base, { readonly key: string; readonly list: readonly string[] }>();
