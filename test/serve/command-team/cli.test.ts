/**
 * `faultline run --team-cmd … --model-proxy`: the fixture agent program (the official MCP client
 * and `openai` client) plays each episode through the MCP HTTP server, its model calls go through
 * the model proxy to a scripted model that answers with the oracle's actions — so the run has the
 * oracle's outcomes and digests, with model turns and usage recorded, on one worker or two, and
 * the provider key reaches neither the program nor any file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { readRecordedEpisodes } from '../../../src/run/recorder.js';
import {
  oracleReplayResponder,
  startScriptedModelServer,
  type ScriptedModelServer,
} from '../../../src/testing/model-server/index.js';
import { cliInProcess } from '../../support/cli.js';
import { FULL, sized } from '../../support/sizes.js';
import { agentCommand } from './support.js';

const ENV = 'filesystem/rename-symbol-v1';
const SECRET = 'sk-team-cmd-test-SECRET-7f3a';
const dir = mkdtempSync(join(tmpdir(), 'faultline-team-cmd-cli-'));
let model: ScriptedModelServer;
const saved = { key: process.env['OPENAI_API_KEY'], base: process.env['OPENAI_BASE_URL'] };

beforeAll(async () => {
  loadBuiltins();
  model = await startScriptedModelServer({ apiKey: SECRET, respond: oracleReplayResponder() });
  process.env['OPENAI_API_KEY'] = SECRET;
  delete process.env['OPENAI_BASE_URL'];
});

afterAll(async () => {
  await model.close();
  for (const [name, value] of [
    ['OPENAI_API_KEY', saved.key],
    ['OPENAI_BASE_URL', saved.base],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  rmSync(dir, { recursive: true, force: true });
});

/** Every file under `root` whose bytes contain `text`. */
function filesContaining(root: string, text: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => join(root, f))
    .filter((f) => statSync(f).isFile() && readFileSync(f, 'utf8').includes(text));
}

/** Two episodes in the full run, one in `npm test` (each is some 40 model calls and MCP calls). */
const SEEDS = sized(1, 2);

function runCmd(out: string, extra: readonly string[] = []) {
  return cliInProcess([
    'run',
    '--env',
    ENV,
    '--seeds',
    `0-${SEEDS - 1}`,
    '--team-cmd',
    agentCommand(),
    '--model-proxy',
    '--base-url',
    model.url,
    '--out',
    out,
    '--json',
    ...extra,
  ]);
}

describe('faultline run --team-cmd with --model-proxy', () => {
  it("records the oracle's outcomes with model turns and usage", async () => {
    const a = join(dir, 'one-worker');
    const r = await runCmd(a);
    expect(r.code, r.stderr).toBe(0);
    const { records } = readRecordedEpisodes(a, { verifyTrajectories: true });
    expect(records.map((x) => [x.id, x.outcome])).toEqual(
      Array.from({ length: SEEDS }, (_, seed) => [`filesystem.rename-symbol-v1__cmd__s${seed}__t0`, 'success']),
    );
    for (const [seed, record] of records.entries()) {
      const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed });
      expect(record.digest).toBe(oracle.digest);
      expect(record.usage?.calls).toBeGreaterThanOrEqual(oracle.steps);
      const lines = readFileSync(join(a, record.trajectoryFile), 'utf8').trim().split('\n');
      const steps = lines.map((l) => JSON.parse(l) as { step?: number; turn?: { calls: unknown[] } });
      const withTurns = steps.filter((s) => s.step !== undefined && (s.turn?.calls.length ?? 0) > 0);
      expect(withTurns.length).toBeGreaterThan(0);
    }
    const summary = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(summary)).toMatch(/"promptTokens":\d+/);
    expect(filesContaining(a, SECRET)).toEqual([]);
  });

  it('gives the same summary.json on two workers', async (ctx) => {
    ctx.skip(!FULL, 'starts two worker threads and four programs: runs in `npm run test:full`');
    const a = join(dir, 'one-worker');
    const b = join(dir, 'two-workers');
    const r2 = await runCmd(b, ['--workers', '2']);
    expect(r2.code, r2.stderr).toBe(0);
    expect(readFileSync(join(b, 'summary.json'), 'utf8')).toBe(readFileSync(join(a, 'summary.json'), 'utf8'));
    expect([...filesContaining(a, SECRET), ...filesContaining(b, SECRET)]).toEqual([]);
  });

  it('goes on past a program that cannot start: recorded as agent_error beside the other team', async () => {
    const out = join(dir, 'missing');
    const r = await cliInProcess([
      'run',
      '--env',
      ENV,
      '--seeds',
      '0',
      '--team',
      'oracle',
      '--team-cmd',
      'faultline-no-such-agent {mcp_url}',
      '--team-cmd-id',
      'missing',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { records } = readRecordedEpisodes(out);
    expect(records.map((x) => [x.team, x.outcome])).toEqual([
      ['missing', 'agent_error'],
      ['oracle', 'success'],
    ]);
    expect(records[0]?.error?.message).toMatch(/could not start agent program \(faultline-no-such-agent/);
  });

  it('refuses bad flags before any episode', async () => {
    const bad = async (args: string[]) => (await cliInProcess(['run', '--env', ENV, '--seeds', '0', ...args])).stderr;
    expect(await bad(['--team-cmd', "node 'x"])).toMatch(/--team-cmd: .*quotes are closed/);
    expect(await bad(['--team-cmd', 'x {mcp}'])).toMatch(/\{mcp\}.*one of \{mcp_url\}/);
    expect(await bad(['--team-cmd', 'x {model_base_url}'])).toMatch(/--model-proxy/);
    expect(await bad(['--team', 'oracle', '--model-proxy'])).toMatch(/--model-proxy.*agent program team/);
    expect(await bad(['--team-cmd', 'x', '--team-cmd-id', 'oracle'])).toMatch(/not a built-in team/);
    expect(await bad(['--team-cmd', 'x', '--team-cmd-timeout', '0'])).toMatch(/--team-cmd-timeout/);
    expect(await bad(['--team-cmd', 'x', '--team-cmd-max-output', 'lots'])).toMatch(/--team-cmd-max-output/);
  });
});
