/**
 * The failure modes measured on a LangGraph.js team: a swarm whose fake models replay the oracle's
 * clean episode — a team that does not adapt to faults — is played under `production` faults. On
 * seed 6 the faults (a distractor in a tool result) cost it nothing: success, no failure mode. On
 * seed 1 the faults are tool timeouts it never retries: it fails, and the verdict names the
 * recovery failure, measured from ground truth.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import { runEpisode } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { scriptedSwarm } from './scripted.js';

const ENV = 'filesystem/rename-symbol-v1';

beforeAll(() => loadBuiltins());

/** The swarm replaying the oracle's clean episode of `seed`, played under production faults. */
async function blindUnderProduction(seed: number) {
  const clean = await runEpisode({ env: ENV, team: oracleTeam, seed });
  const team = scriptedSwarm(clean.trajectory, 'langgraph-blind');
  const hosted = await (team.play as NonNullable<typeof team.play>)({ env: ENV, team, seed, perturb: 'production' });
  const metrics = analyzeEpisode(hosted);
  const faults = hosted.perturbations.plan.map((p) => p.type).join(', ');
  console.log(
    `production, seed ${seed} (faults: ${faults}): ${hosted.outcome} in ${hosted.trajectory.length} steps; modes: ${metrics.verdict.modes.join(', ') || '(none)'}`,
  );
  return { hosted, metrics };
}

describe('langGraphTeam failure modes under production faults', () => {
  it('a swarm that does not adapt survives a distractor (seed 6)', async () => {
    const { hosted, metrics } = await blindUnderProduction(6);
    expect(hosted.perturbations.plan.map((p) => p.type)).toContain('distractor');
    expect(hosted.outcome).toBe('success');
    expect(metrics.verdict.modes).toEqual([]);
  }, 30_000);

  it('and fails tool timeouts it never retries (seed 1), flagged as a recovery failure', async () => {
    const { hosted, metrics } = await blindUnderProduction(1);
    expect(hosted.perturbations.plan.map((p) => p.type)).toContain('timeout');
    expect(hosted.outcome).toBe('failure');
    expect(metrics.verdict.modes).toContain('recoveryFailure');
    expect(metrics.verdict.modes).not.toContain('handoffContextLoss');
  }, 30_000);
});
