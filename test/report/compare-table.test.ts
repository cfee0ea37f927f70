/**
 * The comparison table on a terminal: fitted like the run table, its notes wrapped to the width;
 * complete and plain for files and `--wide`.
 */
import { describe, expect, it } from 'vitest';
import { renderComparison } from '../../src/report/compare-table.js';
import { displayWidth } from '../../src/report/text-width.js';
import { chaosComparison } from './support/summary-cells.js';

function widest(text: string): number {
  return Math.max(...text.split('\n').map(displayWidth));
}

describe('the comparison table', () => {
  it.each([40, 60, 80, 100, 120])('at %i columns no line, notes included, is wider than the terminal', (width) => {
    const text = renderComparison(chaosComparison(), { width, rule: true, color: true });
    expect(widest(text)).toBeLessThanOrEqual(width);
    expect(text.replace(/\s+/g, ' ')).toContain('warning: the runs used different perturbation profiles');
    expect(text).not.toMatch(/[│┼┌└├]/);
  });

  it('at 80 columns keeps both rates, the difference marked significant and the modes that changed', () => {
    const lines = renderComparison(chaosComparison(), { width: 80 }).split('\n');
    expect(lines[0]).toMatch(/^env +team +success A +success B +Δ success +Δ failure modes$/);
    expect(lines[1]).toBe('diagnose-rollback   brittle      60.0%      13.3%     -46.7*  no recovery +40.0*');
    expect(lines[2]).toBe('diagnose-rollback   oracle      100.0%     100.0%        0.0  –');
    // The pooled row says "all" instead of listing every team.
    expect(lines[19]).toBe('all                 all          80.0%      56.7%     -23.3*  no recovery +40.0*');
    expect(lines[20]).toBe('not shown: pairs, p (--wide shows every column)');
  });

  it('is complete and plain without a width, as before: every column, the notes on their own lines', () => {
    const text = renderComparison(chaosComparison());
    const lines = text.split('\n');
    expect(lines[0]!.split(/ {2,}/)).toEqual([
      'env',
      'team A → B',
      'pairs',
      'success A',
      'success B',
      'Δ success [95% CI]',
      'p',
      'sig',
      'Δ drift',
      'Δ ctx loss',
      'Δ cascade',
      'Δ no recov',
      'Δ no progress',
      'Δ injected',
    ]);
    expect(lines[1]).toMatch(
      /^deploy\/diagnose-rollback-v2 +brittle +15 +60\.0% +13\.3% +-46\.7 \[-66\.7, -26\.7\] +0\.010 +yes +\+6\.7 +0\.0 +\+26\.7 +\+40\.0\* +0\.0 +0\.0$/,
    );
    expect(lines).toContain('"sig"/"*" = the interval excludes 0. Not adjusted for multiple comparisons.');
    expect(renderComparison(chaosComparison(), { width: 80, wide: true })).toBe(text);
  });
});
