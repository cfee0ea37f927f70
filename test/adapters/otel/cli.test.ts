/**
 * `faultline run --otel URL` and `faultline traces RUN_DIR` as users run them (a child process
 * each), against a real `node:http` OTLP receiver: one trace per episode with its step spans, the
 * API key of `OTEL_EXPORTER_OTLP_HEADERS` at the collector and in no file, the same traces again
 * from `traces`; and a collector that refuses connections: the run completes and records every
 * episode, with one warning; `faultline mcp --otel` and `faultline serve --otel` send the episodes their clients played. FULL_ONLY: each spawn costs a process start and a TypeScript load.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { EPISODE_SPAN, FAULTLINE, GEN_AI } from '../../../src/adapters/otel/index.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { readRecordedEpisodes } from '../../../src/run/recorder.js';
import { runEpisode } from '../../../src/team/episode.js';
import { toolCallOf } from '../../serve/mcp/connect.js';
import { OpenEnvClient } from '../../serve/openenv/client.js';
import { oracleEpisode, playOver, type EpisodeCase } from '../../serve/openenv/oracle-replay.js';
import { startOtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
import { refusedPort } from '../../support/refused-port.js';

const ROOT = join(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/faultline.mjs');
const SECRET = 'Bearer cli-otel-secret-92ab';
const dir = mkdtempSync(join(tmpdir(), 'faultline-otel-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in a child process without blocking this one (the receiver answers meanwhile). */
function faultline(args: readonly string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const RUN = [
  'run',
  '--env',
  'filesystem/rename-symbol-v1',
  '--team',
  'oracle,brittle,lossy-handoff',
  '--seeds',
  '0-2',
  '--perturb',
  'production',
];

function files(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const ids = (spans: readonly ReceivedSpan[]) => spans.map((s) => `${s.traceId}/${s.spanId}/${s.start}`).sort();

describe('faultline run --otel, faultline traces', () => {
  it('sends one trace per episode with its step spans while the run records them; traces sends the same again', async () => {
    const receiver = await startOtlpReceiver();
    const out = join(dir, 'live');
    const run = await faultline([...RUN, '--otel', receiver.url, '--out', out], {
      OTEL_EXPORTER_OTLP_HEADERS: `authorization=${SECRET}`,
    });
    expect(run.code, run.stderr).toBe(0);
    const { records } = readRecordedEpisodes(out);
    expect(records).toHaveLength(9);
    const steps = records.reduce((n, r) => n + r.steps, 0);
    expect(run.stderr).toContain(
      `traces: 9 of 9 episodes sent to ${receiver.url}/v1/traces (${9 + steps} of ${9 + steps} spans)`,
    );
    expect(run.stderr).not.toContain(SECRET);

    const traces = receiver.traces();
    expect(traces.size).toBe(9);
    for (const record of records) {
      const root = receiver.spans.find(
        (s) => s.name === EPISODE_SPAN && s.attributes[GEN_AI.conversationId] === record.id,
      );
      expect(root?.attributes[FAULTLINE.team]).toBe(record.team);
      expect(traces.get(root?.traceId ?? '')).toBe(1 + record.steps);
      const stepSpans = receiver.spans.filter((s) => s.parentSpanId === root?.spanId);
      expect(stepSpans).toHaveLength(record.steps);
      expect(stepSpans.some((s) => s.name.startsWith('execute_tool '))).toBe(true);
    }
    expect(receiver.requests.every((r) => r.headers.authorization === SECRET)).toBe(true);
    for (const file of files(out)) expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    const live = [...receiver.spans];
    await receiver.close();

    const again = await startOtlpReceiver();
    const traced = await faultline(['traces', out, '--otlp', again.url]);
    await again.close();
    expect(traced.code, traced.stderr).toBe(0);
    expect(traced.stderr).toContain(`traces: 9 of 9 episodes sent to ${again.url}/v1/traces`);
    expect(ids(again.spans)).toEqual(ids(live));
  }, 60_000);

  it('a collector that refuses connections: the run completes and records every episode, with one warning', async () => {
    const port = await refusedPort();
    const out = join(dir, 'refused');
    const run = await faultline([...RUN, '--otel', `http://127.0.0.1:${port}`, '--out', out], {
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(readRecordedEpisodes(out).records).toHaveLength(9);
    expect(run.stdout).toContain('Recorded 9 episodes');
    const warnings = run.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`could not send traces to http://127.0.0.1:${port}/v1/traces (connect ECONNREFUSED`);
    expect(warnings[0]).toContain(`faultline traces ${out} --otlp URL`);
    expect(run.stderr).toContain('traces: 0 of 9 episodes sent');

    // The same failure after the fact is the command's failure: exit 1.
    const traced = await faultline(['traces', out, '--otlp', `http://127.0.0.1:${port}`], {
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
    });
    expect(traced.code).toBe(1);
    expect(traced.stderr).toContain('ECONNREFUSED');
  }, 60_000);

  it('faultline mcp --otel sends the episode an MCP client played over stdio', async () => {
    loadBuiltins();
    const env = 'filesystem/rename-symbol-v1';
    const oracle = await runEpisode({ env, team: oracleTeam, seed: 0 });
    const receiver = await startOtlpReceiver();
    const out = join(dir, 'mcp');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp', '--env', env, '--seed', '0', '--out', out, '--otel', receiver.url],
      stderr: 'pipe',
    });
    const stderr: string[] = [];
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    const exited = new Promise<void>((resolve) => (transport.onclose = resolve));
    const client = new Client({ name: 'otel-test', version: '1.0.0' });
    await client.connect(transport);
    for (const step of oracle.trajectory) {
      const { name, args } = toolCallOf(step);
      await client.callTool({ name, arguments: args });
    }
    await client.close();
    await exited;
    await receiver.close();
    const [record] = readRecordedEpisodes(out).records;
    expect(record).toMatchObject({ team: 'mcp', outcome: 'success' });
    expect(receiver.traces().size).toBe(1);
    expect(receiver.spans).toHaveLength(1 + (record?.steps ?? 0));
    expect(receiver.spans.find((s) => s.name === EPISODE_SPAN)?.attributes[GEN_AI.conversationId]).toBe(record?.id);
    expect(stderr.join('')).toContain('traces: 1 of 1 episodes sent');
  }, 60_000);

  it('faultline serve --otel sends the episodes an OpenEnv client played, by SIGINT at the latest', async () => {
    loadBuiltins();
    const CASE: EpisodeCase = {
      envId: 'pipeline/research-to-config-v1',
      seed: 7,
      perturb: 'production',
      view: 'single',
    };
    const receiver = await startOtlpReceiver();
    const out = join(dir, 'serve');
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--env', CASE.envId, '--out', out, '--otel', receiver.url],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const wsUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /OpenEnv server: (ws:\/\/127\.0\.0\.1:\d+\/ws)/.exec(stdout);
          if (m) resolve(m[1] as string);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stdout}${stderr}`)));
      });
      const local = await oracleEpisode(CASE);
      const client = await OpenEnvClient.connect(wsUrl);
      await playOver(
        client,
        CASE,
        local.trajectory.map((s) => s.action),
      );
      await client.close();
    } finally {
      child.kill('SIGINT');
      await exited;
    }
    await receiver.close();
    expect(child.exitCode, stderr).toBe(0);
    const [record] = readRecordedEpisodes(out).records;
    expect(record?.success).toBe(true);
    expect(receiver.traces().size).toBe(1);
    expect(receiver.spans).toHaveLength(1 + (record?.steps ?? 0));
    expect(stderr).toContain('traces: 1 of 1 episodes sent');
  }, 60_000);
});
