/** Messages between the worker pool and its threads. */
import type { EpisodeKey } from './episode-id.js';
import type { EpisodeSettings } from './execute.js';
import type { EpisodeRecord } from './records.js';

/** Pool → worker. */
export type ToWorker =
  | {
      readonly type: 'init';
      /** Module URLs imported first; each one's exported `setup()` is called (the built-ins). */
      readonly setup: readonly string[];
      /** Module URLs imported for what they register (custom teams, envs). */
      readonly imports: readonly string[];
      /** The run directory: the worker writes trajectory files there itself (null: send them back). */
      readonly out: string | null;
      /**
       * Two shared counters: the steps the worker has taken, and 1 while the team's code runs — so
       * the pool can tell an agent blocking its thread from a worker at work.
       */
      readonly beat: SharedArrayBuffer;
    }
  | {
      readonly type: 'run';
      readonly job: number;
      readonly key: Required<EpisodeKey>;
      readonly settings: EpisodeSettings;
    };

/** Worker → pool. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly job: number; readonly record: EpisodeRecord; readonly trajectory: string | null }
  | { readonly type: 'failed'; readonly job: number; readonly message: string };
