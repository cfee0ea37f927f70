/**
 * `faultline mcp --http` as a real child process: it prints its URL on stderr, the official SDK
 * client solves a fresh episode by the oracle's actions, and SIGTERM stops it with every episode
 * in the run directory — the unfinished one as agent_error "server stopped". Bad flags are
 * usage errors before anything listens.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { readRecordedEpisodes } from '../../../src/run/recorder.js';
import { readManifest } from '../../../src/run/manifest.js';
import { cliInProcess } from '../../support/cli.js';
import { toolCallOf } from './connect.js';
import { connectHttp } from './http-connect.js';

const ENV = 'filesystem/rename-symbol-v1';
const BIN = join(import.meta.dirname, '../../../bin/faultline.mjs');
let oracle: EpisodeResult;
const dirs: string[] = [];

beforeAll(async () => {
  loadBuiltins();
  oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 0 });
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('faultline mcp --http', () => {
  it('serves sessions until SIGTERM, then records every episode in --out', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'faultline-mcp-http-cli-')), 'run');
    dirs.push(dir);
    const child = spawn(process.execPath, [BIN, 'mcp', '--http', '0', '--env', ENV, '--out', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL on stderr: ${stderr}`)), 30_000);
        child.stderr.on('data', () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const solver = await connectHttp(`${url}/mcp?seed=0`);
      let last;
      for (const step of oracle.trajectory) {
        const { name, args } = toolCallOf(step);
        last = await solver.call(name, args);
      }
      expect(last?.structuredContent).toMatchObject({ episode: { outcome: 'success', digest: oracle.digest } });
      const unfinished = await connectHttp(`${url}/mcp?seed=0`);
      await unfinished.client.listTools();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    const { records, problems } = readRecordedEpisodes(dir, { verifyTrajectories: true });
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.trial, r.outcome])).toEqual([
      [0, 'success'],
      [1, 'agent_error'],
    ]);
    expect(records[0]?.digest).toBe(oracle.digest);
    expect(records[1]?.error?.message).toBe('server stopped');
    expect(readManifest(dir)?.status).toBe('complete');
    expect(stderr).toContain('episode ended: success');
  }, 60_000);

  it.each([
    [['--http', '70000'], /--http/],
    [['--http', '0', '--role', 'planner'], /--role.*stdio only/],
    [['--http', '0', '--trial', '1'], /--trial.*stdio only/],
    [['--http', '0', '--resume'], /--resume.*--out/],
    [['--http', '0', '--overwrite'], /--overwrite.*--out/],
    [['--http', '0', '--max-episodes', '0'], /--max-episodes/],
    [['--http', '0', '--idle-timeout', 'soon'], /--idle-timeout/],
    [['--http', '0', '--env', 'nope/x-v1'], /No env registered as "nope\/x-v1"/],
    [['--env', ENV, '--host', '0.0.0.0'], /--host.*--http only/],
    [['--seed', '0'], /--env/],
  ])('%j is a usage error', async (args, message) => {
    const result = await cliInProcess(['mcp', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
