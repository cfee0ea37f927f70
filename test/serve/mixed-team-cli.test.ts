/**
 * `faultline run --team-file mixed.yaml`: a mixed team file reaches the run in the main thread
 * and in every worker thread — an all-in-process team (oracle planner and reviewer, the
 * lossy-handoff executor), and a team with a remote executor (in-memory clients installed by an
 * `--import` module) that replies with the oracle's actions, so its episodes have the oracle's
 * digests on one worker or two.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { oracleTeam } from '../../agents/oracle.js';
import { runEpisode } from '../../src/team/episode.js';
import { readRecordedEpisodes } from '../../src/run/recorder.js';
import { cliInProcess } from '../support/cli.js';

const ENV = 'filesystem/rename-symbol-v1';
const dir = mkdtempSync(join(tmpdir(), 'faultline-mixed-cli-'));
const CLIENTS = join(import.meta.dirname, '../fixtures/mixed-remote-clients.ts');
let lossyFile: string;
let remoteFile: string;

beforeAll(() => {
  loadBuiltins();
  lossyFile = join(dir, 'mixed-lossy.yaml');
  writeFileSync(
    lossyFile,
    'id: mixed-lossy\nroles:\n  planner: { kind: oracle }\n  executor: { kind: team, team: lossy-handoff }\n  reviewer: { kind: oracle }\n',
  );
  remoteFile = join(dir, 'mixed-remote.json');
  writeFileSync(
    remoteFile,
    JSON.stringify({
      id: 'mixed-remote',
      roles: {
        planner: { kind: 'oracle' },
        executor: { kind: 'agent-protocol', url: 'http://127.0.0.1:9' },
        reviewer: { kind: 'oracle' },
      },
      remote: { timeoutSeconds: 30, retries: 0 },
    }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(out: string, extra: readonly string[]) {
  return cliInProcess(['run', '--env', ENV, '--seeds', '0-3', '--out', out, '--json', ...extra]);
}

describe('faultline run --team-file with a mixed team', () => {
  it('runs an all-in-process mixed team beside the oracle, on two workers', async () => {
    const out = join(dir, 'lossy');
    const r = await run(out, ['--team-file', lossyFile, '--team', 'oracle', '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    const { records } = readRecordedEpisodes(out, { verifyTrajectories: true });
    const mixed = records.filter((x) => x.team === 'mixed-lossy');
    expect(mixed).toHaveLength(4);
    for (const record of mixed) {
      expect(record.error).toBeNull();
      expect(['success', 'failure', 'gave_up', 'truncated']).toContain(record.outcome);
    }
    expect(records.filter((x) => x.team === 'oracle').map((x) => x.outcome)).toEqual(Array(4).fill('success'));
  });

  it("plays a remote executor through the MCP server in every worker, with the oracle's digests", async () => {
    const one = join(dir, 'remote-one');
    const two = join(dir, 'remote-two');
    for (const [out, workers] of [
      [one, '1'],
      [two, '2'],
    ] as const) {
      const r = await run(out, ['--team-file', remoteFile, '--import', CLIENTS, '--workers', workers]);
      expect(r.code, r.stderr).toBe(0);
      const { records } = readRecordedEpisodes(out, { verifyTrajectories: true });
      expect(records.map((x) => [x.id, x.outcome])).toEqual(
        [0, 1, 2, 3].map((seed) => [`filesystem.rename-symbol-v1__mixed-remote__s${seed}__t0`, 'success']),
      );
      for (const [seed, record] of records.entries()) {
        const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed });
        expect(record.digest).toBe(oracle.digest);
        expect(record.usage?.byRole['executor']?.calls).toBe(
          oracle.trajectory.filter((s) => s.role === 'executor').length,
        );
      }
    }
    expect(readFileSync(join(two, 'summary.json'), 'utf8')).toBe(readFileSync(join(one, 'summary.json'), 'utf8'));
  });

  it('refuses a bad mixed team file before any episode, naming the file and field', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: bad\nroles:\n  planner: { kind: oracel }\n');
    const r = await run(join(dir, 'bad'), ['--team-file', bad]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `${bad}: field roles.planner.kind: got "oracel", expected one of oracle, team, llm, a2a, agent-protocol, cmd`,
    );
  });
});
