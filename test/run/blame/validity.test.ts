/**
 * Blame's validity on a slice of the README's experiment (`faultline blame-validity`): on teams
 * whose one defect is known by construction, blame names the defect's role in ≥ 95% of failed
 * episodes and its step within one in ≥ 90%, for each team and overall.
 */
import { describe, expect, it } from 'vitest';
import { blameValidity } from '../../../src/run/blame/validity.js';
import { builtinEnvIds } from '../../support/envs.js';
import { seeds } from '../../support/sizes.js';

describe('blame validity', () => {
  it('names the defective role in ≥ 95% of failed episodes and the decisive step within one in ≥ 90%', async () => {
    const envs = builtinEnvIds().filter((_, i) => i % 2 === 0);
    const report = await blameValidity({ envs, seeds: seeds(3, 6), workers: 2 });
    expect(report.rows.map((r) => r.team)).toEqual(['own-mistake', 'fact-drop-silent', 'all']);
    for (const row of report.rows) {
      expect(row.failed, `${row.team}: failed episodes with a defect`).toBeGreaterThanOrEqual(envs.length);
      expect(row.roleRight / row.failed, `${row.team}: role right`).toBeGreaterThanOrEqual(0.95);
      expect(row.stepWithinOne / row.failed, `${row.team}: step within one`).toBeGreaterThanOrEqual(0.9);
    }
    // The silent fact drop always does damage: every one of its episodes is judged.
    const silent = report.rows.find((r) => r.team === 'fact-drop-silent');
    expect(silent?.failed).toBe(silent?.episodes);
  }, 600_000);
});
