/**
 * Failure modes are measured on an AI SDK team as on any team: under the same production faults,
 * models scripted with the oracle's answers to those faults survive them (success, no failure
 * mode), while models scripted with the oracle's clean-run actions — blind to the faults — fail,
 * and the verdict says why (a recovery failure).
 */
import { describe, expect, it } from 'vitest';
import { aiSdkTeam } from '../../../src/adapters/ai-sdk/index.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import { runEpisode } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { scriptedModels } from './scripted.js';

loadBuiltins();

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 4;

async function playScripted(script: Awaited<ReturnType<typeof runEpisode>>) {
  const models = scriptedModels(script.trajectory);
  const team = aiSdkTeam({
    id: 'ai-sdk-scripted',
    roles: Object.fromEntries(Object.entries(models).map(([role, model]) => [role, { model }])),
  });
  return team.play({ env: ENV, team, seed: SEED, perturb: 'production' });
}

describe('failure modes of an AI SDK team', () => {
  it('survives the faults it answers, and is flagged for a recovery failure on the ones it ignores', async () => {
    const adapted = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED, perturb: 'production' });
    const blind = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED });

    const survives = await playScripted(adapted);
    expect(survives.perturbations.plan.length).toBeGreaterThan(0);
    expect(survives.outcome).toBe('success');
    expect(analyzeEpisode(survives).verdict.modes).toEqual([]);

    const fails = await playScripted(blind);
    expect(fails.outcome).toBe('failure');
    expect(analyzeEpisode(fails).verdict.modes).toContain('recoveryFailure');
  });
});
