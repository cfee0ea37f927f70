/**
 * Warm workers (run/warm-workers.ts): threads started ahead of a run, loading modules while the
 * command loads its own, which the run's pool takes over instead of starting new ones — with the
 * same results, and without leaving any behind.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILTINS_SETUP, loadBuiltins } from '../../src/builtins.js';
import { runEvaluation } from '../../src/run/runner.js';
import { startWarmWorkers, stopWarmWorkers, takeWarmWorker, warmWorkerCount } from '../../src/run/warm-workers.js';

const MARKER = pathToFileURL(join(import.meta.dirname, '../fixtures/warm-marker-team.ts')).href;
const EXITS = pathToFileURL(join(import.meta.dirname, '../fixtures/exits-on-import.ts')).href;

beforeAll(async () => {
  loadBuiltins();
  // The main thread knows the marker team (the run checks team ids before starting workers).
  await import(MARKER);
});
afterEach(() => stopWarmWorkers());

describe('warm workers', () => {
  it('are taken by the pool: a team only they loaded plays every episode', async () => {
    startWarmWorkers(2, [BUILTINS_SETUP, MARKER]);
    expect(warmWorkerCount()).toBe(2);
    const { records } = await runEvaluation({
      envs: ['deploy/rollout-v2'],
      teams: ['fixture-warm-marker'],
      seeds: [0, 1, 2, 3],
      workers: 2,
      setup: [BUILTINS_SETUP],
    });
    expect(records.map((r) => r.outcome)).toEqual(['gave_up', 'gave_up', 'gave_up', 'gave_up']);
    expect(warmWorkerCount()).toBe(0);
  });

  it('give the same records as new workers, and those the run does not need are stopped', async () => {
    const plan = {
      envs: ['flaky-api/migrate-records-v1'],
      teams: ['oracle'],
      seeds: [0, 1, 2],
      setup: [BUILTINS_SETUP],
    };
    const cold = await runEvaluation({ ...plan, workers: 2 });
    startWarmWorkers(4, [BUILTINS_SETUP]);
    const warm = await runEvaluation({ ...plan, workers: 2 });
    expect(warmWorkerCount()).toBe(0);
    expect(warm.records.map((r) => r.digest)).toEqual(cold.records.map((r) => r.digest));
    expect(warm.records.every((r) => r.success)).toBe(true);
  });

  it('a worker whose thread ended before the run is never handed out', async () => {
    startWarmWorkers(1, [EXITS]);
    const deadline = Date.now() + 20_000;
    while (warmWorkerCount() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(warmWorkerCount()).toBe(0);
    expect(takeWarmWorker()).toBeNull();
    // A run then starts workers of its own.
    const { records } = await runEvaluation({
      envs: ['deploy/rollout-v2'],
      teams: ['oracle'],
      seeds: [0, 1],
      workers: 2,
      setup: [BUILTINS_SETUP],
    });
    expect(records.every((r) => r.success)).toBe(true);
  });
});
