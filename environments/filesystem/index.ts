/**
 * The `filesystem` world: a virtual software project and coding-assistant tools, with the task
 * families `filesystem/rename-symbol-v1` and `filesystem/split-module-v1`.
 */
import type { TaskFamily } from '../../src/team/world.js';
import type { FsState } from './state.js';
import { generateRenameSymbol, renameSymbolFamily } from './families/rename-symbol.js';
import { generateSplitModule, splitModuleFamily } from './families/split-module.js';

export { filesystemWorld } from './world.js';
export { FS_TOOLS } from './tools.js';
export { FS_CHECKERS } from './checkers.js';
export { analyzeProject, type ProjectReport } from './runner.js';
export { lintProject, type LintReport } from './linter.js';
export { fromFiles, toFiles, type FsState, type FsDir, type FsFile } from './state.js';
export { renameSymbolFamily, splitModuleFamily, generateRenameSymbol, generateSplitModule };

/** Every task family of the filesystem world. */
export const FILESYSTEM_FAMILIES: readonly TaskFamily<FsState>[] = [renameSymbolFamily, splitModuleFamily];
