/**
 * The failure modes measured on an Agents SDK team: the same scripted team (the oracle's calls of
 * a clean episode, which does not adapt) played under `production` faults survives them on one
 * seed and, on another, fails with the recovery failure measured from ground truth.
 */
import { describe, expect, it } from 'vitest';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import { ENV, oraclePlan, planTeam } from './oracle-script.js';

describe('agentsSdkTeam under production faults', () => {
  it('a scripted team that does not adapt survives seed 3 and fails seed 1 with a recovery failure', async () => {
    const survived = await oraclePlan(3);
    const a = planTeam(survived);
    const ra = await a.play({ env: ENV, team: a, seed: 3, perturb: 'production' });
    expect(ra.outcome).toBe('success');
    expect(analyzeEpisode(ra).verdict.modes).toEqual([]);

    const failed = await oraclePlan(1);
    const b = planTeam(failed);
    const rb = await b.play({ env: ENV, team: b, seed: 1, perturb: 'production' });
    expect(rb.outcome).toBe('failure');
    expect(analyzeEpisode(rb).verdict.modes).toContain('recoveryFailure');
  }, 60_000);
});
