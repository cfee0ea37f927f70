/**
 * The copy-paste agent program of examples/mcp-agent.mjs runs as a team: one program per episode
 * (the whole team) and one per role (a team file), its model calls through the model proxy to a
 * scripted model that answers with the oracle's actions — so its episodes are the oracle's, with
 * the same digests, and every model call is recorded with the step it chose.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { runEpisode } from '../../src/team/episode.js';
import { oracleTeam } from '../../agents/oracle.js';
import { readRecordedEpisodes } from '../../src/run/recorder.js';
import {
  oracleReplayResponder,
  startScriptedModelServer,
  type ScriptedModelServer,
} from '../../src/testing/model-server/index.js';
import { cliInProcess } from '../support/cli.js';

const AGENT = join(import.meta.dirname, '../../examples/mcp-agent.mjs');
const ENV = 'deploy/diagnose-rollback-v2';
const SECRET = 'sk-example-agent-SECRET-51c2';
const dir = mkdtempSync(join(tmpdir(), 'faultline-example-agent-'));
let model: ScriptedModelServer;
const saved = process.env['OPENAI_API_KEY'];

beforeAll(async () => {
  loadBuiltins();
  model = await startScriptedModelServer({ apiKey: SECRET, respond: oracleReplayResponder() });
  process.env['OPENAI_API_KEY'] = SECRET;
});

afterAll(async () => {
  await model.close();
  if (saved === undefined) delete process.env['OPENAI_API_KEY'];
  else process.env['OPENAI_API_KEY'] = saved;
  rmSync(dir, { recursive: true, force: true });
});

/** Runs seed 1 of ENV with `team` flags; returns the recorded episode after checking it is the oracle's. */
async function runAsTeam(name: string, team: readonly string[]) {
  const out = join(dir, name);
  const r = await cliInProcess([
    'run',
    '--env',
    ENV,
    '--seeds',
    '1',
    ...team,
    '--model-proxy',
    '--base-url',
    model.url,
    '--out',
    out,
  ]);
  expect(r.code, r.stderr).toBe(0);
  const { records } = readRecordedEpisodes(out, { verifyTrajectories: true });
  expect(records).toHaveLength(1);
  const record = records[0]!;
  const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 1 });
  expect(record.outcome, record.error?.message).toBe('success');
  expect(record.digest).toBe(oracle.digest);
  expect(record.usage?.calls).toBeGreaterThanOrEqual(oracle.steps);
  expect(readFileSync(join(out, record.trajectoryFile), 'utf8')).not.toContain(SECRET);
  return record;
}

it('plays the whole team as one program', async () => {
  const record = await runAsTeam('whole', ['--team-cmd', `node ${AGENT}`]);
  expect(record.team).toBe('cmd');
}, 60_000);

it('plays one role per program from a team file, each call attributed to its role', async () => {
  const file = join(dir, 'team.yaml');
  const command = `node ${AGENT}`;
  writeFileSync(
    file,
    `id: example-roles\nroles:\n  planner: { command: "${command}" }\n  executor: { command: "${command}" }\n  reviewer: { command: "${command}" }\nmodelProxy: true\n`,
  );
  const record = await runAsTeam('roles', ['--team-file', file]);
  expect(record.team).toBe('example-roles');
  expect(Object.keys(record.usage?.byRole ?? {}).sort()).toEqual(['executor', 'planner', 'reviewer']);
}, 60_000);
