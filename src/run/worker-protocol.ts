/** Messages between the worker pool and its threads. */
import type { PlannedKey } from './episode-id.js';
import type { EpisodeSettings } from './execute.js';
import type { EpisodeRecord } from './records.js';
import type { LimiterAnswer, LimiterRequest } from './limiter-bridge.js';
import type { SetupEntry } from './setup.js';

/**
 * The layout of a worker's shared heartbeat (Int32 slots): [0] counts events (steps, and agent
 * turns starting or ending) — proof the thread's event loop is alive; [1] counts agents acting
 * right now; [2 + slot] counts the steps of the episode in that slot.
 */
export const BEAT_EVENTS = 0;
/** See {@link BEAT_EVENTS}. */
export const BEAT_ACTING = 1;
/** See {@link BEAT_EVENTS}. */
export const BEAT_SLOTS = 2;

/** Pool → worker. */
export type ToWorker =
  | {
      readonly type: 'init';
      /** Setup modules imported first; each one's exported `setup(options?)` is called (the built-ins). */
      readonly setup: readonly SetupEntry[];
      /** Module URLs imported for what they register (custom teams, envs). */
      readonly imports: readonly string[];
      /** The run directory: the worker writes trajectory files there itself (null: send them back). */
      readonly out: string | null;
      /** The heartbeat (see {@link BEAT_EVENTS}), read by the pool's watchdog without messages. */
      readonly beat: SharedArrayBuffer;
      /** True when the run has a request limiter: the worker installs a proxy to it. */
      readonly limiter: boolean;
    }
  | {
      readonly type: 'run';
      readonly job: number;
      /** Its heartbeat slot (0 .. concurrency - 1). */
      readonly slot: number;
      readonly key: PlannedKey;
      readonly settings: EpisodeSettings;
    }
  | {
      /** Record an episode whose agent blocked another thread as a `timeout` (no steps run here). */
      readonly type: 'abandon';
      readonly job: number;
      readonly key: PlannedKey;
      readonly settings: EpisodeSettings;
      readonly error: { readonly role: string; readonly step: number; readonly message: string };
    }
  | LimiterAnswer;

/** Worker → pool. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly job: number; readonly record: EpisodeRecord; readonly trajectory: string | null }
  | {
      readonly type: 'failed';
      readonly job: number;
      readonly message: string;
      /** Set when a fatal provider error stopped the episode: the whole run stops. */
      readonly fatal?: { readonly status: number | null };
    }
  | LimiterRequest;
