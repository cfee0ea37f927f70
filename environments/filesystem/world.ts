/**
 * The `filesystem` world: a virtual project tree a team of coding agents explores and edits with
 * list/read/write/move/delete/search tools, a simulated test runner and a simulated linter.
 */
import type { World } from '../../src/team/world.js';
import type { FsState } from './state.js';
import { diffTrees, walkFiles } from './state.js';
import { parseFile } from './code.js';
import { FS_TOOLS } from './tools.js';
import { FS_CHECKERS } from './checkers.js';
import { filesystemVariants } from './variants.js';
import { resizeFilesystem } from './distractors.js';

/** Most words {@link filesystemWorld}'s vocabulary returns. */
const VOCABULARY_LIMIT = 80;

/** The filesystem world. Entity ids are file paths from the project root. */
export const filesystemWorld: World<FsState> = {
  id: 'filesystem',
  description:
    'A virtual software project (a tree of source files, tests, a changelog and configs) with coding-assistant tools: list_dir, read_file, write_file, move_file, delete_file, search (grep is its documented fallback), run_tests, lint.',
  tools: FS_TOOLS,
  checkers: FS_CHECKERS,
  fallbacks: { search: 'grep' },
  variants: filesystemVariants,
  resize: resizeFilesystem,
  diff(before, after) {
    return diffTrees(before.root, after.root).sort();
  },
  sabotage(world) {
    const out: Array<{ tool: string; args: Record<string, unknown>; target: string }> = [];
    walkFiles(world.root, '', (path) => void out.push({ tool: 'delete_file', args: { path }, target: path }));
    return out;
  },
  vocabulary(world) {
    const words: string[] = [];
    const seen = new Set<string>();
    const add = (w: string) => {
      if (words.length < VOCABULARY_LIMIT && !seen.has(w)) {
        seen.add(w);
        words.push(w);
      }
    };
    walkFiles(world.root, '', (path, file) => {
      add(path);
      if (path.endsWith('.ts')) for (const d of parseFile(file).definitions) if (d.exported) add(d.name);
    });
    return words;
  },
};
