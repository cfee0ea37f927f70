import { describe, expect, it } from 'vitest';
import { FS_CHECKERS } from '../../../environments/filesystem/checkers.js';
import {
  fromFiles,
  getFile,
  putFile,
  removeFile,
  splitPath,
  type FsState,
} from '../../../environments/filesystem/state.js';
import { filesystemWorld } from '../../../environments/filesystem/world.js';

const H = '// SPDX-License-Identifier: MIT';

const initial = fromFiles({
  '.lintrc.json': JSON.stringify({ maxLines: 50, ignore: ['vendor/'] }),
  'CHANGELOG.md': '# Changelog\n\n## v1.2.0\n\n- Older change.\n',
  'src/calc.ts': `${H}\n\nexport function sumTotal(a) {\n  return a;\n}\n`,
  'src/use.ts': `${H}\nimport { sumTotal } from './calc.js';\n\nexport function useIt(x) {\n  return sumTotal(x);\n}\n`,
  'src/index.ts': `${H}\nexport { sumTotal } from './calc.js';\n`,
  'vendor/lib/index.ts': 'export function sumTotal(v) {\n  return v;\n}\n',
  'test/calc.test.ts': `${H}\nimport { expect, it } from 'vitest';\nimport { sumTotal } from '../src/calc.js';\n\nit('sums', () => {\n  expect(sumTotal(1)).toBe(1);\n});\n`,
});

function edit(state: FsState, changes: Record<string, string | null>): FsState {
  let s = state;
  for (const [path, content] of Object.entries(changes)) {
    const r = content === null ? removeFile(s, splitPath(path)) : putFile(s, splitPath(path), content);
    if (!r.ok) throw new Error(r.problem.message);
    s = r.state;
  }
  return s;
}

function check(kind: string, world: FsState, params: Record<string, unknown>, answer: string | null = null): boolean {
  const checker = FS_CHECKERS[kind];
  if (!checker) throw new Error(`no checker ${kind}`);
  return checker({ world, initial, answer, params });
}

/** The rename done right: definition, call site, test, alias in the index, changelog. */
const renamed = edit(initial, {
  'src/calc.ts': `${H}\n\nexport function computeTotal(a) {\n  return a;\n}\n`,
  'src/use.ts': `${H}\nimport { computeTotal } from './calc.js';\n\nexport function useIt(x) {\n  return computeTotal(x);\n}\n`,
  'src/index.ts': `${H}\nexport { computeTotal, computeTotal as sumTotal } from './calc.js';\n`,
  'test/calc.test.ts': `${H}\nimport { expect, it } from 'vitest';\nimport { computeTotal } from '../src/calc.js';\n\nit('sums', () => {\n  expect(computeTotal(1)).toBe(1);\n});\n`,
  'CHANGELOG.md':
    '# Changelog\n\n## v1.3.0\n\n- Renamed `sumTotal` to `computeTotal`.\n\n## v1.2.0\n\n- Older change.\n',
});

describe('filesystem checkers', () => {
  it('cover every kind the families use', () => {
    expect(Object.keys(FS_CHECKERS).sort()).toEqual(
      [
        'answer-change-count',
        'answer-mentions',
        'api-name-kept',
        'changelog-entry',
        'direct-imports',
        'file-header',
        'lint-clean',
        'max-lines',
        'module-split',
        'no-collateral',
        'path-untouched',
        'symbol-renamed',
        'tests-pass',
      ].sort(),
    );
  });

  it('tests-pass', () => {
    expect(check('tests-pass', initial, {})).toBe(true);
    expect(check('tests-pass', renamed, {})).toBe(true);
    expect(
      check('tests-pass', edit(initial, { 'src/calc.ts': `${H}\nexport function other() {\n  return 1;\n}\n` }), {}),
    ).toBe(false);
  });

  it('lint-clean', () => {
    expect(check('lint-clean', initial, {})).toBe(true);
    expect(
      check(
        'lint-clean',
        edit(initial, { 'src/use.ts': `${H}\nexport function useIt(x) {\n  console.log(x);\n}\n` }),
        {},
      ),
    ).toBe(false);
  });

  it('symbol-renamed', () => {
    const p = { oldName: 'sumTotal', newName: 'computeTotal', definedIn: 'src/calc.ts', skip: ['vendor/'] };
    expect(check('symbol-renamed', initial, p)).toBe(false);
    expect(check('symbol-renamed', renamed, p)).toBe(true);
    // A call site left behind.
    expect(
      check('symbol-renamed', edit(renamed, { 'src/use.ts': initial.root.dirs['src']!.files['use.ts']!.content }), p),
    ).toBe(false);
    // Renamed to the wrong name.
    expect(check('symbol-renamed', renamed, { ...p, newName: 'calcTotal' })).toBe(false);
    // The vendored copy counts unless skipped.
    expect(check('symbol-renamed', renamed, { ...p, skip: [] })).toBe(false);
    // A deprecated wrapper in the defining module is fine.
    const wrapper = edit(renamed, {
      'src/calc.ts': `${getFile(renamed, 'src/calc.ts')!.content}\nexport function sumTotal(...args) {\n  return computeTotal(...args);\n}\n`,
    });
    expect(check('symbol-renamed', wrapper, p)).toBe(true);
    // ...and so is one in an `aliasIn` file, but not elsewhere.
    const indexWrapper = edit(renamed, {
      'src/index.ts': `${H}\nimport { computeTotal } from './calc.js';\nexport { computeTotal };\nexport function sumTotal(...args) {\n  return computeTotal(...args);\n}\n`,
    });
    expect(check('symbol-renamed', indexWrapper, { ...p, aliasIn: ['src/index.ts'] })).toBe(true);
    expect(check('symbol-renamed', indexWrapper, p)).toBe(false);
    expect(check('symbol-renamed', initial, {})).toBe(false);
  });

  it('symbol-renamed and changelog-entry answer alike with frozen params (remembered per object), asked again', () => {
    const p = { oldName: 'sumTotal', newName: 'computeTotal', definedIn: 'src/calc.ts', skip: ['vendor/'] };
    const c = { file: 'CHANGELOG.md', version: 'v1.3.0', mentions: ['sumTotal', 'computeTotal'] };
    const leftBehind = edit(renamed, { 'src/use.ts': initial.root.dirs['src']!.files['use.ts']!.content });
    const cases: [string, FsState, Record<string, unknown>][] = [
      ['symbol-renamed', renamed, p],
      ['symbol-renamed', leftBehind, p],
      ['symbol-renamed', renamed, { ...p, newName: 'calcTotal' }],
      ['symbol-renamed', renamed, { ...p, skip: [] }],
      ['symbol-renamed', renamed, { ...p, oldName: 'useIt' }],
      ['symbol-renamed', renamed, {}],
      ['changelog-entry', renamed, c],
      ['changelog-entry', renamed, { ...c, version: 'v1.2.1' }],
      ['changelog-entry', renamed, { ...c, mentions: ['somethingElse'] }],
    ];
    const frozen = cases.map(([kind, world, params]) => {
      const copy = structuredClone(params);
      for (const v of Object.values(copy)) if (Array.isArray(v)) Object.freeze(v);
      return [kind, world, Object.freeze(copy)] as const;
    });
    const plain = cases.map(([kind, world, params]) => check(kind, world, params));
    expect(plain).toEqual([true, false, false, false, false, false, true, false, false]);
    for (let round = 0; round < 2; round++)
      expect(frozen.map(([kind, world, params]) => check(kind, world, params))).toEqual(plain);
    // The same frozen params on another world: the answer follows the world.
    const [, , frozenP] = frozen[0]!;
    expect(check('symbol-renamed', leftBehind, frozenP)).toBe(false);
    expect(check('symbol-renamed', renamed, frozenP)).toBe(true);
  });

  it('api-name-kept', () => {
    expect(check('api-name-kept', renamed, { file: 'src/index.ts', names: ['sumTotal', 'computeTotal'] })).toBe(true);
    expect(check('api-name-kept', initial, { file: 'src/index.ts', names: ['sumTotal', 'computeTotal'] })).toBe(false);
    const dropped = edit(renamed, { 'src/index.ts': `${H}\nexport { computeTotal } from './calc.js';\n` });
    expect(check('api-name-kept', dropped, { file: 'src/index.ts', names: ['sumTotal'] })).toBe(false);
  });

  it('max-lines', () => {
    expect(check('max-lines', initial, { prefix: 'src/', max: 7 })).toBe(true);
    expect(check('max-lines', initial, { prefix: 'src/', max: 5 })).toBe(false);
    expect(check('max-lines', initial, { prefix: 'nowhere/', max: 1 })).toBe(true);
    expect(check('max-lines', initial, { prefix: 'src/', max: 'many' })).toBe(false);
  });

  it('changelog-entry', () => {
    const p = { file: 'CHANGELOG.md', version: 'v1.3.0', mentions: ['sumTotal', 'computeTotal'] };
    expect(check('changelog-entry', initial, p)).toBe(false);
    expect(check('changelog-entry', renamed, p)).toBe(true);
    expect(check('changelog-entry', renamed, { ...p, version: 'v1.2.1' })).toBe(false);
    expect(check('changelog-entry', renamed, { ...p, mentions: ['somethingElse'] })).toBe(false);
    // A longer version that starts with the same digits is not the version.
    const longer = edit(initial, { 'CHANGELOG.md': '# Changelog\n\n## v1.3.01\n\n- sumTotal computeTotal\n' });
    expect(check('changelog-entry', longer, p)).toBe(false);
    // The mention must be in that version's section, not a later one.
    const elsewhere = edit(initial, {
      'CHANGELOG.md': '# Changelog\n\n## v1.3.0\n\n- Nothing.\n\n## v1.2.0\n\n- sumTotal computeTotal\n',
    });
    expect(check('changelog-entry', elsewhere, p)).toBe(false);
    expect(check('changelog-entry', edit(initial, { 'CHANGELOG.md': null }), p)).toBe(false);
  });

  it('path-untouched', () => {
    expect(check('path-untouched', renamed, { prefix: 'vendor/' })).toBe(true);
    const touched = edit(renamed, { 'vendor/lib/index.ts': 'export function computeTotal(v) {\n  return v;\n}\n' });
    expect(check('path-untouched', touched, { prefix: 'vendor/' })).toBe(false);
    expect(check('path-untouched', edit(renamed, { 'vendor/lib/extra.ts': 'x' }), { prefix: 'vendor/' })).toBe(false);
    expect(check('path-untouched', edit(renamed, { 'vendor/lib/index.ts': null }), { prefix: 'vendor/' })).toBe(false);
    expect(check('path-untouched', renamed, { prefix: 'src/use.ts' })).toBe(false);
    expect(check('path-untouched', renamed, { prefix: 'test/nothing.ts' })).toBe(true);
    expect(check('path-untouched', renamed, { prefix: '' })).toBe(false);
  });

  it('no-collateral', () => {
    const allow = ['src/', 'test/calc.test.ts', 'CHANGELOG.md'];
    expect(check('no-collateral', renamed, { allow })).toBe(true);
    expect(check('no-collateral', renamed, { allow: ['src/', 'CHANGELOG.md'] })).toBe(false);
    expect(check('no-collateral', edit(renamed, { 'README.md': 'new' }), { allow })).toBe(false);
    // A prefix without a trailing slash is an exact path, not a directory.
    expect(check('no-collateral', renamed, { allow: ['src', 'test/calc.test.ts', 'CHANGELOG.md'] })).toBe(false);
    expect(check('no-collateral', renamed, {})).toBe(false);
  });

  it('file-header', () => {
    expect(check('file-header', initial, { prefix: 'src/', header: H })).toBe(true);
    expect(check('file-header', initial, { prefix: 'src/', header: '// SPDX-License-Identifier: ISC' })).toBe(false);
    expect(
      check('file-header', edit(initial, { 'src/deep/x.ts': 'export function x() {}\n' }), {
        prefix: 'src/',
        header: H,
      }),
    ).toBe(false);
    expect(
      check('file-header', edit(initial, { 'src/notes.md': 'no header needed' }), { prefix: 'src/', header: H }),
    ).toBe(true);
  });

  it('module-split and direct-imports', () => {
    const split = edit(initial, {
      'src/calc/sum.ts': `${H}\nexport function sumTotal(a) {\n  return a;\n}\n`,
      'src/calc.ts': `${H}\nexport { sumTotal } from './calc/sum.js';\n`,
      'src/use.ts': `${H}\nimport { sumTotal } from './calc/sum.js';\n\nexport function useIt(x) {\n  return sumTotal(x);\n}\n`,
    });
    const p = { module: 'src/calc.ts', dir: 'src/calc/', names: ['sumTotal'] };
    expect(check('module-split', initial, p)).toBe(false);
    expect(check('module-split', split, p)).toBe(true);
    expect(
      check(
        'module-split',
        edit(split, { 'src/calc/dup.ts': `${H}\nexport function sumTotal(b) {\n  return b;\n}\n` }),
        p,
      ),
    ).toBe(false);
    expect(check('module-split', edit(split, { 'src/calc.ts': null }), p)).toBe(false);
    const d = { module: 'src/calc.ts', prefix: 'src/', except: [] };
    expect(check('direct-imports', initial, d)).toBe(false);
    expect(check('direct-imports', split, d)).toBe(true);
    // Importers under an excepted prefix, or outside the prefix, are fine.
    expect(check('direct-imports', initial, { ...d, except: ['src/use.ts'] })).toBe(true);
    expect(check('direct-imports', initial, { ...d, prefix: 'lib/' })).toBe(true);
    expect(check('direct-imports', initial, { ...d, prefix: 'test/' })).toBe(false);
  });

  it('answer-change-count and answer-mentions', () => {
    const n = filesystemWorld.diff(initial, renamed).length;
    expect(n).toBe(5);
    expect(check('answer-change-count', renamed, {}, null)).toBe(false);
    expect(check('answer-change-count', renamed, {}, `Changed ${n} files.`)).toBe(true);
    expect(check('answer-change-count', renamed, {}, `Changed ${n + 1} files.`)).toBe(false);
    expect(check('answer-change-count', renamed, {}, `Changed 1${n} files.`)).toBe(false);
    expect(check('answer-change-count', edit(initial, { 'README.md': 'x' }), {}, 'I changed 1 file.')).toBe(true);
    expect(
      check('answer-mentions', renamed, { mentions: ['computeTotal', 'V1.3.0'] }, 'renamed to computeTotal in v1.3.0'),
    ).toBe(true);
    expect(check('answer-mentions', renamed, { mentions: ['computeTotal'] }, 'done')).toBe(false);
    expect(check('answer-mentions', renamed, { mentions: ['x'] }, null)).toBe(false);
  });
});

describe('filesystemWorld', () => {
  it('diffs sorted paths and offers a vocabulary of paths and names', () => {
    expect(filesystemWorld.diff(initial, renamed)).toEqual([
      'CHANGELOG.md',
      'src/calc.ts',
      'src/index.ts',
      'src/use.ts',
      'test/calc.test.ts',
    ]);
    const words = filesystemWorld.vocabulary(initial);
    expect(words).toContain('src/calc.ts');
    expect(words).toContain('sumTotal');
    expect(new Set(words).size).toBe(words.length);
  });
});
