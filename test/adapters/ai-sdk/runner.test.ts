/**
 * A registered AI SDK team runs through the runner as any team: the runner calls its `play`,
 * records the episode, and is told of every step.
 */
import { expect, it } from 'vitest';
import { aiSdkTeam } from '../../../src/adapters/ai-sdk/index.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { executeEpisode } from '../../../src/run/execute.js';
import { registerTeam } from '../../../src/team/agent.js';
import { runEpisode } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { scriptedModels } from './scripted.js';

loadBuiltins();

it('the runner plays a registered AI SDK team and records its episode', async () => {
  const key = { envId: 'filesystem/rename-symbol-v1', team: 'ai-sdk-runner', seed: 3, trial: 0, variant: 0 };
  const oracle = await runEpisode({ env: key.envId, team: oracleTeam, seed: key.seed, perturb: 'production' });
  const models = scriptedModels(oracle.trajectory);
  registerTeam(
    aiSdkTeam({
      id: key.team,
      roles: Object.fromEntries(Object.entries(models).map(([role, model]) => [role, { model }])),
    }),
  );
  let steps = 0;
  const { record, trajectory } = await executeEpisode(
    key,
    { perturb: 'production', maxSteps: null },
    { onStep: () => void (steps += 1) },
  );
  expect(record.outcome).toBe('success');
  expect(record.digest).toBe(oracle.digest);
  expect(steps).toBe(oracle.steps);
  expect(trajectory.split('\n').filter((l) => l.trim() !== '').length).toBeGreaterThan(oracle.steps);
});
