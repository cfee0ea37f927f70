/**
 * Real episodes for the metric validity tests: a team over the filesystem task families, 50 seeds (25 in `npm test`)
 * each, analyzed from the recorded result alone.
 */
import { loadBuiltins } from '../../src/builtins.js';
import type { Team } from '../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import { analyzeEpisode, type EpisodeMetrics } from '../../src/metrics/index.js';
import { filesystemWorld } from '../../environments/filesystem/index.js';
import type { Action } from '../../src/team/actions.js';
import { seeds } from '../support/sizes.js';

loadBuiltins();

export const FILESYSTEM_ENVS = ['filesystem/rename-symbol-v1', 'filesystem/split-module-v1'] as const;
export const SEEDS = seeds(15, 50);
/** Episodes of one team and profile in {@link runAll}: 90% of them is the fewest a defect must be triggered in. */
export const EPISODES = SEEDS.length * FILESYSTEM_ENVS.length;

/** One analyzed episode, with whatever ground truth the team reported while it ran. */
export interface Analyzed<T> {
  readonly envId: string;
  readonly seed: number;
  readonly result: EpisodeResult;
  readonly metrics: EpisodeMetrics;
  readonly truth: T;
}

/** Runs `makeTeam` (given a fresh ground-truth sink) on every env × seed and analyzes each episode. */
export async function runAll<T>(makeTeam: (truth: T[]) => Team, perturb = 'clean'): Promise<Analyzed<T[]>[]> {
  const out: Analyzed<T[]>[] = [];
  for (const envId of FILESYSTEM_ENVS) {
    for (const seed of SEEDS) {
      const truth: T[] = [];
      const result = await runEpisode({ env: envId, team: makeTeam(truth), seed, perturb });
      out.push({ envId, seed, result, metrics: analyzeEpisode(result), truth });
    }
  }
  return out;
}

/** True for an action that changes the world (a write, move or delete). */
export function changesWorld(action: Action | null | undefined): boolean {
  return action?.type === 'tool' && filesystemWorld.tools[action.tool]?.readOnly === false;
}

/** The fraction of `items` for which `pred` holds (1 for an empty list). */
export function rate<T>(items: readonly T[], pred: (x: T) => boolean): number {
  return items.length === 0 ? 1 : items.filter(pred).length / items.length;
}
