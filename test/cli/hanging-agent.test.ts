/**
 * An agent whose promise never settles cannot end a run: through the CLI, with a team module
 * imported from outside the repository, its episodes end at the per-action deadline as `timeout`
 * and every episode of the run is recorded — on the main thread (`--workers 1`, where the process
 * used to exit with code 13 and nothing recorded) and on worker threads alike. `npm test` spawns
 * the main-thread run; `npm run test:full` also runs on two workers and compares the records.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';
import { parseJson } from '../support/json.js';
import { FULL } from '../support/sizes.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/faultline.mjs');
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'faultline-hang-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(ROOT, join(dir, 'node_modules', 'faultline'), 'dir');

// Waits twice, then — on even seeds — never answers again; on odd seeds it gives up.
const MODULE = join(dir, 'stalling-team.mjs');
writeFileSync(
  MODULE,
  `import { registerTeam } from 'faultline';
registerTeam({
  id: 'stalls',
  description: 'waits twice, then hangs forever on even seeds and gives up on odd ones',
  createAgents: (start) => {
    let acted = 0;
    const act = () => {
      acted++;
      if (acted <= 2) return { type: 'wait', ticks: 1 };
      if (start.seed % 2 === 0) return new Promise(() => {});
      return { type: 'finish', status: 'gave_up' };
    };
    return Object.fromEntries(start.roles.map((r) => [r.id, { act }]));
  },
});
`,
);

interface Line {
  readonly seed: number;
  readonly outcome: string;
  readonly error: { readonly role: string; readonly step: number; readonly message: string } | null;
}

function run(workers: number): { code: number | null; stderr: string; lines: Line[]; text: string } {
  const out = join(dir, `w${workers}`);
  const r = spawnSync(
    process.execPath,
    [
      BIN,
      'run',
      '--env',
      'deploy/rollout-v2',
      '--team',
      'stalls',
      '--seeds',
      '0-3',
      '--import',
      MODULE,
      '--agent-timeout',
      '200',
      '--workers',
      String(workers),
      '--out',
      out,
      '--json',
    ],
    { encoding: 'utf8', cwd: dir, timeout: 60_000 },
  );
  const text = readFileSync(join(out, 'episodes.jsonl'), 'utf8');
  const lines = text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => parseJson<Line>(l));
  return { code: r.status, stderr: r.stderr, lines, text };
}

describe('a never-resolving agent', () => {
  it(`times out at the per-action deadline and the run records every episode, for 1${FULL ? ' and 2 workers' : ' worker (2 in full mode)'}`, () => {
    const one = run(1);
    expect(one.code, one.stderr).toBe(0);
    expect(one.lines.map((l) => [l.seed, l.outcome])).toEqual([
      [0, 'timeout'],
      [1, 'gave_up'],
      [2, 'timeout'],
      [3, 'gave_up'],
    ]);
    for (const l of one.lines.filter((x) => x.outcome === 'timeout'))
      expect(l.error).toEqual({ role: 'planner', step: 2, message: 'the agent did not answer within 200 ms' });
    if (FULL) {
      const two = run(2);
      expect(two.code, two.stderr).toBe(0);
      expect(two.text).toBe(one.text);
    }
  }, 60_000);

  it('--agent-timeout must be a deadline a timer can keep', async () => {
    const r = await cliInProcess([
      'run',
      '--env',
      'deploy/rollout-v2',
      '--team',
      'oracle',
      '--agent-timeout',
      '9999999999',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--agent-timeout: got 9999999999, expected a whole number of milliseconds from 1 to 2147483647/,
    );
  });
});
