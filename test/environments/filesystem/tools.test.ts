import { describe, expect, it } from 'vitest';
import type { ToolOutcome } from '../../../src/team/world.js';
import { FS_TOOLS, MAX_READ_LINES } from '../../../environments/filesystem/tools.js';
import { fromFiles, getFile, toFiles, type FsState } from '../../../environments/filesystem/state.js';
import { analyzeProject } from '../../../environments/filesystem/runner.js';
import { lintProject } from '../../../environments/filesystem/linter.js';

const H = '// SPDX-License-Identifier: MIT';
const LINT = JSON.stringify({ maxLines: 30, rules: {}, ignore: ['vendor/'] });

/** A small, healthy project: tests pass and lint is clean. */
const project = (extra: Record<string, string> = {}): FsState =>
  fromFiles({
    '.lintrc.json': LINT,
    'README.md': '# demo\n',
    'src/math.ts': `${H}\n\nexport function add(a, b) {\n  return a + b;\n}\n\nexport function twice(a) {\n  return add(a, a);\n}\n`,
    'src/index.ts': `${H}\nexport { add, twice } from './math.js';\n`,
    'src/report.ts': `${H}\nimport { twice } from './math.js';\nimport { pad } from '../vendor/pad/index.js';\n\nexport function report(x) {\n  return pad(twice(x));\n}\n`,
    'vendor/pad/index.ts': `export function pad(s) {\n  console.log(s);\n  return String(s);\n}\n`,
    'test/math.test.ts': `${H}\nimport { describe, expect, it } from 'vitest';\nimport { add } from '../src/math.js';\n\ndescribe('add', () => {\n  it('adds', () => {\n    expect(add(1, 2)).toBe(3);\n  });\n});\n`,
    'test/report.test.ts': `${H}\nimport { expect, it } from 'vitest';\nimport { report } from '../src/report.js';\n\nit('reports', () => {\n  expect(report(1)).toBeDefined();\n});\n`,
    ...extra,
  });

const ctx = { role: 'executor', clock: 0, step: 1 };

/** Runs a tool as the env does: arguments parsed by its zod schema first. */
function run(state: FsState, tool: keyof typeof FS_TOOLS, args: Record<string, unknown>): ToolOutcome<FsState> {
  const spec = FS_TOOLS[tool];
  const parsed = spec.args.safeParse(args);
  if (!parsed.success) throw new Error(`bad args for ${tool}: ${parsed.error.message}`);
  return spec.run(state, parsed.data as never, ctx);
}

function result<T = Record<string, unknown>>(o: ToolOutcome<FsState>): T {
  expect(o.ok, JSON.stringify(o.error)).toBe(true);
  return o.result as T;
}

function errorCode(o: ToolOutcome<FsState>): string | undefined {
  expect(o.ok).toBe(false);
  expect(o.world).toBeUndefined();
  expect(o.error?.message.length).toBeGreaterThan(10);
  return o.error?.code;
}

describe('read-only tools', () => {
  it('never return a new world', () => {
    const s = project();
    for (const [tool, args] of [
      ['list_dir', {}],
      ['list_dir', { path: 'src' }],
      ['read_file', { path: 'src/math.ts' }],
      ['search', { pattern: 'add' }],
      ['run_tests', {}],
      ['lint', {}],
    ] as const) {
      const o = run(s, tool, args);
      expect(o.ok).toBe(true);
      expect(o.world, tool).toBeUndefined();
    }
    expect(
      Object.values(FS_TOOLS)
        .filter((t) => t.readOnly)
        .map((t) => t.name)
        .sort(),
    ).toEqual(['grep', 'lint', 'list_dir', 'read_file', 'run_tests', 'search']);
  });

  it('list_dir lists subdirectories and files with line counts', () => {
    const s = project();
    expect(result(run(s, 'list_dir', {}))).toEqual({
      path: '',
      dirs: ['src', 'test', 'vendor'],
      files: [
        { name: '.lintrc.json', lines: 1 },
        { name: 'README.md', lines: 1 },
      ],
    });
    expect(result(run(s, 'list_dir', { path: './src/' }))).toMatchObject({
      path: 'src',
      dirs: [],
      files: [
        { name: 'index.ts', lines: 2 },
        { name: 'math.ts', lines: 9 },
        { name: 'report.ts', lines: 7 },
      ],
    });
    expect(errorCode(run(s, 'list_dir', { path: 'nope' }))).toBe('not_found');
    expect(errorCode(run(s, 'list_dir', { path: 'src/math.ts' }))).toBe('not_a_directory');
    expect(errorCode(run(s, 'list_dir', { path: '../up' }))).toBe('invalid_path');
  });

  it('read_file returns content, windows of lines, and clear errors', () => {
    const s = project();
    const r = run(s, 'read_file', { path: '/src/math.ts' });
    expect(result(r)).toMatchObject({ path: 'src/math.ts', lines: 9 });
    expect(result<{ content: string }>(r).content).toBe(getFile(s, 'src/math.ts')?.content);
    expect(r.reads).toEqual(['src/math.ts']);
    expect(result(run(s, 'read_file', { path: 'src/math.ts', offset: 3, limit: 2 }))).toEqual({
      path: 'src/math.ts',
      lines: 9,
      from: 3,
      to: 4,
      content: 'export function add(a, b) {\n  return a + b;',
      truncated: true,
    });
    expect(errorCode(run(s, 'read_file', { path: 'src/none.ts' }))).toBe('not_found');
    expect(errorCode(run(s, 'read_file', { path: 'src' }))).toBe('is_a_directory');
    expect(errorCode(run(s, 'read_file', { path: '' }))).toBe('is_a_directory');
    expect(errorCode(run(s, 'read_file', { path: 'src/math.ts/x' }))).toBe('not_a_directory');
    expect(errorCode(run(s, 'read_file', { path: '__proto__' }))).toBe('invalid_path');
    expect(FS_TOOLS.read_file.args.safeParse({ path: 'a', limit: MAX_READ_LINES + 1 }).success).toBe(false);
    expect(FS_TOOLS.read_file.args.safeParse({ path: 'a', extra: 1 }).success).toBe(false);
  });

  it('read_file caps a long file', () => {
    const long = Array.from({ length: MAX_READ_LINES + 50 }, (_, i) => `line ${i + 1}`).join('\n');
    const r = result(run(project({ 'big.txt': long }), 'read_file', { path: 'big.txt' }));
    expect(r).toMatchObject({ lines: MAX_READ_LINES + 50, from: 1, to: MAX_READ_LINES, truncated: true });
  });

  it('search finds literal matches as path:line and reports what it read', () => {
    const s = project();
    const o = run(s, 'search', { pattern: 'twice(' });
    expect(result(o)).toMatchObject({
      matches: ['src/math.ts:7: export function twice(a) {', 'src/report.ts:6:   return pad(twice(x));'],
      files: 2,
      total: 2,
      truncated: false,
    });
    expect(o.reads).toEqual(['src/math.ts', 'src/report.ts']);
    expect(result(run(s, 'search', { pattern: 'add', path: 'test' }))).toMatchObject({ files: 1 });
    expect(result(run(s, 'search', { pattern: 'add', path: 'src/index.ts' }))).toMatchObject({
      matches: ["src/index.ts:2: export { add, twice } from './math.js';"],
    });
    expect(result(run(s, 'search', { pattern: 'no such text' }))).toMatchObject({ matches: [], files: 0 });
    expect(run(s, 'search', { pattern: 'no such text' }).reads).toBeUndefined();
    expect(errorCode(run(s, 'search', { pattern: 'x', path: 'missing' }))).toBe('not_found');
    expect(FS_TOOLS.search.args.safeParse({ pattern: '' }).success).toBe(false);
  });

  it('search again after writes finds what a search of a fresh copy finds', () => {
    let s = project();
    const again = (pattern: string, path = '') => {
      const o = run(s, 'search', { pattern, path });
      const copy = run(fromFiles(toFiles(s)), 'search', { pattern, path });
      expect(o).toEqual(copy);
      return o;
    };
    again('twice(');
    again('twice(', 'src');
    s = run(s, 'write_file', { path: 'src/deep/more.ts', content: 'twice(1);\ntwice(2);\n' }).world ?? s;
    expect(result(again('twice(')).total).toBe(4);
    again('twice(', 'src');
    s = run(s, 'delete_file', { path: 'src/report.ts' }).world ?? s;
    expect(again('twice(').reads).toEqual(['src/math.ts', 'src/deep/more.ts']);
    // Many matches in several directories: the first 100 in path order, all counted.
    const many = Array.from({ length: 60 }, () => 'hit').join('\n');
    s = project({ 'a/x.txt': many, 'a/b/y.txt': many, 'a/c.txt': many, 'z.txt': many });
    expect(result(again('hit'))).toMatchObject({ total: 240, truncated: true });
  });

  it('search caps its matches', () => {
    const many = Array.from({ length: 150 }, () => 'hit').join('\n');
    expect(result(run(project({ 'many.txt': many }), 'search', { pattern: 'hit' }))).toMatchObject({
      total: 150,
      truncated: true,
    });
  });
});

describe('write tools', () => {
  it('write_file creates, replaces and reports writes; the old state is untouched', () => {
    const s = project();
    const created = run(s, 'write_file', {
      path: 'src/new/util.ts',
      content: `${H}\nexport function u() {\n  return 1;\n}\n`,
    });
    expect(result(created)).toEqual({ path: 'src/new/util.ts', lines: 4, created: true });
    expect(created.writes).toEqual(['src/new/util.ts']);
    expect(getFile(created.world as FsState, 'src/new/util.ts')).toBeDefined();
    expect(getFile(s, 'src/new/util.ts')).toBeUndefined();
    const replaced = run(s, 'write_file', { path: 'README.md', content: '# changed\n' });
    expect(result(replaced)).toMatchObject({ created: false });
    expect(getFile(replaced.world as FsState, 'README.md')?.content).toBe('# changed\n');
  });

  it('write_file with identical content changes nothing', () => {
    const s = project();
    const o = run(s, 'write_file', { path: 'README.md', content: '# demo\n' });
    expect(result(o)).toMatchObject({ unchanged: true });
    expect(o.world).toBeUndefined();
    expect(o.writes).toBeUndefined();
  });

  it('write_file refuses directories, files in the way, bad paths and huge content', () => {
    const s = project();
    expect(errorCode(run(s, 'write_file', { path: 'src', content: 'x' }))).toBe('is_a_directory');
    expect(errorCode(run(s, 'write_file', { path: 'src/math.ts/x.ts', content: 'x' }))).toBe('not_a_directory');
    expect(errorCode(run(s, 'write_file', { path: 'a/../b', content: 'x' }))).toBe('invalid_path');
    expect(FS_TOOLS.write_file.args.safeParse({ path: 'a', content: 'x'.repeat(20_001) }).success).toBe(false);
  });

  it('move_file moves a file and refuses the wrong cases', () => {
    const s = project();
    const o = run(s, 'move_file', { from: 'README.md', to: 'docs/README.md' });
    expect(result(o)).toEqual({ from: 'README.md', to: 'docs/README.md' });
    expect(o.writes).toEqual(['README.md', 'docs/README.md']);
    const w = o.world as FsState;
    expect(getFile(w, 'README.md')).toBeUndefined();
    expect(getFile(w, 'docs/README.md')?.content).toBe('# demo\n');
    expect(errorCode(run(s, 'move_file', { from: 'nope', to: 'x' }))).toBe('not_found');
    expect(errorCode(run(s, 'move_file', { from: 'src', to: 'x' }))).toBe('is_a_directory');
    expect(errorCode(run(s, 'move_file', { from: 'README.md', to: 'src' }))).toBe('is_a_directory');
    expect(errorCode(run(s, 'move_file', { from: 'README.md', to: 'src/math.ts' }))).toBe('already_exists');
    expect(errorCode(run(s, 'move_file', { from: 'README.md', to: 'src/math.ts/x' }))).toBe('not_a_directory');
  });

  it('delete_file deletes a file only', () => {
    const s = project();
    const o = run(s, 'delete_file', { path: 'README.md' });
    expect(result(o)).toEqual({ path: 'README.md', deleted: true });
    expect(getFile(o.world as FsState, 'README.md')).toBeUndefined();
    expect(errorCode(run(s, 'delete_file', { path: 'src' }))).toBe('is_a_directory');
    expect(errorCode(run(s, 'delete_file', { path: 'gone.ts' }))).toBe('not_found');
  });
});

describe('run_tests', () => {
  it('passes a healthy project', () => {
    const s = project();
    const o = run(s, 'run_tests', {});
    expect(result(o)).toMatchObject({ ok: true, passed: 2, failed: 0, typeErrors: [] });
    expect(o.reads).toContain('src/math.ts');
    expect(analyzeProject(s).ok).toBe(true);
    expect(analyzeProject(s)).toBe(analyzeProject(s));
  });

  const broken: [string, Record<string, string>, string][] = [
    [
      'a missing module',
      {
        'src/report.ts': `${H}\nimport { twice } from './gone.js';\nexport function report(x) {\n  return twice(x);\n}\n`,
      },
      'cannot_find_module',
    ],
    [
      'a missing export',
      {
        'src/report.ts': `${H}\nimport { thrice } from './math.js';\nexport function report(x) {\n  return thrice(x);\n}\n`,
      },
      'missing_export',
    ],
    [
      'a call to an undefined name',
      { 'src/report.ts': `${H}\nexport function report(x) {\n  return twice(x);\n}\n` },
      'undefined_name',
    ],
    [
      'a duplicate definition',
      {
        'src/report.ts': `${H}\nexport function report(x) {\n  return x;\n}\nexport function report(y) {\n  return y;\n}\n`,
      },
      'duplicate_identifier',
    ],
    [
      'a duplicate export',
      { 'src/index.ts': `${H}\nexport { add, twice } from './math.js';\nexport { add } from './math.js';\n` },
      'duplicate_export',
    ],
    ['an export of nothing', { 'src/index.ts': `${H}\nexport { ghost };\n` }, 'undefined_export'],
  ];
  for (const [what, files, code] of broken) {
    it(`flags ${what}`, () => {
      const r = analyzeProject(project(files));
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => p.code)).toContain(code);
    });
  }

  it('fails exactly the tests whose import closure is broken, and can be limited to a path', () => {
    const s = project({ 'src/report.ts': `${H}\nexport function report(x) {\n  return twice(x);\n}\n` });
    const all = result(run(s, 'run_tests', {}));
    expect(all).toMatchObject({ ok: false, passed: 1, failed: 1 });
    expect((all['failures'] as { file: string }[]).map((f) => f.file)).toEqual(['test/report.test.ts']);
    expect(result(run(s, 'run_tests', { path: 'test/math.test.ts' }))).toMatchObject({
      ok: true,
      passed: 1,
      failed: 0,
      typeErrors: [],
    });
    expect(errorCode(run(s, 'run_tests', { path: 'nowhere' }))).toBe('not_found');
  });

  it('follows re-exports through barrels', () => {
    const s = project({
      'test/public.test.ts': `${H}\nimport { expect, it } from 'vitest';\nimport { twice } from '../src/index.js';\n\nit('api', () => {\n  expect(twice(2)).toBe(4);\n});\n`,
    });
    expect(analyzeProject(s).ok).toBe(true);
    expect(analyzeProject(s).exportsOf('src/index.ts')).toEqual(new Set(['add', 'twice']));
    const missing = project({
      'test/public.test.ts': `${H}\nimport { expect, it } from 'vitest';\nimport { report } from '../src/index.js';\n\nit('api', () => {\n  expect(report(2)).toBe(4);\n});\n`,
    });
    expect(analyzeProject(missing).ok).toBe(false);
  });

  it('needs at least one test file', () => {
    const s = fromFiles({ 'src/a.ts': `${H}\nexport function a() {\n  return 1;\n}\n` });
    expect(analyzeProject(s).ok).toBe(false);
    expect(result(run(s, 'run_tests', {}))).toMatchObject({ ok: false, passed: 0 });
  });
});

describe('lint', () => {
  it('passes a clean project and ignores configured paths', () => {
    const s = project();
    expect(result(run(s, 'lint', {}))).toEqual({ ok: true, files: 5, problems: [], truncated: false });
    expect(lintProject(s).files).not.toContain('vendor/pad/index.ts');
  });

  const dirty: [string, Record<string, string>, string][] = [
    ['a missing header', { 'src/x.ts': 'export function x() {\n  return 1;\n}\n' }, 'spdx-header'],
    ['a console call', { 'src/x.ts': `${H}\nexport function x() {\n  console.log(1);\n}\n` }, 'no-console'],
    ['a TODO', { 'src/x.ts': `${H}\n// TODO: finish\nexport function x() {\n  return 1;\n}\n` }, 'no-todo'],
    ['a debugger statement', { 'src/x.ts': `${H}\nexport function x() {\n  debugger;\n}\n` }, 'no-debugger'],
    [
      'an unused import',
      { 'src/x.ts': `${H}\nimport { add } from './math.js';\nexport function x() {\n  return 1;\n}\n` },
      'no-unused-imports',
    ],
    ['a file over the limit', { 'src/x.ts': `${H}\n${'// filler\n'.repeat(40)}` }, 'max-lines'],
    ['a broken config', { '.lintrc.json': '{ not json' }, 'config'],
    [
      'a config with a bad rule value',
      { '.lintrc.json': JSON.stringify({ rules: { 'no-console': 'warn' } }) },
      'config',
    ],
  ];
  for (const [what, files, rule] of dirty) {
    it(`flags ${what}`, () => {
      const r = lintProject(project(files));
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => p.rule)).toContain(rule);
      expect(result(run(project(files), 'lint', {}))).toMatchObject({ ok: false });
    });
  }

  it('lints the same text written at two paths, or under another config, for each on its own', () => {
    const text = `${H}\nexport function x() {\n  console.log(1);\n}\n`;
    const r = lintProject(project({ 'src/x.ts': text, 'src/y.ts': text }));
    expect(r.problems.filter((p) => p.rule === 'no-console').map((p) => p.file)).toEqual(['src/x.ts', 'src/y.ts']);
    const off = JSON.stringify({ maxLines: 30, rules: { 'no-console': 'off' }, ignore: ['vendor/'] });
    expect(lintProject(project({ 'src/x.ts': text, '.lintrc.json': off })).ok).toBe(true);
    expect(lintProject(project({ 'src/x.ts': text })).ok).toBe(false);
  });

  it('respects rules switched off and a path filter', () => {
    const off = JSON.stringify({ maxLines: 30, rules: { 'no-console': 'off' }, ignore: [] });
    expect(
      lintProject(
        project({
          '.lintrc.json': off,
          'vendor/pad/index.ts': `${H}\nexport function pad(s) {\n  console.log(s);\n  return String(s);\n}\n`,
        }),
      ).ok,
    ).toBe(true);
    const s = project({ 'src/x.ts': 'no header\n' });
    expect(result(run(s, 'lint', { path: 'test' }))).toMatchObject({ ok: true });
    expect(result(run(s, 'lint', { path: 'src' }))).toMatchObject({ ok: false });
  });
});
