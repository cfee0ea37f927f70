/**
 * The proof that the failure-mode metrics measure what they claim: the oracle, the reference
 * flawed teams and the independent probe teams run on every env under a set of profiles; for each
 * team we record how often each mode is flagged (the confusion matrix), how often its own mode is
 * flagged where its defect acted (ground truth from the team itself or from the fault plan), how
 * often a team that must stay quiet is flagged, and whether the primary failure mode names the
 * right step and role.
 */
import { runValidityEpisodes, type ValidityEpisode, type ValidityOptions } from './run.js';
import { validityReport, type ValidityReport } from './aggregate.js';
import { VALIDITY_TEAMS } from './teams.js';

export * from './team.js';
export * from './teams.js';
export * from './run.js';
export * from './aggregate.js';
export * from './markdown.js';

/** Runs the experiment: its episodes and its report. */
export async function runValidity(options: ValidityOptions): Promise<{ episodes: ValidityEpisode[] } & ValidityReport> {
  const teams = options.teams ?? VALIDITY_TEAMS;
  const episodes = await runValidityEpisodes({ ...options, teams });
  return { episodes, ...validityReport(episodes, teams, options.profiles) };
}
