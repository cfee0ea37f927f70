/**
 * The `pipeline` world: the mock web and a software project side by side, composed with
 * `composeWorlds` — a team researches on one and writes into the other in the same episode. Its
 * tools, checkers, fallbacks and sabotage are the two worlds' own under their prefixes, plus the
 * cross-world checkers of `checkers.ts`.
 */
import { composeWorlds } from '../../src/team/compose.js';
import type { World } from '../../src/team/world.js';
import { filesystemWorld } from '../filesystem/world.js';
import { mockWebWorld } from '../mock-web/world.js';
import { PIPELINE_CHECKERS } from './checkers.js';
import { resizeWeb } from '../mock-web/distractors.js';
import { resizeFilesystem } from '../filesystem/distractors.js';
import type { PipelineState } from './state.js';

/** The pipeline world. Tools are `web_<tool>` and `fs_<tool>`; entity ids `web:<url>` and `fs:<path>`. */
export const pipelineWorld: World<PipelineState> = {
  ...composeWorlds(
    { web: mockWebWorld, fs: filesystemWorld },
    {
      id: 'pipeline',
      description:
        'The mock web and a software project in one episode: research with web_* tools (search, open pages, follow links), then change the project with fs_* tools (read, write, search, run the tests and the linter).',
      checkers: PIPELINE_CHECKERS,
    },
  ),
  // The size passes on to both parts: the web grows to that many pages, the project to that many files.
  resize(task, size, rng) {
    const web = resizeWeb({ ...task, world: task.world.web }, size, rng.fork('web'));
    const fs = resizeFilesystem({ ...task, world: task.world.fs }, size, rng.fork('fs'));
    return web === task.world.web && fs === task.world.fs ? task.world : { web, fs };
  },
};
