/**
 * Episodes in flight at once never change what is recorded: a team whose agents await varying
 * real waits finishes its episodes in a scrambled order, yet summary.json and episodes.jsonl are
 * byte-identical at concurrency 1 and 16, on the main thread and on two workers. Cells sum the
 * model calls the agents noted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTINS_SETUP, loadBuiltins } from '../../src/builtins.js';
import { runEvaluation, type RunOptions } from '../../src/run/runner.js';
import { readManifest } from '../../src/run/manifest.js';
import { parseJson } from '../support/json.js';
import type { RunSummary } from '../../src/run/summary.js';
import { FULL, sized } from '../support/sizes.js';

const MODULE = join(import.meta.dirname, '../fixtures/model-teams.ts');
let dir: string;
beforeAll(() => {
  loadBuiltins();
  dir = mkdtempSync(join(tmpdir(), 'faultline-concurrency-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// `npm test` runs one env; `npm run test:full` two, with more seeds.
const ENVS = sized(['deploy/rollout-v2'], ['deploy/rollout-v2', 'flaky-api/reconcile-refunds-v1']);
const SEEDS = sized([0, 1, 2], [0, 1, 2, 3, 4, 5, 6, 7]);
// The worker runs cost a thread start each: `npm test` runs one of them.
const ON_WORKERS: readonly (readonly [number, number])[] = sized(
  [[2, 16]],
  [
    [2, 1],
    [2, 16],
  ],
);

const base: RunOptions = {
  envs: ENVS,
  teams: ['fixture-model'],
  seeds: SEEDS,
  trials: 2,
  perturb: 'production',
  setup: [BUILTINS_SETUP],
  imports: [MODULE],
};

async function runWith(
  workers: number,
  concurrency: number,
): Promise<{ summary: string; episodes: string; order: string[] }> {
  const out = join(dir, `w${workers}-c${concurrency}`);
  const order: string[] = [];
  await runEvaluation({ ...base, workers, concurrency, out, onEpisode: (r) => order.push(r.id) });
  expect(readManifest(out)?.concurrency).toBe(concurrency);
  return {
    summary: readFileSync(join(out, 'summary.json'), 'utf8'),
    episodes: readFileSync(join(out, 'episodes.jsonl'), 'utf8'),
    order,
  };
}

describe('concurrency', () => {
  it(`gives byte-identical summaries and records at concurrency 1 and 16, on 1 and 2 workers${FULL ? '' : ' (2 workers at concurrency 1 in full mode)'}`, async () => {
    const reference = await runWith(1, 1);
    const inThread = await runWith(1, 16);
    // The test has power only if episodes really finished out of order.
    expect(inThread.order).not.toEqual(reference.order);
    expect([...inThread.order].sort()).toEqual([...reference.order].sort());
    expect(inThread.summary).toBe(reference.summary);
    expect(inThread.episodes).toBe(reference.episodes);
    for (const [workers, concurrency] of ON_WORKERS) {
      const other = await runWith(workers, concurrency);
      expect(other.summary).toBe(reference.summary);
      expect(other.episodes).toBe(reference.episodes);
    }
    const summary = parseJson<RunSummary>(reference.summary);
    for (const cell of summary.cells) {
      expect(cell.episodes).toBe(2 * SEEDS.length);
      // One noted call per action; the calls of seed 2's second trial have no price.
      expect(cell.usage.calls).toBe(Math.round(cell.meanSteps * cell.episodes));
      expect(cell.usage.completionTokens).toBe(7 * cell.usage.calls);
      expect(cell.usage.costUsd).toBeNull();
    }
  }, 60_000);

  it('sums priced model calls into each cell, and gives zeros to a team that makes none', async () => {
    const { summary, records } = await runEvaluation({
      ...base,
      teams: ['fixture-model', 'oracle'],
      seeds: [0, 1, 2],
      trials: 1,
      concurrency: 4,
    });
    const model = summary.cells.filter((c) => c.team === 'fixture-model');
    for (const cell of model) {
      const mine = records.filter((r) => r.envId === cell.env && r.team === 'fixture-model');
      const steps = mine.reduce((s, r) => s + r.steps, 0);
      const prompt = mine.reduce((s, r) => s + r.usage!.promptTokens, 0);
      expect(cell.usage).toEqual({
        calls: steps,
        promptTokens: prompt,
        completionTokens: 7 * steps,
        costUsd: Math.round(steps * 0.000125 * 1e6) / 1e6,
      });
      expect(prompt).toBeGreaterThan(100 * steps);
    }
    for (const cell of summary.cells.filter((c) => c.team === 'oracle'))
      expect(cell.usage).toEqual({ calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 });
  });

  it('a worker blocked by one agent records every episode in flight on it as timeout, and the run goes on', async () => {
    const { records, interrupted } = await runEvaluation({
      ...base,
      // One env at every size: the expected outcomes below are those of its three episodes.
      envs: ['deploy/rollout-v2'],
      teams: ['fixture-spins-alongside'],
      seeds: [0, 1, 2],
      trials: 1,
      workers: 2,
      concurrency: 2,
      budget: { agentTimeoutMs: 300 },
    });
    expect(interrupted).toBe(false);
    // The first worker ready takes seeds 0 and 1; seed 1 blocks it with seed 0 in flight beside it.
    const seen = JSON.stringify(records.map((r) => [r.seed, r.outcome, r.error?.message ?? null]));
    expect(
      records.map((r) => r.outcome),
      seen,
    ).toEqual(['timeout', 'timeout', 'success']);
    for (const r of records.slice(0, 2))
      expect(r.error?.message, seen).toMatch(
        /an agent blocked the worker thread this episode shared with 1 other\(s\) for over 1600 ms while this one was at step 1 .*the 0 steps before were not recorded/,
      );
  }, 30_000);

  it('blames a worker that keeps dying on the episode that kills it, not on those beside it', async () => {
    await expect(
      runEvaluation({
        ...base,
        envs: ['deploy/rollout-v2'],
        teams: ['fixture-exits-late'],
        seeds: [0, 1, 2, 3],
        trials: 1,
        workers: 2,
        concurrency: 3,
      }),
    ).rejects.toThrow(
      /worker died \(exit code 3\) twice while running episode deploy\.rollout-v2__fixture-exits-late__s2__t0;/,
    );
  }, 30_000);

  it('rejects a concurrency outside 1..1024, naming the flag', async () => {
    for (const concurrency of [0, 1025, 1.5])
      await expect(runEvaluation({ ...base, concurrency })).rejects.toThrow(/--concurrency.*1\.\.1024/);
  });

  it('passes a setup entry its options, on the main thread and in workers', async () => {
    const url = pathToFileURL(MODULE).href;
    // Only the option may name the markers here (workers copy the environment when they start).
    delete process.env['FAULTLINE_FIXTURE_MARKERS'];
    const { records } = await runEvaluation({
      ...base,
      envs: ['deploy/rollout-v2'],
      teams: ['fixture-flaky-provider'],
      seeds: [1],
      trials: 1,
      workers: 2,
      setup: [BUILTINS_SETUP, { url, options: { markers: join(dir, 'setup-markers') } }],
      imports: [],
    });
    // The worker found the markers directory in its options: the provider "failed" once.
    expect(records.map((r) => r.outcome)).toEqual(['provider_error']);
  }, 30_000);
});
