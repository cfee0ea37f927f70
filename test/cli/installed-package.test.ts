/**
 * `--import my-team.ts` as a user runs it: faultline built, packed and installed from its tarball
 * into a fresh project outside the checkout (so nothing resolves to the sources or registers tsx
 * for it), then `npx faultline run --import ./my-team.ts` on 1 and 2 workers. It builds and
 * installs (a minute or more), so it runs in `npm run test:full`; `npm test` covers the loader
 * registration itself in test/run/ts-loader.test.ts.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FULL } from '../support/sizes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENV = 'filesystem/rename-symbol-v1';

/** A team module in TypeScript, importing faultline by name as a user's does. */
const MY_TEAM = `import { registerTeam, type Team } from 'faultline/teams';

interface Quitter { readonly reason: string }
const why: Quitter = { reason: 'my-team gives up' };

const team: Team = {
  id: 'my-team',
  description: why.reason,
  createAgents(start) {
    const finisher = start.roles.find((r) => r.canFinish)!.id;
    return Object.fromEntries(
      start.roles.map((r) => [
        r.id,
        {
          act: () =>
            r.canFinish
              ? ({ type: 'finish', status: 'gave_up' } as const)
              : ({ type: 'handoff', to: finisher, message: why.reason } as const),
        },
      ]),
    );
  },
};
registerTeam(team);
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** Runs a command, failing the test with its output when it exits non-zero. */
function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 600_000,
  });
  expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

describe('faultline installed from its tarball', () => {
  it('runs a team from `--import ./my-team.ts`, on 1 and 2 workers', (ctx) => {
    ctx.skip(!FULL, 'builds, packs and installs the package: runs in `npm run test:full`');
    const packs = temp('faultline-pack-');
    run('npm', ['run', 'build'], ROOT);
    run('npm', ['pack', '--ignore-scripts', '--pack-destination', packs], ROOT);
    const tarball = readdirSync(packs).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const project = temp('faultline-user-');
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'my-evals', private: true, type: 'module' }, null, 2)}\n`,
    );
    run('npm', ['install', join(packs, tarball!), '--prefer-offline', '--no-audit', '--no-fund'], project);
    writeFileSync(join(project, 'my-team.ts'), MY_TEAM);

    const summaries: string[] = [];
    for (const workers of [1, 2]) {
      const out = `runs-${workers}`;
      const args = ['--no-install', 'faultline', 'run', '--import', './my-team.ts', '--team', 'my-team'];
      args.push('--env', ENV, '--seeds', '0-1', '--workers', String(workers), '--out', out);
      run('npx', args, project);
      const records = readFileSync(join(project, out, 'episodes.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { team: string; seed: number; outcome: string });
      expect(records.map((r) => [r.team, r.seed, r.outcome]).sort()).toEqual([
        ['my-team', 0, 'gave_up'],
        ['my-team', 1, 'gave_up'],
      ]);
      summaries.push(readFileSync(join(project, out, 'summary.json'), 'utf8'));
    }
    expect(summaries[1]).toBe(summaries[0]);
  }, 900_000);
});
