/**
 * `faultline demo`'s plan names registered envs and teams (so a renamed env breaks `npm test`, not
 * only the full suite's whole demo run), and the command it prints reads back as the same words.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PLAN, demoRunArgs, shellWord } from '../../src/cli/demo-command.js';
import { listEnvs } from '../../src/core/registry.js';
import { listTeams } from '../../src/team/agent.js';
import { loadBuiltins } from '../../src/builtins.js';
import { resolveProfile } from '../../src/run/runner.js';

beforeAll(() => loadBuiltins());

it('runs registered envs and teams: the oracle, every flawed team and one baseline', () => {
  const envs = listEnvs().map((s) => s.id);
  for (const env of DEMO_PLAN.envs) expect(envs).toContain(env);
  const teams = listTeams().map((t) => t.id);
  for (const team of DEMO_PLAN.teams) expect(teams).toContain(team);
  expect([...DEMO_PLAN.teams].sort()).toEqual([
    'brittle',
    'credulous',
    'drifting',
    'lossy-handoff',
    'oracle',
    'random',
  ]);
  expect(() => resolveProfile(DEMO_PLAN.perturb, [...DEMO_PLAN.envs])).not.toThrow();
  expect(DEMO_PLAN.trials).toBeGreaterThanOrEqual(3);
  expect(demoRunArgs({ out: 'x', workers: 2, resume: true }).slice(-6)).toEqual([
    '--workers',
    '2',
    '--out',
    'x',
    '--report',
    '--resume',
  ]);
});

it('prints arguments a POSIX shell reads back unchanged', () => {
  const words = ['runs/demo', 'my runs', "it's", '$HOME', 'a"b', ''];
  const echoed = execFileSync('sh', ['-c', `printf '%s\\n' ${words.map(shellWord).join(' ')}`], { encoding: 'utf8' });
  expect(echoed).toBe(`${words.join('\n')}\n`);
  expect(shellWord('deploy/rollout-v2,filesystem/rename-symbol-v1')).toBe(
    'deploy/rollout-v2,filesystem/rename-symbol-v1',
  );
});
