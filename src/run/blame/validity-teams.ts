/**
 * The one-defect teams of blame's validity experiment, each the oracle with a single defect whose
 * role and step the team itself reports (ground truth): `own-mistake` once writes a plausible
 * wrong value into a handoff or a tool call; `fact-drop-silent` leaves one needed fact out of one
 * free-text brief and its receivers do not ask for it. Both are probe teams written against the
 * package's public entries, independently of blame.
 */
import type { EpisodeStart, Team } from '../../team/agent.js';
import { registerTeam } from '../../team/agent.js';
import type { Seed } from '../../core/rng.js';
import { runEpisode } from '../../team/episode.js';
import { createOwnMistakeTeam } from '../../../probes/own-mistake.js';
import { createFactDropTeam } from '../../../probes/fact-drop.js';
import type { ProbeReport } from '../../../probes/index.js';

/** The ids of the one-defect teams, in report order. */
export const ONE_DEFECT_TEAMS = ['own-mistake', 'fact-drop-silent'] as const;

/** A one-defect team's id. */
export type OneDefectTeamId = (typeof ONE_DEFECT_TEAMS)[number];

/** The one-defect team `id`, telling `onDefect` where its defect acted. */
export function oneDefectTeam(
  id: OneDefectTeamId,
  onDefect?: (report: ProbeReport, start: EpisodeStart) => void,
): Team {
  // The probes take their callback when built, so each episode gets a team of its own (their
  // per-episode state is keyed by the start object, so a restarted role still rejoins it).
  const build = (start: EpisodeStart | null): Team => {
    const options = onDefect && start ? { onDefect: (report: ProbeReport) => onDefect(report, start) } : {};
    return id === 'own-mistake'
      ? createOwnMistakeTeam(options)
      : createFactDropTeam({ ...options, askForResend: false });
  };
  return {
    id,
    description: build(null).description,
    privileged: true,
    createAgents: (start) => build(start).createAgents(start),
  };
}

/** Which clean episode of a one-defect team: its env, seed, trial and variant (a record has them). */
export interface DefectEpisode {
  readonly envId: string;
  readonly seed: Seed;
  readonly trial?: number;
  readonly variant?: number;
}

/**
 * Where the team's defect first acted in a clean episode (its role and env step), from a re-run in
 * this thread with the team reporting it; null when the defect never acted.
 */
export async function whereDefectActs(
  id: OneDefectTeamId,
  episode: DefectEpisode,
): Promise<{ role: string; step: number } | null> {
  let first: { role: string; step: number } | null = null;
  await runEpisode({
    env: episode.envId,
    team: oneDefectTeam(id, (report) => {
      first ??= { role: report.role, step: report.step };
    }),
    seed: episode.seed,
    ...(episode.trial !== undefined ? { trial: episode.trial } : {}),
    ...(episode.variant !== undefined ? { variant: episode.variant } : {}),
    perturb: 'clean',
  });
  return first;
}

/** The setup module's URL, for the threads of a run of these teams. */
export const ONE_DEFECT_SETUP: string = import.meta.url;

/** Registers the one-defect teams (the setup hook of the validity experiment's threads). */
export function setup(): void {
  for (const id of ONE_DEFECT_TEAMS) registerTeam(oneDefectTeam(id));
}
