/**
 * Runs one planned episode and produces what the recorder writes. The in-process runner and the
 * worker threads both call this, so a record never depends on where its episode ran.
 */
import { spec as specOf } from '../core/registry.js';
import { FaultlineError } from '../core/errors.js';
import { findTeam } from '../team/agent.js';
import { abandonedEpisode, runEpisode, type EpisodeResult, type RunEpisodeOptions } from '../team/episode.js';
import { analyzeEpisode } from '../metrics/analyze.js';
import type { PlannedKey } from './episode-id.js';
import { recordedEpisode, type EpisodeRecord } from './records.js';

/** The per-episode settings shared by a whole run. */
export interface EpisodeSettings {
  readonly perturb: string;
  /** Step limit override, or null for each env's own. */
  readonly maxSteps: number | null;
  readonly agentTimeoutMs?: number;
  /** The cap on one action's canonical JSON, in bytes (absent: the default). */
  readonly maxActionBytes?: number;
}

/** A finished episode: its record and the text of its trajectory file. */
export interface ExecutedEpisode {
  readonly record: EpisodeRecord;
  readonly trajectory: string;
}

/** What a worker watches an episode by (see `RunEpisodeOptions`). */
export interface EpisodeHooks {
  /** After every step. */
  readonly onStep?: () => void;
  /** `true` while the team's code runs, `false` once it has answered. */
  readonly onAgentTurn?: (acting: boolean) => void;
}

/** Runs the episode of `key`. Throws only for a plan that names an unknown team or env. */
export async function executeEpisode(
  key: PlannedKey,
  settings: EpisodeSettings,
  hooks: EpisodeHooks = {},
): Promise<ExecutedEpisode> {
  const { options, maxSteps } = episodeOptions(key, settings);
  // A team that plays its episodes itself (programs outside this process) gets the same options.
  const play = options.team.play;
  const result = play ? await play({ ...options, ...hooks }) : await runEpisode({ ...options, ...hooks });
  return executed(result, maxSteps);
}

/**
 * The record of an episode whose agent blocked its worker thread and was stopped from outside:
 * outcome `timeout`, with the message saying what happened and no steps.
 */
export function executeAbandoned(
  key: PlannedKey,
  settings: EpisodeSettings,
  error: NonNullable<EpisodeResult['error']>,
): ExecutedEpisode {
  const { options, maxSteps } = episodeOptions(key, settings);
  return executed(abandonedEpisode(options, error), maxSteps);
}

function episodeOptions(key: PlannedKey, settings: EpisodeSettings): { options: RunEpisodeOptions; maxSteps: number } {
  const team = findTeam(key.team);
  if (!team)
    throw new FaultlineError(
      `No team registered as "${key.team}" in this process. Register it in a module passed with --import so every worker loads it.`,
    );
  const maxSteps = settings.maxSteps ?? specOf(key.envId).maxEpisodeSteps ?? 1000;
  const options: RunEpisodeOptions = {
    env: key.envId,
    team,
    seed: key.seed,
    trial: key.trial,
    variant: key.variant,
    ...(key.worldSize !== undefined ? { worldSize: key.worldSize } : {}),
    perturb: settings.perturb,
    budget: {
      maxSteps,
      ...(settings.agentTimeoutMs !== undefined ? { agentTimeoutMs: settings.agentTimeoutMs } : {}),
      ...(settings.maxActionBytes !== undefined ? { maxActionBytes: settings.maxActionBytes } : {}),
    },
  };
  return { options, maxSteps };
}

/** The record and trajectory file of an episode, from one analysis of it. */
function executed(result: EpisodeResult, maxSteps: number): ExecutedEpisode {
  return recordedEpisode(result, maxSteps, analyzeEpisode(result));
}
