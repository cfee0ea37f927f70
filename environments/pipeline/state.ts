/**
 * The state of the pipeline world: the mock web under `web` and the project tree under `fs`,
 * each exactly as its own world keeps it (see `composeWorlds`).
 */
import type { FsState } from '../filesystem/state.js';
import type { WebState } from '../mock-web/state.js';

/** The whole world state. */
export interface PipelineState {
  readonly web: WebState;
  readonly fs: FsState;
}

/** The prefix of the web part: its tools are `web_<tool>`, its entities `web:<url>`. */
export const WEB = 'web';
/** The prefix of the project part: its tools are `fs_<tool>`, its entities `fs:<path>`. */
export const FS = 'fs';
