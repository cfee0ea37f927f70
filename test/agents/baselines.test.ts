/**
 * The sanity baselines over every registered env, through the real episode loop:
 * oracle ≥ 95% (and ≥ 30 steps, ≥ 3 handoffs), random ≤ 5%, noop exactly 0% — on 50 seeds
 * (10 in `npm test`).
 */
import { describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/run/runner.js';
import { checkRegisteredEnv, formatReport } from '../../src/core/checker.js';
import { builtinEnvIds } from '../support/envs.js';
import { seeds, sized } from '../support/sizes.js';

const envIds = builtinEnvIds();
// The oracle solves and random fails every one of the 50 seeds; 5 keep each bound exact (no failure allowed).
const SEEDS = seeds(5, 50);
// The checker's own defaults in the full suite; in `npm test` fewer seeds, each check still made.
const CHECK = sized({ seeds: [0, 456], sensitivitySeeds: [0, 1, 65536, 2147483648] }, {});

describe.each(envIds)('%s', (envId) => {
  it('passes the env checker', () => {
    const report = checkRegisteredEnv(envId, CHECK);
    expect(report.errors, formatReport(report)).toEqual([]);
  });

  it(`oracle ≥ 95%, random ≤ 5%, noop 0% over ${SEEDS.length} seeds`, async () => {
    const { summary, records } = await runEvaluation({
      envs: [envId],
      teams: ['oracle', 'random', 'noop'],
      seeds: SEEDS,
    });
    const rate = (team: string) => summary.cells.find((c) => c.team === team)!.successRate;
    expect(rate('oracle')).toBeGreaterThanOrEqual(0.95);
    expect(rate('random')).toBeLessThanOrEqual(0.05);
    expect(rate('noop')).toBe(0);
    const oracle = records.filter((r) => r.team === 'oracle');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(oracle.map((r) => r.steps))).toBeGreaterThanOrEqual(30);
    expect(Math.min(...oracle.map((r) => r.handoffs))).toBeGreaterThanOrEqual(3);
    expect(records.every((r) => r.error === null)).toBe(true);
  });
});
