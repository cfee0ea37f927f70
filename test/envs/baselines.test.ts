/**
 * The sanity baselines over every registered env, through the real episode loop:
 * oracle ≥ 95% (and ≥ 30 steps, ≥ 3 handoffs), random ≤ 5%, noop exactly 0% — on 50 seeds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { listEnvs } from '../../src/core/registry.js';
import { runEvaluation } from '../../src/run/runner.js';
import { checkRegisteredEnv, formatReport } from '../../src/core/checker.js';

beforeAll(() => loadBuiltins());
loadBuiltins();
const SEEDS = Array.from({ length: 50 }, (_, i) => i);
const envIds = listEnvs()
  .map((s) => s.id)
  .filter((id) => !id.startsWith('fixture/'));

describe.each(envIds)('%s', (envId) => {
  it('passes the env checker', () => {
    const report = checkRegisteredEnv(envId);
    expect(report.errors, formatReport(report)).toEqual([]);
  });

  it('oracle ≥ 95%, random ≤ 5%, noop 0% over 50 seeds', async () => {
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
