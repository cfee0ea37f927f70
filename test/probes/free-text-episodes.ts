/**
 * Episodes of a probe team over every built-in env, analyzed from the recorded result alone, with
 * whatever the team reported about its own defect (`onDefect`).
 */
import { analyzeEpisode, type EpisodeMetrics } from '../../src/metrics/index.js';
import type { Team } from '../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import type { ProbeReport } from '../../probes/index.js';
import { builtinEnvIds } from '../support/envs.js';

/** One analyzed episode and the probe's reports. */
export interface ProbeEpisode {
  readonly envId: string;
  readonly seed: number;
  readonly result: EpisodeResult;
  readonly metrics: EpisodeMetrics;
  readonly reports: readonly ProbeReport[];
}

/** Runs `makeTeam` (given a fresh report sink) on every built-in env × seed, under `profile`. */
export async function runProbe(
  makeTeam: (onDefect: (r: ProbeReport) => void) => Team,
  seeds: readonly number[],
  profile = 'clean',
): Promise<ProbeEpisode[]> {
  const out: ProbeEpisode[] = [];
  for (const envId of builtinEnvIds()) {
    for (const seed of seeds) {
      const reports: ProbeReport[] = [];
      const result = await runEpisode({ env: envId, team: makeTeam((r) => reports.push(r)), seed, perturb: profile });
      out.push({ envId, seed, result, metrics: analyzeEpisode(result), reports });
    }
  }
  return out;
}

/** The fraction of `items` for which `pred` holds (1 for an empty list). */
export function rate<T>(items: readonly T[], pred: (x: T) => boolean): number {
  return items.length === 0 ? 1 : items.filter(pred).length / items.length;
}

/** How to reproduce an episode. */
export function where(e: ProbeEpisode): string {
  return `${e.envId} seed ${e.seed}`;
}
