import { execFileSync, spawnSync } from 'node:child_process';
import { sized } from '../support/sizes.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJson } from '../support/json.js';
import { cliInProcess } from '../support/cli.js';

const BIN = join(import.meta.dirname, '../../bin/faultline.mjs');
const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('faultline CLI', () => {
  it('list --json follows the contract', () => {
    const out = parseJson<{ envs: object[]; teams: Array<{ id: string }> }>(
      execFileSync(process.execPath, [BIN, 'list', '--json'], { encoding: 'utf8' }),
    );
    expect(out.envs.length).toBeGreaterThanOrEqual(2);
    for (const e of out.envs) expect(Object.keys(e).sort()).toEqual(['description', 'id', 'world']);
    expect(out.teams.map((t) => t.id)).toEqual(expect.arrayContaining(['oracle', 'random', 'noop']));
  });

  it('run --json prints the summary, --out records episodes that replay cleanly', () => {
    const out = join(dir, 'run');
    // Two worlds in `npm test`, every env in the full suite.
    const envs = sized('filesystem/rename-symbol-v1,deploy/rollout-v2', 'all');
    const r = cli(['run', '--env', envs, '--team', 'oracle,noop', '--seeds', '0-1', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const summary = parseJson<{ cells: Array<{ team: string; successRate: number }> }>(r.stdout);
    expect(summary.cells.length).toBeGreaterThanOrEqual(4);
    for (const c of summary.cells) {
      expect(c).toMatchObject({ episodes: 2 });
      expect(c.successRate).toBe(c.team === 'oracle' ? 1 : 0);
      for (const key of ['env', 'team', 'episodes', 'successRate', 'meanSteps', 'meanHandoffs'])
        expect(c).toHaveProperty(key);
    }
    expect(parseJson(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
    const line = parseJson(readFileSync(join(out, 'episodes.jsonl'), 'utf8').split('\n')[0]!);
    for (const key of ['envId', 'team', 'seed', 'trial', 'outcome', 'success', 'steps', 'handoffs'])
      expect(line).toHaveProperty(key);

    const replay = cli(['replay', out]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/(\d+)\/\1 trajectories replayed identically/);
  });

  // Every env passes the checker in-process (test/agents/baselines.test.ts); here the command itself,
  // on one env (on all of them in the full suite).
  it('check passes the envs it is given', () => {
    const target = sized('filesystem/rename-symbol-v1', 'all');
    const r = cli(['check', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^pass {2}filesystem\/rename-symbol-v1 \(0 errors, 0 warnings\)$/m);
    expect(r.stdout).not.toMatch(/fail/i);
  });

  // One bad input exits a real process with 2; the others run the same code in process.
  it('bad input exits 2 with a message naming the value and the fix', async () => {
    const r = cli(['run', '--env', 'all', '--team', 'oracle', '--seeds', 'ten']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seeds: got "ten".*Fix:/);
    const t = await cliInProcess(['run', '--env', 'all', '--team', 'oracle', '--trials', '0']);
    expect(t.code).not.toBe(0);
    expect(t.stderr).toMatch(/--trials/);
    const m = await cliInProcess(['replay', join(dir, 'missing.jsonl')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/missing\.jsonl/);
  });
});

describe('faultline CLI output', () => {
  it('exits quietly when its reader closes the pipe early (replay DIR | head)', async () => {
    const { spawn } = await import('node:child_process');
    // replay writes a line per trajectory as it goes, so the pipe closes while it still writes.
    const child = spawn(process.execPath, [BIN, 'replay', join(dir, 'run')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
