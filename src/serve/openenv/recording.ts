/**
 * Recording the episodes a `/ws` server plays into a {@link HostedRun}: a reset claims the
 * episode's key (and so its trial), an episode that ends is recorded, and one the client leaves
 * mid-way (reset again, close, disconnect, idle, server stop) is either recorded as `agent_error`
 * with the reason or released, as the server is set up. A recording failure (a full disk) never
 * breaks the session: it is reported in the observation's metadata and to `onError`.
 */
import { FaultlineError } from '../../core/errors.js';
import type { EpisodeMetrics } from '../../metrics/analyze.js';
import type { EpisodeResult } from '../../team/episode.js';
import type { HostedEpisodeKey, HostedRun } from '../hosted-run.js';
import type { EpisodeLog } from './episode-log.js';
import { ProtocolError } from './protocol.js';

/** How a server records its episodes. */
export interface EpisodeRecording {
  /** The run directory episodes are written to. */
  readonly run: HostedRun;
  /**
   * Record an episode the client leaves before its end as `agent_error` with the reason. Off by
   * default: a trainer resets mid-episode whenever its own horizon is reached, and those
   * episodes are no failures of the agent. @defaultValue false
   */
  readonly recordAbandoned?: boolean;
  /** Told of an episode that could not be written (the session goes on). */
  readonly onError?: (error: Error) => void;
}

/** The key of an episode being played: its claimed trial is part of it. */
export type ClaimedKey = HostedEpisodeKey & { readonly trial: number };

/** What the end of an episode tells the client about its record (in `observation.metadata.record`). */
export type RecordMetadata = { readonly id: string; readonly trajectory_file: string } | { readonly error: string };

/**
 * Claims the key of an episode about to start; returns its trial (the one asked for, or the
 * lowest free one). A trial already recorded or playing is a `VALIDATION_ERROR` naming it.
 */
export function claimTrial(recording: EpisodeRecording, key: HostedEpisodeKey): number {
  try {
    return recording.run.reserve(key);
  } catch (e) {
    if (e instanceof FaultlineError && key.trial !== undefined)
      throw new ProtocolError('VALIDATION_ERROR', `Invalid reset: trial: ${e.message}`, { field: 'trial' });
    throw e;
  }
}

/** Records an episode that ended; returns what the client is told of its record. */
export function recordEnded(
  recording: EpisodeRecording,
  result: EpisodeResult,
  maxSteps: number,
  metrics: EpisodeMetrics,
): RecordMetadata {
  try {
    const record = recording.run.record(result, maxSteps, metrics);
    return { id: record.id, trajectory_file: record.trajectoryFile };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    recording.onError?.(error);
    return { error: `The episode could not be recorded: ${error.message}` };
  }
}

/** An episode being left before its end, undone if the reset that leaves it fails. */
export interface Departure {
  /** The leaving is certain: record the episode as `agent_error` (or keep its key released). */
  commit(): void;
  /** The reset that left it failed and the episode goes on: its key is claimed again. */
  undo(): void;
}

/**
 * Starts leaving an unfinished episode with `reason`. When the server records abandoned
 * episodes, its result is taken now (the env is about to be reset) and recorded on commit; else
 * its key is released at once, so a reset of the same env and seed gets the same trial back.
 */
export function depart(recording: EpisodeRecording, key: ClaimedKey, log: EpisodeLog, reason: string): Departure {
  if (!recording.recordAbandoned) {
    recording.run.release(key);
    return { commit: () => undefined, undo: () => void recording.run.reserve(key) };
  }
  const result = log.result(reason);
  return {
    commit: () => {
      try {
        recording.run.record(result, log.maxSteps);
      } catch (e) {
        recording.run.release(key);
        recording.onError?.(e instanceof Error ? e : new Error(String(e)));
      }
    },
    undo: () => undefined,
  };
}
