import { describe, expect, it } from 'vitest';
import {
  MAX_DIR_ENTRIES,
  diffTrees,
  dirname,
  basename,
  fromFiles,
  getDir,
  getFile,
  lineCount,
  listFiles,
  lookup,
  normalizePath,
  putFile,
  removeFile,
  splitPath,
  toFiles,
} from '../../../environments/filesystem/state.js';
import { viaJson } from '../../support/json.js';

const base = () =>
  fromFiles({
    'README.md': '# hi\n',
    'src/a.ts': 'export function a() {}\n',
    'src/lib/b.ts': 'b\n',
    'vendor/x/y.ts': 'y\n',
  });

describe('normalizePath', () => {
  it('strips ./, leading and repeated slashes', () => {
    for (const raw of ['src/a.ts', './src/a.ts', '/src/a.ts', 'src//a.ts', ' src/a.ts ']) {
      const n = normalizePath(raw);
      expect(n.ok && n.path).toBe('src/a.ts');
    }
    const root = normalizePath('./');
    expect(root.ok && root.path).toBe('');
  });

  it('refuses .., reserved names, control characters and overlong paths', () => {
    for (const raw of [
      '../etc/passwd',
      'src/../a',
      '__proto__/x',
      'src/constructor',
      'a\u0000b',
      'a\\b',
      'x'.repeat(400),
      `${'d/'.repeat(20)}f`,
    ]) {
      const n = normalizePath(raw);
      expect(n.ok, raw).toBe(false);
      if (!n.ok) expect(n.problem.code).toBe('invalid_path');
    }
  });

  it('gives the same answer again, whose segments nothing can change', () => {
    const first = normalizePath('./src/lib/b.ts');
    const again = normalizePath('./src/lib/b.ts');
    expect(again).toEqual(first);
    expect(again.ok && Object.isFrozen(again.segments)).toBe(true);
    expect(Object.isFrozen(splitPath('src/lib/b.ts'))).toBe(true);
    expect(() => (splitPath('src/lib/b.ts') as string[]).push('x')).toThrow(TypeError);
    expect(splitPath('src/lib/b.ts')).toEqual(['src', 'lib', 'b.ts']);
    expect(normalizePath('src/../a').ok).toBe(false);
    expect(Object.isFrozen(normalizePath('src/../a'))).toBe(true);
  });
});

describe('lookup and helpers', () => {
  it('finds files and directories, and reports a file in the way', () => {
    const s = base();
    expect(lookup(s, splitPath('src/a.ts')).kind).toBe('file');
    expect(lookup(s, splitPath('src/lib')).kind).toBe('dir');
    expect(lookup(s, []).kind).toBe('dir');
    expect(lookup(s, splitPath('src/nope.ts'))).toEqual({ kind: 'missing' });
    expect(lookup(s, splitPath('src/a.ts/inner'))).toEqual({ kind: 'missing', fileInTheWay: 'src/a.ts' });
    expect(getFile(s, 'src/lib/b.ts')?.content).toBe('b\n');
    expect(getDir(s, 'vendor/x')).toBeDefined();
    expect(getFile(s, 'toString')).toBeUndefined();
    expect(getDir(s, 'hasOwnProperty')).toBeUndefined();
  });

  it('counts lines without counting a trailing newline', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a')).toBe(1);
    expect(lineCount('a\n')).toBe(1);
    expect(lineCount('a\nb')).toBe(2);
    expect(lineCount('a\n\n')).toBe(2);
  });

  it('splits paths', () => {
    expect(dirname('src/a/b.ts')).toBe('src/a');
    expect(dirname('b.ts')).toBe('');
    expect(basename('src/a/b.ts')).toBe('b.ts');
    expect(listFiles(base(), 'src')).toEqual(['src/a.ts', 'src/lib/b.ts']);
  });

  it('round-trips through toFiles/fromFiles', () => {
    const files = toFiles(base());
    expect(toFiles(fromFiles(files))).toEqual(files);
  });
});

describe('immutable updates', () => {
  it('putFile copies only the path to the file', () => {
    const s = base();
    const r = putFile(s, splitPath('src/lib/c.ts'), 'c\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.created).toBe(true);
    expect(r.state).not.toBe(s);
    expect(r.state.root.dirs['vendor']).toBe(s.root.dirs['vendor']);
    expect(r.state.root.files).toBe(s.root.files);
    expect(r.state.root.dirs['src']?.files).toBe(s.root.dirs['src']?.files);
    expect(getFile(s, 'src/lib/c.ts')).toBeUndefined();
    expect(getFile(r.state, 'src/lib/c.ts')?.content).toBe('c\n');
  });

  it('putFile creates directories and refuses directories and files in the way', () => {
    const s = base();
    const deep = putFile(s, splitPath('new/deep/dir/f.ts'), 'x');
    expect(deep.ok && getFile(deep.state, 'new/deep/dir/f.ts')?.content).toBe('x');
    const onDir = putFile(s, splitPath('src/lib'), 'x');
    expect(!onDir.ok && onDir.problem.code).toBe('is_a_directory');
    const underFile = putFile(s, splitPath('src/a.ts/x.ts'), 'x');
    expect(!underFile.ok && underFile.problem.code).toBe('not_a_directory');
    const root = putFile(s, [], 'x');
    expect(root.ok).toBe(false);
  });

  it('putFile refuses to grow a directory past the entry limit', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < MAX_DIR_ENTRIES; i++) files[`d/f${i}.ts`] = '';
    const s = fromFiles(files);
    const r = putFile(s, splitPath('d/one-more.ts'), '');
    expect(!r.ok && r.problem.code).toBe('dir_full');
    const replace = putFile(s, splitPath('d/f0.ts'), 'changed');
    expect(replace.ok).toBe(true);
  });

  it('removeFile deletes files only', () => {
    const s = base();
    const r = removeFile(s, splitPath('src/a.ts'));
    expect(r.ok && getFile(r.state, 'src/a.ts')).toBeUndefined();
    expect(getFile(s, 'src/a.ts')).toBeDefined();
    const dir = removeFile(s, splitPath('src'));
    expect(!dir.ok && dir.problem.code).toBe('is_a_directory');
    const missing = removeFile(s, splitPath('nope'));
    expect(!missing.ok && missing.problem.code).toBe('not_found');
  });
});

describe('diffTrees', () => {
  it('lists changed, created and deleted files, and nothing for equal content', () => {
    const s = base();
    let w = s;
    const put = (p: string, c: string) => {
      const r = putFile(w, splitPath(p), c);
      if (!r.ok) throw new Error(r.problem.message);
      w = r.state;
    };
    put('src/a.ts', 'changed\n');
    put('src/new/n.ts', 'n\n');
    put('README.md', '# hi\n'); // same content, new object: not a change
    const del = removeFile(w, splitPath('vendor/x/y.ts'));
    if (!del.ok) throw new Error('delete failed');
    w = del.state;
    expect(diffTrees(s.root, w.root).sort()).toEqual(['src/a.ts', 'src/new/n.ts', 'vendor/x/y.ts']);
    expect(diffTrees(s.root, s.root)).toEqual([]);
    expect(diffTrees(s.root, viaJson(s.root))).toEqual([]);
  });
});
