/**
 * Filesystem variants: the project still type-checks, tests and lints exactly as before; no fact,
 * no file a tool or checker names and no area directory is renamed; reordered files keep every
 * function.
 */
import { describe, expect, it } from 'vitest';
import { make } from '../../../src/core/registry.js';
import { teamStateOf } from '../../../src/team/team-env.js';
import type { Task, TaskFamily } from '../../../src/team/world.js';
import { FILESYSTEM_FAMILIES, analyzeProject, lintProject, toFiles } from '../../../environments/filesystem/index.js';
import type { FsState } from '../../../environments/filesystem/state.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';

registerTaskFamilies(FILESYSTEM_FAMILIES);
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const FIXED = [
  'src/index.ts',
  'CHANGELOG.md',
  '.lintrc.json',
  'release-plan.json',
  'docs/RELEASING.md',
  'package.json',
  'README.md',
];

describe.each(FILESYSTEM_FAMILIES.map((f) => [`filesystem/${f.id}-v${f.version}`, f] as const))(
  '%s',
  (envId, _family: TaskFamily<FsState>) => {
    const env = make(envId);
    const at = (seed: number, variant: number) => {
      env.reset({ seed, options: { variant } });
      return teamStateOf(env)?.task as Task<FsState>;
    };

    it('the project behaves the same under the runner and the linter; facts and fixed files keep their names', () => {
      for (const seed of SEEDS) {
        const base = at(seed, 0);
        const baseFiles = toFiles(base.world);
        for (const variant of [1, 2]) {
          const v = at(seed, variant);
          const files = toFiles(v.world);
          expect(v.facts).toEqual(base.facts);
          expect(Object.keys(files).length).toBe(Object.keys(baseFiles).length);
          for (const path of FIXED)
            expect(Object.hasOwn(files, path), `seed ${seed}: ${path}`).toBe(Object.hasOwn(baseFiles, path));
          const [a, b] = [analyzeProject(base.world), analyzeProject(v.world)];
          expect([b.ok, b.problems.length, b.tests.length]).toEqual([a.ok, a.problems.length, a.tests.length]);
          expect(lintProject(v.world).problems.length).toBe(lintProject(base.world).problems.length);
          // Same project directories: area folders are never renamed (a vendored library may be).
          const dirs = (fs: Record<string, string>) =>
            [
              ...new Set(
                Object.keys(fs)
                  .filter((p) => /^(src|test)\//.test(p))
                  .map((p) => p.slice(0, p.lastIndexOf('/'))),
              ),
            ].sort();
          expect(dirs(files)).toEqual(dirs(baseFiles));
          // Reordering and renaming never add or drop a line.
          const lines = (fs: Record<string, string>) =>
            Object.values(fs)
              .map((t) => t.split('\n').length)
              .sort((x, y) => x - y);
          expect(lines(files)).toEqual(lines(baseFiles));
        }
      }
    });
  },
);
