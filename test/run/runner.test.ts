import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { registerTeam, type Team } from '../../src/team/agent.js';
import { runEvaluation } from '../../src/run/runner.js';
import { replayFile } from '../../src/run/replay.js';
import { builtinEnvIds } from '../support/envs.js';
import { seeds } from '../support/sizes.js';
import { parseJson } from '../support/json.js';

const ENV = 'filesystem/rename-symbol-v1';

/** A team whose planner misbehaves in a chosen way on its third action, then finishes. */
function misbehaving(id: string, bad: () => unknown): Team {
  return {
    id,
    description: `test team: ${id}`,
    createAgents(start) {
      let calls = 0;
      const planner = {
        act: () => {
          calls++;
          if (calls === 3) return bad();
          if (calls < 3) return { type: 'tool', tool: 'list_dir', args: { path: '.' } };
          return { type: 'finish', status: 'gave_up' };
        },
      };
      return Object.fromEntries(start.roles.map((r) => [r.id, planner]));
    },
  };
}

let dir: string;
beforeAll(() => {
  loadBuiltins();
  registerTeam(
    misbehaving('throws', () => {
      throw new Error('model API exploded');
    }),
  );
  registerTeam(misbehaving('malformed', () => ({ type: 'tool', tool: 'read_file' /* args missing path */ })));
  registerTeam(misbehaving('unknown-tool', () => ({ type: 'tool', tool: 'rm_rf', args: {} })));
  registerTeam(misbehaving('garbage', () => '{not json'));
  dir = mkdtempSync(join(tmpdir(), 'faultline-runner-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runEvaluation', () => {
  it('records a throwing agent as agent_error and keeps running the other episodes', async () => {
    const out = join(dir, 'errors');
    const { records, summary } = await runEvaluation({
      envs: [ENV],
      teams: ['throws', 'malformed', 'unknown-tool', 'garbage', 'oracle'],
      seeds: [0, 1],
      out,
    });
    expect(records).toHaveLength(10);
    const throws = records.filter((r) => r.team === 'throws');
    expect(throws.every((r) => r.outcome === 'agent_error')).toBe(true);
    expect(throws[0]!.error).toMatchObject({ role: 'planner', step: 2, message: 'model API exploded' });
    // Malformed actions, unknown tools and invalid JSON are error observations: counted, not fatal.
    for (const team of ['malformed', 'unknown-tool', 'garbage']) {
      const rs = records.filter((r) => r.team === team);
      expect(rs.every((r) => r.outcome === 'gave_up' && r.error === null)).toBe(true);
      const counted = team === 'unknown-tool' || team === 'malformed' ? rs[0]!.toolErrors : rs[0]!.invalidActions;
      expect(counted).toBe(1);
    }
    const traj = readFileSync(join(out, records.find((r) => r.team === 'unknown-tool')!.trajectoryFile), 'utf8');
    expect(traj).toContain('There is no tool \\"rm_rf\\"');
    expect(summary.cells.find((c) => c.team === 'oracle')!.successRate).toBe(1);
    // Nothing recorded was lost: one line per episode, one trajectory per episode.
    expect(readFileSync(join(out, 'episodes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(10);
    expect(readdirSync(join(out, 'trajectories'))).toHaveLength(10);
  });

  it('writes identical episodes.jsonl and summary.json when run twice', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const args = { envs: builtinEnvIds(), teams: ['oracle', 'random', 'noop'], seeds: seeds(1, 3), trials: 2 };
    await runEvaluation({ ...args, out: a });
    await runEvaluation({ ...args, out: b });
    expect(readFileSync(join(a, 'episodes.jsonl'), 'utf8')).toBe(readFileSync(join(b, 'episodes.jsonl'), 'utf8'));
    expect(readFileSync(join(a, 'summary.json'), 'utf8')).toBe(readFileSync(join(b, 'summary.json'), 'utf8'));
  });

  it('replays every recorded trajectory identically, and reports where a tampered one diverges', async () => {
    const out = join(dir, 'replay');
    const { records } = await runEvaluation({
      envs: builtinEnvIds(),
      teams: ['oracle', 'random', 'garbage', 'throws'],
      seeds: [3, 4],
      out,
    });
    for (const r of records)
      expect(replayFile(join(out, r.trajectoryFile))).toMatchObject({ ok: true, divergence: null });

    const file = join(out, records.find((r) => r.team === 'oracle')!.trajectoryFile);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const step5 = parseJson<Record<string, unknown>>(lines[5]!);
    step5.observation = '0000000000000000';
    lines[5] = JSON.stringify(step5);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const report = replayFile(file);
    expect(report.ok).toBe(false);
    expect(report.divergence).toMatchObject({ step: 5, field: 'observation', expected: '0000000000000000' });
  });

  it('rejects unknown teams and envs with a message naming the value and the fix', async () => {
    await expect(runEvaluation({ envs: [ENV], teams: ['nobody'], seeds: [0] })).rejects.toThrow(
      /--team: got "nobody".*faultline list/,
    );
    await expect(runEvaluation({ envs: ['filesystem/nope-v1'], teams: ['oracle'], seeds: [0] })).rejects.toThrow(
      /--env: got "filesystem\/nope-v1", expected a registered env id.*Fix: .*faultline list/,
    );
  });
});
