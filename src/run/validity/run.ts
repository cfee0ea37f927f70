/**
 * Runs the validity experiment: every selected team on every env and seed under every profile,
 * each episode analyzed and judged against the team's ground truth.
 */
import { listEnvs } from '../../core/registry.js';
import type { Seed } from '../../core/rng.js';
import { runEpisode } from '../../team/episode.js';
import { isTeamEnvId } from '../../team/team-env.js';
import { analyzeEpisode, type FailureMode } from '../../metrics/index.js';
import type { DefectReport, ValidityTeam } from './team.js';
import { VALIDITY_TEAMS } from './teams.js';

/** One analyzed episode of the experiment. */
export interface ValidityEpisode {
  readonly env: string;
  readonly team: string;
  readonly profile: string;
  readonly seed: Seed;
  readonly success: boolean;
  readonly modes: readonly FailureMode[];
  /** Whether the team's defect acted in this episode (for a quiet team: whether it did anything differently). */
  readonly triggered: boolean;
  /** Whether the primary cause named the right step and role; null when not judged for this team and episode. */
  readonly primaryRight: boolean | null;
}

/** Options of {@link runValidity}. */
export interface ValidityOptions {
  /** Env ids. @defaultValue every registered env but the fixtures */
  readonly envs?: readonly string[];
  readonly seeds: readonly Seed[];
  readonly profiles: readonly string[];
  /** The teams, in report order. @defaultValue {@link VALIDITY_TEAMS} */
  readonly teams?: readonly ValidityTeam[];
  /** Told after each episode (for progress). */
  readonly onEpisode?: (episode: { success: boolean; outcome: string }, done: number, total: number) => void;
}

/** Runs the experiment and returns its episodes in (profile, team, env, seed) order. */
export async function runValidityEpisodes(options: ValidityOptions): Promise<ValidityEpisode[]> {
  const envs =
    options.envs ??
    listEnvs()
      .map((s) => s.id)
      .filter((id) => isTeamEnvId(id) && !id.startsWith('fixture/'));
  const teams = options.teams ?? VALIDITY_TEAMS;
  const total = envs.length * options.seeds.length * options.profiles.length * teams.length;
  const episodes: ValidityEpisode[] = [];
  for (const profile of options.profiles) {
    for (const team of teams) {
      for (const env of envs) {
        for (const seed of options.seeds) {
          const reports: DefectReport[] = [];
          const result = await runEpisode({ env, team: team.create((r) => reports.push(r)), seed, perturb: profile });
          const judged = { result, metrics: analyzeEpisode(result), reports };
          episodes.push({
            env,
            team: team.id,
            profile,
            seed,
            success: result.success,
            modes: judged.metrics.verdict.modes,
            triggered: team.triggered(judged),
            primaryRight: team.attribution(judged),
          });
          options.onEpisode?.(result, episodes.length, total);
        }
      }
    }
  }
  return episodes;
}
