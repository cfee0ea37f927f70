/**
 * `faultline demo`'s plan names registered envs and teams (so a renamed env breaks `npm test`, not
 * only the full suite's whole demo run), and the command it prints reads back as the same words.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PLAN, demoOverwrites, demoRunArgs, shellWord } from '../../src/cli/demo-command.js';
import { writeManifest, type RunConfig } from '../../src/run/manifest.js';
import { listEnvs } from '../../src/core/registry.js';
import { listTeams } from '../../src/team/agent.js';
import { loadBuiltins } from '../../src/builtins.js';
import { resolveProfile } from '../../src/run/runner.js';

beforeAll(() => loadBuiltins());
const root = mkdtempSync(join(tmpdir(), 'faultline-demo-args-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A directory holding the run.json of a run of `config`. */
function runDir(name: string, config: Partial<RunConfig>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeManifest(dir, {
    format: 'faultline.run/1',
    config: {
      envs: [...DEMO_PLAN.envs].sort(),
      teams: [...DEMO_PLAN.teams].sort(),
      seeds: [0, 1, 2],
      trials: DEMO_PLAN.trials,
      variants: 1,
      perturb: DEMO_PLAN.perturb,
      maxSteps: null,
      maxActionBytes: 262_144,
      imports: [],
      countErrors: false,
      ...config,
    },
    shard: null,
    status: 'complete',
    planned: 216,
    recorded: 216,
    workers: 1,
    startedAt: '2026-12-07T00:00:00.000Z',
    finishedAt: '2026-12-07T00:00:30.000Z',
    seconds: 30,
    episodesPerSecond: 7.2,
    resumes: 0,
    node: 'v20.20.2',
  });
  return dir;
}

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

it('replaces an earlier demo, and leaves any other run to be refused by the run itself', () => {
  const demo = runDir('earlier-demo', {});
  expect(demoOverwrites({ out: demo, workers: 1 })).toBe(true);
  expect(demoRunArgs({ out: demo, workers: 1 }).at(-1)).toBe('--overwrite');
  // Resuming keeps it; --overwrite is never passed beside --resume.
  expect(demoOverwrites({ out: demo, workers: 1, resume: true })).toBe(false);
  expect(demoRunArgs({ out: demo, workers: 1, resume: true })).not.toContain('--overwrite');

  const other = runDir('my-run', { teams: ['my-llm-team'] });
  expect(demoOverwrites({ out: other, workers: 1 })).toBe(false);
  expect(demoOverwrites({ out: other, workers: 1, overwrite: true })).toBe(true);
  expect(demoOverwrites({ out: runDir('cleaner', { perturb: 'clean' }), workers: 1 })).toBe(false);
  expect(demoOverwrites({ out: join(root, 'new'), workers: 1 })).toBe(false);
});
