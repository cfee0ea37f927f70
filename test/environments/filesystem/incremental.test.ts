import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../../support/sizes.js';
import { Rng } from '../../../src/core/rng.js';
import type { Task } from '../../../src/team/world.js';
import { FS_CHECKERS } from '../../../environments/filesystem/checkers.js';
import { renameSymbolFamily } from '../../../environments/filesystem/families/rename-symbol.js';
import { splitModuleFamily } from '../../../environments/filesystem/families/split-module.js';
import { parseSource, relativeSpecifier } from '../../../environments/filesystem/code.js';
import { analyzeProject } from '../../../environments/filesystem/runner.js';
import { FS_TOOLS } from '../../../environments/filesystem/tools.js';
import { mergedSorted, withoutPrefixes } from '../../../environments/filesystem/sorted-paths.js';
import { lintOk, lintProject } from '../../../environments/filesystem/linter.js';
import { projectExportsOf, projectImporters, projectOk } from '../../../environments/filesystem/project-delta.js';
import {
  fromFiles,
  getFile,
  listFiles,
  putFile,
  removeFile,
  splitPath,
  toFiles,
  type FsDir,
  type FsFile,
  type FsState,
} from '../../../environments/filesystem/state.js';

/** A whole-project `search` outcome. */
const searchAll = (s: FsState, pattern: string) =>
  FS_TOOLS.search.run(s, { pattern, path: '' }, { role: 'executor', clock: 0, step: 1 });

/** What a search finds under `dir`, by a plain walk: each directory's files, then its subdirectories, by name. */
function walkSearch(dir: FsDir, prefix: string, pattern: string): { reads: string[]; total: number } {
  const reads: string[] = [];
  let total = 0;
  const at = (name: string) => (prefix === '' ? name : `${prefix}/${name}`);
  for (const name of Object.keys(dir.files).sort()) {
    const lines = (dir.files[name] as FsFile).content.split('\n').filter((line) => line.includes(pattern));
    if (lines.length > 0) reads.push(at(name));
    total += lines.length;
  }
  for (const name of Object.keys(dir.dirs).sort()) {
    const below = walkSearch(dir.dirs[name] as FsDir, at(name), pattern);
    reads.push(...below.reads);
    total += below.total;
  }
  return { reads, total };
}

/** The whole-project `run_tests` outcome. */
const runTests = (s: FsState) => FS_TOOLS.run_tests.run(s, { path: '' }, { role: 'executor', clock: 0, step: 1 });

/** The whole-project `lint` outcome. */
const lintAll = (s: FsState) => FS_TOOLS.lint.run(s, { path: '' }, { role: 'executor', clock: 0, step: 1 });

/** A copy with fresh objects: nothing memoized on the original applies to it. */
const fresh = (s: FsState): FsState => fromFiles(toFiles(s));

/** `symbol-renamed` as it was written before it kept per-directory results: a walk of every module. */
function symbolRenamedFromScratch(world: FsState, p: Record<string, unknown>): boolean {
  const oldName = p['oldName'] as string;
  const definedIn = p['definedIn'] as string;
  const skip = (p['skip'] as string[] | undefined) ?? [];
  const aliasIn = (p['aliasIn'] as string[] | undefined) ?? [];
  const under = (path: string, prefix: string) =>
    prefix.length > 0 && (path === prefix || (prefix.endsWith('/') && path.startsWith(prefix)));
  const report = analyzeProject(fresh(world));
  const home = report.modules.get(definedIn);
  if (!home?.definitions.some((d) => d.name === p['newName'] && d.exported)) return false;
  for (const [path, mod] of report.modules) {
    if (skip.some((x) => under(path, x))) continue;
    for (const decl of mod.imports)
      if (decl.names.some((b) => b.imported === oldName || b.local === oldName)) return false;
    if (mod.calls.some((c) => c.name === oldName)) return false;
    if (path !== definedIn && !aliasIn.includes(path) && mod.definitions.some((d) => d.name === oldName)) return false;
  }
  return true;
}

type Op = readonly [kind: number, a: number, b: number, c: number];

/**
 * Applies one edit a team could make: delete, copy, create, rename, re-export (cycles included),
 * import, or a rewrite that keeps what the file exports (an import added, a comment appended).
 */
function apply(state: FsState, [kind, a, b, c]: Op): FsState {
  const files = listFiles(state).filter((p) => p.endsWith('.ts'));
  if (files.length === 0) return state;
  const A = files[a % files.length] as string;
  const B = files[b % files.length] as string;
  const textB = getFile(state, B)?.content ?? '';
  const names = parseSource(textB).definitions.map((d) => d.name);
  const name = names[c % Math.max(1, names.length)] ?? 'missingName';
  const write = (path: string, content: string) => {
    const r = putFile(state, splitPath(path), content);
    return r.ok ? r.state : state;
  };
  switch (kind % 8) {
    case 0: {
      const r = removeFile(state, splitPath(A));
      return r.ok ? r.state : state;
    }
    case 1:
      return write(A, textB);
    case 2:
      return write(`${A.slice(0, A.lastIndexOf('/') + 1)}added${c % 5}.ts`, textB);
    case 3: {
      // A name A itself defines: its importers and re-exporters (and theirs) see it go.
      const textA = getFile(state, A)?.content ?? '';
      const own = parseSource(textA).definitions.map((d) => d.name);
      const target = own[c % Math.max(1, own.length)] ?? name;
      return write(A, textA.split(target).join(`${target}Renamed`));
    }
    case 4:
      return write(A, `// SPDX-License-Identifier: MIT\nexport { ${name} } from '${relativeSpecifier(A, B)}';\n`);
    case 6:
      // The names A exports stay; its own problems may change (a missing export, a duplicate).
      return write(A, `import { ${name} } from '${relativeSpecifier(A, B)}';\n${getFile(state, A)?.content ?? ''}`);
    case 7:
      return write(A, `${getFile(state, A)?.content ?? ''}\n// reviewed ${c}\n`);
    default:
      return write(
        A,
        `// SPDX-License-Identifier: MIT\nimport { ${name} } from '${relativeSpecifier(A, B)}';\n\nexport function useIt${c}(x) {\n  return ${name}(x);\n}\n`,
      );
  }
}

const tasks: Task<FsState>[] = [0, 1, 2].flatMap((seed) => [
  renameSymbolFamily.generate(Rng.fromSeed(seed), seed, 60),
  splitModuleFamily.generate(Rng.fromSeed(seed), seed),
]);

describe('incremental filesystem checkers equal a from-scratch evaluation', () => {
  // States are graded after some edits only: the others are never looked at, as when a move
  // writes twice, so a graded state is worked out from an ungraded parent.
  it('over random edit sequences (type check, exports, importers, lint, symbol-renamed, every constraint)', () => {
    fc.assert(
      fc.property(
        fc.nat(tasks.length - 1),
        fc.array(fc.tuple(fc.nat(7), fc.nat(999), fc.nat(999), fc.nat(99), fc.nat(3)), {
          minLength: 1,
          maxLength: 10,
        }),
        (t, ops) => {
          const task = tasks[t] as Task<FsState>;
          const initial = task.world;
          const initialCopy = fresh(initial);
          let world = initial;
          for (const [i, [kind, a, b, c, skip]] of ops.entries()) {
            world = apply(world, [kind, a, b, c]);
            if (skip === 0 && i < ops.length - 1) continue;
            const copy = fresh(world);
            const scratch = analyzeProject(copy);
            expect(projectOk(world, initial)).toBe(scratch.ok);
            expect(lintOk(world)).toBe(lintProject(copy).ok);
            for (const path of listFiles(world).filter((p) => p.endsWith('.ts') && !p.startsWith('packages/'))) {
              expect([...projectExportsOf(world, initial, path)].sort()).toEqual([...scratch.exportsOf(path)].sort());
              expect(projectImporters(world, initial, path)).toEqual(scratch.importers(path));
            }
            // Once graded, a clean project's whole test run and lint come from the incremental checks.
            expect(runTests(world)).toEqual(runTests(copy));
            // A search answered from the directories' kept hits finds what a search of a new copy
            // finds, and what a plain walk of the tree finds.
            for (const pattern of ['export', 'import {', 'x']) {
              const found = searchAll(world, pattern);
              expect(found).toEqual(searchAll(copy, pattern));
              const walked = walkSearch(world.root, '', pattern);
              expect(found.reads ?? []).toEqual(walked.reads);
              expect(found.result).toMatchObject({ files: walked.reads.length, total: walked.total });
            }
            expect(lintAll(world)).toEqual(lintAll(copy));
            for (const k of task.constraints) {
              const checker = FS_CHECKERS[k.kind];
              if (!checker) continue;
              const ctx = { world, initial, answer: null, params: k.params };
              if (k.kind === 'symbol-renamed') expect(checker(ctx)).toBe(symbolRenamedFromScratch(world, k.params));
              expect(checker(ctx)).toBe(checker({ ...ctx, world: copy, initial: initialCopy }));
            }
          }
        },
      ),
      { numRuns: runs(20, 60), seed: 15 },
    );
  });
});

describe('mergedSorted', () => {
  it('merges two sorted lists of distinct paths in the order a sort of both gives', () => {
    const path = fc.stringMatching(/^[A-Za-z0-9_./-]{0,12}$/);
    fc.assert(
      fc.property(fc.uniqueArray(path, { maxLength: 30 }), fc.nat(30), (paths, cut) => {
        const a = paths.slice(0, cut).sort();
        const b = paths.slice(cut).sort();
        expect(mergedSorted(a, b)).toEqual([...a, ...b].sort());
      }),
      { numRuns: 300 },
    );
  });
});

describe('withoutPrefixes', () => {
  it('leaves out of a sorted list exactly the paths that start with a prefix', () => {
    const path = fc.stringMatching(/^[ab/.]{0,6}$/);
    fc.assert(
      fc.property(fc.uniqueArray(path, { maxLength: 40 }), fc.array(path, { maxLength: 4 }), (paths, prefixes) => {
        const sorted = paths.sort();
        expect(withoutPrefixes(sorted, prefixes)).toEqual(sorted.filter((p) => !prefixes.some((i) => p.startsWith(i))));
      }),
      { numRuns: 500 },
    );
  });
});

describe('incremental type check', () => {
  const H = '// SPDX-License-Identifier: MIT';
  const initial = fromFiles({
    'src/calc.ts': `${H}\n\nexport function sumTotal(a) {\n  return a;\n}\n`,
    'src/index.ts': `${H}\nexport { sumTotal } from './calc.js';\n`,
    'src/use.ts': `${H}\nimport { sumTotal } from './index.js';\n\nexport function useIt(x) {\n  return sumTotal(x);\n}\n`,
    'test/use.test.ts': `${H}\nimport { useIt } from '../src/use.js';\n\nexport function check(x) {\n  return useIt(x);\n}\n`,
  });
  const write = (s: FsState, path: string, content: string | null): FsState => {
    const r = content === null ? removeFile(s, splitPath(path)) : putFile(s, splitPath(path), content);
    if (!r.ok) throw new Error(r.problem.message);
    return r.state;
  };

  it('follows a change through re-exports to the files that import the barrel', () => {
    expect(projectOk(initial, initial)).toBe(true);
    const renamed = write(initial, 'src/calc.ts', `${H}\n\nexport function sumAll(a) {\n  return a;\n}\n`);
    expect(analyzeProject(renamed).ok).toBe(false);
    expect(projectOk(renamed, initial)).toBe(false);
    // The barrel no longer exports what its target dropped.
    expect([...projectExportsOf(renamed, initial, 'src/index.ts')]).toEqual([]);
  });

  it('counts test files created and deleted', () => {
    expect(projectOk(write(initial, 'test/use.test.ts', null), initial)).toBe(false);
  });

  it('gives run_tests of a graded clean state exactly what a full analysis gives', () => {
    const added = write(initial, 'test/more.test.ts', `${H}\nimport { useIt } from '../src/use.js';\n`);
    const gone = write(added, 'test/use.test.ts', null);
    const none = write(gone, 'test/more.test.ts', null);
    const ignored = write(none, 'vendor/x.ts', `${H}\n`);
    const config = write(ignored, '.lintrc.json', JSON.stringify({ ignore: ['vendor/'] }));
    for (const s of [initial, added, gone, none, ignored, config]) {
      projectOk(s, initial);
      expect(runTests(s)).toEqual(runTests(fresh(s)));
      expect(lintAll(s)).toEqual(lintAll(fresh(s)));
    }
    expect(lintAll(config).reads).toEqual(['src/calc.ts', 'src/index.ts', 'src/use.ts']);
    expect(runTests(gone).reads).toEqual(['src/calc.ts', 'src/index.ts', 'src/use.ts', 'test/more.test.ts']);
    expect(runTests(none).result).toMatchObject({ ok: false, summary: 'no test files under "/"' });
  });

  it('hands out the same module list while the modules created and deleted stay the same', () => {
    // What callers keep per list (a composed world's lifted names) holds across such states.
    const added = write(initial, 'src/extra.ts', `${H}\nexport const extra = 1;\n`);
    const edited = write(added, 'src/extra.ts', `${H}\nexport const extra = 2;\n`);
    const more = write(edited, 'src/more.ts', `${H}\n`);
    for (const s of [added, edited, more]) projectOk(s, initial);
    expect(runTests(edited).reads).toBe(runTests(added).reads);
    expect(lintAll(edited).reads).toBe(lintAll(added).reads);
    expect(runTests(more).reads).not.toBe(runTests(edited).reads);
    for (const s of [added, edited, more]) {
      expect(runTests(s)).toEqual(runTests(fresh(s)));
      expect(lintAll(s)).toEqual(lintAll(fresh(s)));
    }
    // Back to the modules of an earlier state: the list is worked out again, and right.
    const back = write(more, 'src/more.ts', null);
    projectOk(back, initial);
    expect(runTests(back)).toEqual(runTests(fresh(back)));
  });

  it('sees an import resolve again when the module it names is written back', () => {
    // A module with no exports, deleted and then created again: what it exports is the same
    // (nothing), yet the file importing it goes from a missing module to a clean import.
    let s = write(initial, 'src/notes.ts', `${H}\n`);
    s = write(s, 'src/ns.ts', `${H}\nimport * as notes from './notes.js';\n`);
    const gone = write(s, 'src/notes.ts', null);
    const back = write(gone, 'src/notes.ts', `${H}\n`);
    const edited = write(back, 'src/notes.ts', `${H}\n// kept\n`);
    for (const state of [s, gone, back, edited]) {
      expect(projectOk(state, initial)).toBe(analyzeProject(fresh(state)).ok);
      expect(projectImporters(state, initial, 'src/notes.ts')).toEqual(
        analyzeProject(fresh(state)).importers('src/notes.ts'),
      );
    }
    expect(projectOk(gone, initial)).toBe(false);
    expect(projectOk(edited, initial)).toBe(true);
    expect(projectImporters(edited, initial, 'src/notes.ts')).toEqual(['src/ns.ts']);
  });

  it('answers a re-export cycle exactly as the full analysis does', () => {
    let s = write(initial, 'src/a.ts', `${H}\nexport { x } from './b.js';\n`);
    s = write(s, 'src/b.ts', `${H}\nexport { x } from './a.js';\n`);
    s = write(s, 'src/c.ts', `${H}\nimport { x } from './a.js';\n\nexport function y() {\n  return x();\n}\n`);
    expect(projectOk(s, initial)).toBe(analyzeProject(fresh(s)).ok);
    expect([...projectExportsOf(s, initial, 'src/a.ts')]).toEqual([...analyzeProject(fresh(s)).exportsOf('src/a.ts')]);
  });
});
