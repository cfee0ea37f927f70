/**
 * Custom teams reach worker threads through `imports`, and a worker that dies mid-episode never
 * costs a recorded result.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTINS_SETUP, loadBuiltins } from '../../src/builtins.js';
import { runEvaluation } from '../../src/run/runner.js';
import { parseJson } from '../support/json.js';

const MODULE = join(import.meta.dirname, '../fixtures/custom-teams.ts');
let dir: string;
beforeAll(() => {
  loadBuiltins();
  dir = mkdtempSync(join(tmpdir(), 'faultline-imports-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('imports', () => {
  it('register custom teams in the main thread and in every worker', async () => {
    const { records } = await runEvaluation({
      envs: ['deploy/rollout-v2'],
      teams: ['fixture-quitter', 'oracle'],
      seeds: [0, 1, 2],
      workers: 2,
      setup: [BUILTINS_SETUP],
      imports: [MODULE],
    });
    expect(records.filter((r) => r.team === 'fixture-quitter').map((r) => r.outcome)).toEqual([
      'gave_up',
      'gave_up',
      'gave_up',
    ]);
    expect(records.filter((r) => r.team === 'oracle').every((r) => r.success)).toBe(true);
  });

  it('a worker killed twice by one episode stops the run with the episode named; what finished stays recorded', async () => {
    const out = join(dir, 'exits');
    await expect(
      runEvaluation({
        envs: ['deploy/rollout-v2'],
        teams: ['fixture-exits'],
        seeds: [0, 1, 2, 3],
        workers: 2,
        setup: [BUILTINS_SETUP],
        imports: [MODULE],
        out,
      }),
    ).rejects.toThrow(
      /worker died \(exit code 3\) twice while running episode deploy\.rollout-v2__fixture-exits__s1__t0.*resume/,
    );
    const recorded = readFileSync(join(out, 'episodes.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => parseJson<{ seed: number }>(l).seed);
    expect(recorded).not.toContain(1);
    expect(recorded).toContain(0);
  });

  it('a worker blocked by an agent in a synchronous loop is stopped, its episode recorded as timeout, and the run goes on', async () => {
    const out = join(dir, 'spins');
    const { records, interrupted } = await runEvaluation({
      envs: ['deploy/rollout-v2'],
      teams: ['fixture-spins'],
      seeds: [0, 1, 2, 3],
      workers: 2,
      setup: [BUILTINS_SETUP],
      imports: [MODULE],
      out,
      budget: { agentTimeoutMs: 100 },
    });
    expect(interrupted).toBe(false);
    expect(records.map((r) => r.outcome)).toEqual(['gave_up', 'timeout', 'gave_up', 'gave_up']);
    const blocked = records[1]!;
    expect(blocked.error?.message).toMatch(
      /blocked its worker thread for over 1200 ms at step 3 .*2 steps before were not recorded/,
    );
    expect(blocked.taskId).toBe('rollout-v2@1');
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toContain('"timeout": 1');
  }, 30_000);

  it('names an unknown team and says how to register one', async () => {
    await expect(runEvaluation({ envs: ['deploy/rollout-v2'], teams: ['nobody-here'], seeds: [0] })).rejects.toThrow(
      /--team: got "nobody-here".*--import/,
    );
  });
});
