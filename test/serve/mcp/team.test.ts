/**
 * A two-role team over two MCP sessions (a planner session and an executor session): the
 * executor waits for its turn, every step is attributed to the role that took it, and the
 * episode is written to a run directory like any run, with its failure-mode metrics, and reported.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { EpisodeHost, writeHostedRun } from '../../../src/serve/mcp/index.js';
import { readRecordedEpisodes } from '../../../src/run/recorder.js';
import { cliInProcess } from '../../support/cli.js';
import { ensurePairNotesEnv } from '../../fixtures/pair-notes-env.js';
import { connect, textOf, toolCallOf } from './connect.js';

let ENV: string;
let oracle: EpisodeResult;
const dirs: string[] = [];

beforeAll(async () => {
  ENV = ensurePairNotesEnv();
  oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 3 });
  expect(oracle.outcome).toBe('success');
  expect(new Set(oracle.trajectory.map((s) => s.role))).toEqual(new Set(['planner', 'executor']));
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a two-role team over two sessions', () => {
  it('the executor waits for the handoff, then acts on its inbox; attributed steps, same digest', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 3, team: 'mcp-pair' });
    const planner = await connect(host, 'planner');
    const executor = await connect(host, 'executor');

    const executorTurn = executor.call('await_turn');
    let executorHasTurn = false;
    void executorTurn.then(() => (executorHasTurn = true));

    const plannerSteps = oracle.trajectory.filter((s) => s.role === 'planner');
    for (const step of plannerSteps) {
      await new Promise((r) => setImmediate(r));
      expect(executorHasTurn).toBe(false);
      const { name, args } = toolCallOf(step);
      expect((await planner.call(name, args)).isError).toBeUndefined();
    }
    const turn = await executorTurn;
    expect(turn.isError).toBeUndefined();
    expect(textOf(turn)).toMatch(/Inbox \(1 message\)[\s\S]*from planner/);

    // The planner has handed off: a call from it now waits (here: until the episode ends).
    const plannerLate = planner.call('list_notes');
    for (const step of oracle.trajectory.filter((s) => s.role === 'executor')) {
      const { name, args } = toolCallOf(step);
      const result = await executor.call(name, args);
      expect(result.structuredContent).toMatchObject({ step: step.step, role: 'executor' });
    }
    const late = await plannerLate;
    expect(late.isError).toBe(true);
    expect(textOf(late)).toMatch(/The episode has ended \(success\)/);

    const result = await host.result;
    expect(result.outcome).toBe('success');
    expect(result.team).toBe('mcp-pair');
    expect(result.digest).toBe(oracle.digest);
    expect(result.trajectory.map((s) => s.role)).toEqual(oracle.trajectory.map((s) => s.role));
    expect(result.handoffs).toBe(1);

    const dir = mkdtempSync(join(tmpdir(), 'faultline-mcp-'));
    dirs.push(dir);
    const record = writeHostedRun(dir, host, result, new Date());
    const back = readRecordedEpisodes(dir, { verifyTrajectories: true });
    expect(back.problems).toEqual([]);
    expect(back.records.map((r) => r.id)).toEqual([record.id]);
    expect(back.records[0]?.metrics).toBeDefined();
    const lines = readFileSync(join(dir, record.trajectoryFile), 'utf8').trim().split('\n');
    const roles = lines.slice(1, -1).map((l) => (JSON.parse(l) as { role: string }).role);
    expect(roles).toEqual(oracle.trajectory.map((s) => s.role));
    const report = await cliInProcess(['report', dir]);
    expect(report.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('mcp-pair');
    // The run it wrote is never replaced by accident, as with every writer of a run directory.
    expect(() => writeHostedRun(dir, host, result, new Date())).toThrow(
      /dir: got ".*", expected a new or empty directory, but it already holds a complete run of 1\/1 episodes.*overwrite: true/,
    );
    expect(writeHostedRun(dir, host, result, new Date(), { overwrite: true }).id).toBe(record.id);
    expect(readFileSync(join(dir, 'episodes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
    await Promise.all([planner.close(), executor.close()]);
  });

  it('a role that never gets control gets a clear error after the timeout, and nothing is stepped', async () => {
    const host = EpisodeHost.open({ env: ENV, seed: 3, controlTimeoutMs: 50 });
    const executor = await connect(host, 'executor');
    const result = await executor.call('list_notes');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Role "executor" does not hold control: "planner" has held it for the last 50 ms/);
    const turn = await executor.call('await_turn');
    expect(turn.isError).toBe(true);
    expect(host.steps).toBe(0);
    expect(host.finished).toBeNull();
    await executor.close();
  });
});
