/**
 * A 50 MB action, through the CLI, from a team module imported from outside the repository: it is
 * an error observation, recorded as its size and hash (the run directory stays small), the team
 * goes on to succeed, and the records and trajectories are byte-identical on 1 and 2 workers —
 * also with a short per-action deadline, where measuring the action used to count as the agent
 * blocking its worker (gave_up on one worker, timeout on two). `npm test` spawns the run once, on
 * one worker; `npm run test:full` also runs it on two workers and compares the files byte for byte.
 */
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';
import { parseJson } from '../support/json.js';
import { FULL } from '../support/sizes.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/faultline.mjs');
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'faultline-huge-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(ROOT, join(dir, 'node_modules', 'faultline'), 'dir');

const MB50 = 50 * 1024 * 1024;
const MODULE = join(dir, 'bloating-team.mjs');
writeFileSync(
  MODULE,
  `import { oracleTeam, registerTeam } from 'faultline/teams';
registerTeam({
  id: 'bloats',
  description: 'the oracle, whose first action is a 50 MB handoff',
  privileged: true,
  createAgents: (start) => {
    const inner = oracleTeam.createAgents(start);
    let sent = false;
    const wrap = (agent) => ({
      act: (observation, context) => {
        if (sent) return agent.act(observation, context);
        sent = true;
        return { type: 'handoff', to: observation.teammates[0], message: { text: 'x'.repeat(${MB50}) } };
      },
    });
    return Object.fromEntries(Object.entries(inner).map(([role, agent]) => [role, wrap(agent)]));
  },
});
`,
);

function run(workers: number, extra: string[] = []) {
  const out = join(dir, `w${workers}`);
  const r = spawnSync(
    process.execPath,
    [
      BIN,
      'run',
      '--env',
      'deploy/rollout-v2',
      '--team',
      'bloats',
      '--seeds',
      '0-1',
      '--import',
      MODULE,
      '--agent-timeout',
      '100',
      '--workers',
      String(workers),
      '--out',
      out,
      '--json',
      ...extra,
    ],
    { encoding: 'utf8', cwd: dir, timeout: 90_000 },
  );
  return { code: r.status, stderr: r.stderr, out };
}

function files(out: string): Record<string, string> {
  const trajectories = join(out, 'trajectories');
  return Object.fromEntries<string>([
    ['episodes.jsonl', readFileSync(join(out, 'episodes.jsonl'), 'utf8')],
    ...readdirSync(trajectories)
      .sort()
      .map((f): [string, string] => [f, readFileSync(join(trajectories, f), 'utf8')]),
  ]);
}

describe('a 50 MB action', () => {
  it(`is an error observation recorded as size and hash${FULL ? ', with identical results on 1 and 2 workers' : ' (1 worker; 2 in full mode)'}`, () => {
    const one = run(1);
    expect(one.code, one.stderr).toBe(0);
    const a = files(one.out);
    if (FULL) {
      const two = run(2);
      expect(two.code, two.stderr).toBe(0);
      expect(files(two.out)).toEqual(a);
    }
    const records = a['episodes.jsonl']!.trim()
      .split('\n')
      .map((l) => parseJson<{ outcome: string; invalidActions: number; digest: string }>(l));
    expect(records.map((r) => [r.outcome, r.invalidActions])).toEqual([
      ['success', 1],
      ['success', 1],
    ]);
    const first = Object.entries(a).find(([f]) => f.endsWith('.jsonl') && f !== 'episodes.jsonl')![1];
    const step1 = parseJson<{ action: unknown; event: { error: { message: string } } }>(first.split('\n')[1]!);
    expect(step1.action).toEqual({
      oversized: true,
      bytes: MB50 + JSON.stringify({ type: 'handoff', to: 'executor', message: { text: '' } }).length,
      limit: 262_144,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });
    expect(step1.event.error.message).toMatch(/^the action is 52428\d\d\d bytes of JSON .*the limit is 262144 bytes/);
    const size = readdirSync(join(one.out, 'trajectories')).reduce(
      (sum, f) => sum + statSync(join(one.out, 'trajectories', f)).size,
      0,
    );
    console.log(`trajectories of 2 episodes with a 50 MB action each: ${size} bytes`);
    expect(size).toBeLessThan(1024 * 1024);
  }, 120_000);

  it('--max-action-bytes is validated', async () => {
    const r = await cliInProcess(['run', '--env', 'deploy/rollout-v2', '--team', 'oracle', '--max-action-bytes', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-action-bytes: got 10, expected a whole number of bytes from 1024 to 262144/);
  });
});
