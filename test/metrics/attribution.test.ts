/**
 * Primary causes where a team's own defect meets an injected fault it handled: the fault must not
 * take the blame. Episodes found by the validity experiment (hedger, do-nothing under `team` and
 * `instruction`); each is judged against the team's own report of its defect.
 */
import { describe, expect, it } from 'vitest';
import { runEpisode } from '../../src/team/episode.js';
import { analyzeEpisode } from '../../src/metrics/index.js';
import { VALIDITY_TEAMS } from '../../src/run/validity/teams.js';
import type { DefectReport } from '../../src/run/validity/team.js';
import '../../src/builtins.js';

async function judged(teamId: string, env: string, seed: number, perturb: string) {
  const team = VALIDITY_TEAMS.find((t) => t.id === teamId);
  if (!team) throw new Error(`no validity team ${teamId}`);
  const reports: DefectReport[] = [];
  const result = await runEpisode({ env, team: team.create((r) => reports.push(r)), seed, perturb });
  const metrics = analyzeEpisode(result);
  return { result, metrics, reports, right: team.attribution({ result, metrics, reports }) };
}

describe('attribution where a defect meets a handled fault', () => {
  it('a hedged answer after a followed change of requirement is drift at the answer, not an ignored change', async () => {
    const e = await judged('hedger', 'deploy/rollout-v2', 0, 'instruction');
    expect(e.metrics.drift.requirementChanges.every((r) => r.followed)).toBe(true);
    expect(e.metrics.recovery.occurred).toBe(false);
    expect(e.metrics.verdict.primary?.mode).toBe('alignmentDrift');
    expect(e.right).toBe(true);
  }, 30_000);

  it('a cut request for a resend costs nothing: the hedge is the primary cause', async () => {
    const e = await judged('hedger', 'deploy/rollout-v2', 4, 'team');
    expect(e.metrics.recovery.occurred).toBe(false);
    expect(e.metrics.verdict.primary?.mode).toBe('alignmentDrift');
    expect(e.right).toBe(true);
  }, 30_000);

  it('repairing a damaged brief is not where a do-nothing team stopped', async () => {
    const e = await judged('do-nothing', 'deploy/rollout-v2', 1, 'team');
    expect(e.metrics.verdict.primary?.mode).toBe('noProgress');
    expect(e.right).toBe(true);
  }, 30_000);
});
