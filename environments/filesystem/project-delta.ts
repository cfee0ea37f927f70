/**
 * The simulated type check, incrementally: what {@link analyzeProject} says about a state, worked
 * out from the full analysis of the episode's initial state and the few files the episode changed.
 * The checkers run after every write; analysing a 10,000-file project from scratch each time
 * would make a step cost grow with the world, while the files a step can change are a handful.
 *
 * Which results can change: those of the changed files, of every file that re-exports (directly
 * or not) from one, and of every file with an import or re-export that may resolve to either.
 * Every other file has the same facts and resolves to the same targets with the same exports, so
 * its problems are the initial state's. Indexes of the initial state (candidate path → the files
 * that may resolve to it) find those files without walking the project.
 *
 * Whenever the shortcut could differ from a full analysis (a re-export cycle, whose result depends
 * on the order of evaluation) or would not pay (a large rewrite), it answers with the full one.
 */
import type { ParsedModule } from './code.js';
import { parseFile } from './code.js';
import type { FsState } from './state.js';
import { diffTrees, getFile } from './state.js';
import {
  analyzeProject,
  fileProblems,
  isTestFile,
  moduleFacts,
  reportDetail,
  type ModuleFacts,
  type ReportDetail,
} from './runner.js';

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

const bases = new WeakMap<object, Base>();

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

/** Module lookups on the current state, without walking it. */
class Live {
  readonly #state: FsState;
  readonly #exports = new Map<string, ReadonlySet<string>>();
  readonly #inProgress = new Set<string>();
  /** Per path: a lookup walks the tree and the facts are derived from the parse; each is asked often. */
  readonly #facts = new Map<string, ModuleFacts | undefined>();
  readonly #mods = new Map<string, ParsedModule | undefined>();
  constructor(state: FsState) {
    this.#state = state;
  }

  mod(path: string): ParsedModule | undefined {
    if (!path.endsWith('.ts')) return undefined;
    if (this.#mods.has(path)) return this.#mods.get(path);
    const file = getFile(this.#state, path);
    const mod = file ? parseFile(file) : undefined;
    this.#mods.set(path, mod);
    return mod;
  }

  facts(path: string): ModuleFacts | undefined {
    if (this.#facts.has(path)) return this.#facts.get(path);
    const mod = this.mod(path);
    const facts = mod ? moduleFacts(path, mod) : undefined;
    this.#facts.set(path, facts);
    return facts;
  }

  readonly pick = (candidates: readonly string[] | null | undefined): string | null | undefined => {
    if (candidates === undefined) return undefined;
    if (candidates === null) return null;
    for (const c of candidates) if (this.mod(c)) return c;
    return null;
  };

  readonly exportsOf = (path: string): ReadonlySet<string> => {
    const cached = this.#exports.get(path);
    if (cached) return cached;
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
  };
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The lookups of one state, shared by every checker that grades it: the state never changes, so
 * what was looked up for one constraint holds for the next.
 */
const lives = new WeakMap<object, Live>();

function liveOf(world: FsState): Live {
  let live = lives.get(world.root);
  if (!live) lives.set(world.root, (live = new Live(world)));
  return live;
}

/** The `.ts` paths that differ between the initial state and `world`, or null when too many. */
function changedModules(world: FsState, initial: FsState): string[] | null {
  const changed = diffTrees(initial.root, world.root).filter((p) => p.endsWith('.ts'));
  return changed.length > MAX_CHANGED ? null : changed;
}

const okCache = new WeakMap<object, WeakMap<object, boolean>>();

/**
 * Whether the type check is clean and at least one test file exists and passes: exactly
 * `analyzeProject(world).ok`, computed from the analysis of `initial` and what changed since.
 */
export function projectOk(world: FsState, initial: FsState): boolean {
  let byInitial = okCache.get(world.root);
  if (!byInitial) okCache.set(world.root, (byInitial = new WeakMap()));
  let ok = byInitial.get(initial.root);
  if (ok === undefined) {
    ok = incrementalOk(world, initial) ?? analyzeProject(world).ok;
    byInitial.set(initial.root, ok);
  }
  return ok;
}

function incrementalOk(world: FsState, initial: FsState): boolean | null {
  const base = baseOf(initial);
  if (world.root === initial.root) return base.detail.problemCount === 0 && base.detail.testCount > 0;
  if (base.detail.cyclic()) return null;
  const changed = changedModules(world, initial);
  if (changed === null) return null;
  const live = liveOf(world);
  // Targets whose existence or exports may differ: the changed modules and, transitively, their re-exporters.
  const targets = new Set(changed);
  const queue = [...changed];
  while (queue.length > 0) {
    const t = queue.pop() as string;
    const via = [...(base.reexporters.get(t) ?? [])];
    for (const c of changed) if (live.facts(c)?.reexports.some((r) => r.candidates?.includes(t))) via.push(c);
    for (const f of via) {
      if (targets.has(f)) continue;
      targets.add(f);
      queue.push(f);
    }
  }
  const affected = new Set(changed);
  for (const t of targets) for (const f of base.referrers.get(t) ?? []) affected.add(f);
  if (affected.size > MAX_AFFECTED) return null;
  let problems = base.detail.problemCount;
  let tests = base.detail.testCount;
  try {
    for (const path of affected) {
      problems -= base.detail.problemsByFile.get(path)?.length ?? 0;
      const f = live.facts(path);
      if (f) problems += fileProblems(path, f, live.pick, live.exportsOf)?.length ?? 0;
    }
  } catch (e) {
    if (e instanceof Cycle) return null;
    throw e;
  }
  for (const path of changed) {
    if (!isTestFile(path)) continue;
    if (base.detail.facts.has(path)) tests--;
    if (live.mod(path)) tests++;
  }
  return problems === 0 && tests > 0;
}

/**
 * The names the module at `path` exports, following re-exports: exactly
 * `analyzeProject(world).exportsOf(path)`, looked up along the re-export chain alone.
 */
export function projectExportsOf(world: FsState, initial: FsState, path: string): ReadonlySet<string> {
  if (baseOf(initial).detail.cyclic()) return analyzeProject(world).exportsOf(path);
  try {
    return liveOf(world).exportsOf(path);
  } catch (e) {
    if (e instanceof Cycle) return analyzeProject(world).exportsOf(path);
    throw e;
  }
}

/**
 * The files with an `import` (not a re-export) that resolves to `path`, sorted: exactly
 * `analyzeProject(world).importers(path)`, from the initial state's referrers of `path` and the
 * changed files.
 */
export function projectImporters(world: FsState, initial: FsState, path: string): readonly string[] {
  const changed = changedModules(world, initial);
  if (changed === null) return analyzeProject(world).importers(path);
  const live = liveOf(world);
  const out: string[] = [];
  for (const from of new Set([...(baseOf(initial).referrers.get(path) ?? []), ...changed])) {
    // One entry per import, as the full analysis lists them.
    for (const e of live.facts(from)?.imports ?? []) if (live.pick(e.candidates) === path) out.push(from);
  }
  return out.sort();
}
