/**
 * `faultline mcp` over stdio, driven by the official SDK client through a real child process:
 * the oracle's actions solve the task with the in-process digest, and the episode is written
 * to the run directory given with `--out`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { readRecordedEpisodes } from '../../../src/run/recorder.js';
import { toolCallOf } from './connect.js';

const ENV = 'filesystem/rename-symbol-v1';
const BIN = join(import.meta.dirname, '../../../bin/faultline.mjs');
let plainOracle: EpisodeResult;
const dirs: string[] = [];

beforeAll(async () => {
  loadBuiltins();
  plainOracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 0 });
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('faultline mcp over stdio', () => {
  it.each([
    ["the family's own size", [] as string[], undefined],
    ['--world-size 300', ['--world-size', '300'], 300],
  ])(
    "%s: solves the task by the oracle's actions with the in-process digest and records the episode",
    async (_, sizeArgs, worldSize) => {
      const oracle =
        worldSize === undefined ? plainOracle : await runEpisode({ env: ENV, team: oracleTeam, seed: 0, worldSize });
      const dir = join(mkdtempSync(join(tmpdir(), 'faultline-mcp-stdio-')), 'run');
      dirs.push(dir);
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [BIN, 'mcp', '--env', ENV, '--seed', '0', '--perturb', 'clean', ...sizeArgs, '--out', dir],
        stderr: 'pipe',
      });
      const stderr: string[] = [];
      transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
      const client = new Client({ name: 'stdio-test', version: '1.0.0' });
      await client.connect(transport);
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['read_file', 'write_file', 'handoff', 'finish']));

      let last: CallToolResult | null = null;
      for (const step of oracle.trajectory) {
        const { name, args } = toolCallOf(step);
        last = (await client.callTool({ name, arguments: args })) as CallToolResult;
      }
      expect(last?.structuredContent).toMatchObject({
        done: true,
        episode: { outcome: 'success', digest: oracle.digest },
      });
      await client.close();

      const { records, problems } = readRecordedEpisodes(dir, { verifyTrajectories: true });
      expect(problems).toEqual([]);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ envId: ENV, team: 'mcp', outcome: 'success', digest: oracle.digest });
      expect(records[0]?.worldSize).toBe(worldSize);
      expect(stderr.join('')).toContain('episode ended: success');
    },
    60_000,
  );

  it('a client that goes away mid-episode: recorded as agent_error, as the next trial of a resumed run dir', async () => {
    // The first test's run directory: the same env and seed played again become trial 1.
    const dir = dirs[0]!;
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp', '--env', ENV, '--seed', '0', '--role', 'planner', '--out', dir, '--resume'],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-drop', version: '1.0.0' });
    await client.connect(transport);
    const { name, args } = toolCallOf(plainOracle.trajectory[0]!);
    await client.callTool({ name, arguments: args });
    const exited = new Promise<void>((resolve) => (transport.onclose = resolve));
    await client.close();
    await exited;
    const { records, problems } = readRecordedEpisodes(dir, { verifyTrajectories: true });
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.trial, r.outcome])).toEqual([
      [0, 'success'],
      [1, 'agent_error'],
    ]);
    expect(records[1]).toMatchObject({ steps: 1 });
    expect(records[1]?.error?.message).toMatch(/closed/);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { cells: { episodes: number }[] };
    expect(summary.cells.map((c) => c.episodes)).toEqual([2]);
  }, 60_000);
});
