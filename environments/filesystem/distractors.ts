/**
 * Growing a filesystem task's project to a world size: a `packages/` workspace of seeded,
 * self-contained modules (each lint-clean and type-correct on its own) beside the project the
 * task is about. They never import the project, never name a symbol the task mentions and live
 * outside every directory a constraint names, so the oracle's plan and every checker's verdict
 * are what they are at the family's own size — only the search space grows.
 */
import type { Rng } from '../../src/core/rng.js';
import type { Task } from '../../src/team/world.js';
import { taskText } from '../../src/world/variation.js';
import type { FsDir, FsFile, FsState } from './state.js';
import { MAX_DIR_ENTRIES } from './state.js';
import { fnLines, makeFn } from './families/codegen.js';
import { AREAS, LICENSES, QUALIFIERS, VERBS, camel } from './names.js';

/** Modules per distractor package. */
const FILES_PER_PACKAGE = 40;
/** Packages per group directory (well under {@link MAX_DIR_ENTRIES}). */
const PACKAGES_PER_GROUP = 100;
/** Directory names the workspace may take, first free one wins. */
const WORKSPACE_DIRS = ['packages', 'workspace', 'libs', 'modules'];

/** Counts the files of a tree. */
function countFiles(dir: FsDir): number {
  let n = Object.keys(dir.files).length;
  for (const name in dir.dirs) n += countFiles(dir.dirs[name] as FsDir);
  return n;
}

/** One distractor module: a license header, a banner and two or three exported functions. */
function distractorModule(rng: Rng, noun: string, taken: ReadonlySet<string>, license: string): string {
  const names = new Set<string>();
  const want = rng.int(2, 3);
  for (let i = 0; i < 20 && names.size < want; i++) {
    const name = camel(rng.pick(VERBS), noun, rng.pick(QUALIFIERS));
    if (!taken.has(name)) names.add(name);
  }
  const lines = [`// SPDX-License-Identifier: ${license}`, `// ${noun} helpers shared by the workspace packages.`, ''];
  for (const name of names) lines.push(...fnLines(makeFn(rng, name, [])), '');
  return lines.join('\n');
}

/**
 * The task's world grown to `size` files with a `packages/<group>/<package>/<module>.ts`
 * workspace, or the world unchanged when it already holds that many. Pure in `rng`.
 */
export function resizeFilesystem(task: Task<FsState>, size: number, rng: Rng): FsState {
  const root = task.world.root;
  const need = size - countFiles(root);
  if (need <= 0) return task.world;
  const workspace = WORKSPACE_DIRS.find((d) => !Object.hasOwn(root.dirs, d) && !Object.hasOwn(root.files, d));
  if (workspace === undefined || Object.keys(root.dirs).length + Object.keys(root.files).length >= MAX_DIR_ENTRIES)
    return task.world;
  // Every identifier the task mentions anywhere: a distractor must never define or call one.
  const taken = new Set(taskText(task).match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []);
  const license = rng.pick(LICENSES);
  const groups: Record<string, FsDir> = {};
  let made = 0;
  for (let g = 0; made < need; g++) {
    const area = AREAS[g % AREAS.length] as (typeof AREAS)[number];
    const packages: Record<string, FsDir> = {};
    for (let p = 0; p < PACKAGES_PER_GROUP && made < need; p++) {
      const files: Record<string, FsFile> = {};
      const nouns = rng.shuffle(area.nouns);
      for (let f = 0; f < FILES_PER_PACKAGE && made < need; f++, made++) {
        const noun = nouns[f % nouns.length] as string;
        const stem = f < nouns.length ? noun : `${noun}-${rng.pick(QUALIFIERS).toLowerCase()}-${f}`;
        files[`${stem}.ts`] = { content: distractorModule(rng, noun, taken, license) };
      }
      packages[`${area.dir}-${rng.pick(['core', 'kit', 'utils', 'client', 'service'])}-${p}`] = { dirs: {}, files };
    }
    groups[`${area.dir}-${Math.floor(g / AREAS.length)}`] = { dirs: packages, files: {} };
  }
  return { root: { dirs: { ...root.dirs, [workspace]: { dirs: groups, files: {} } }, files: root.files } };
}
