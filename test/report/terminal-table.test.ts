/**
 * The run table on a terminal: no line wider than the terminal at any width (measured as a
 * terminal draws it, CJK and emoji two columns), columns chosen by priority and abbreviated, no
 * row separators, a note naming what was left out; complete and plain for files and `--wide`.
 */
import { describe, expect, it } from 'vitest';
import { compactInterval, modeRates, renderSummaryTable } from '../../src/report/table.js';
import { displayWidth, stripAnsi } from '../../src/report/text-width.js';
import { cell, ENVS, productionRun, summaryOf } from './support/summary-cells.js';

const WIDTHS = [40, 60, 80, 100, 120, 160];

function lines(text: string): string[] {
  return text.split('\n');
}

function widest(text: string): number {
  return Math.max(...lines(text).map(displayWidth));
}

describe('the summary table fitted to a terminal', () => {
  it.each(WIDTHS)('at %i columns no line is wider than the terminal, and every cell keeps its row', (width) => {
    const summary = productionRun();
    const text = renderSummaryTable(summary, { width, rule: true, color: true });
    expect(widest(text)).toBeLessThanOrEqual(width);
    const rows = lines(stripAnsi(text)).slice(2, 2 + summary.cells.length);
    expect(rows).toHaveLength(36);
    for (const [i, c] of summary.cells.entries()) expect(rows[i]).toContain(c.team.slice(0, 6));
    // No separators between rows: no line is only rule characters but the one under the header.
    expect(lines(stripAnsi(text)).filter((l) => /^[─-]+$/.test(l))).toHaveLength(1);
    expect(text).not.toMatch(/[│┼┌└├]/);
  });

  it('at 80 columns keeps env, team, n, success with its interval, pass^k and the failure modes', () => {
    const text = renderSummaryTable(productionRun(), { width: 80, rule: true });
    const [header, rule, first, , , fourth] = lines(text);
    expect(header).toBe('env                 team            n  success [95% CI]  pass^3  failure modes');
    expect(rule).toMatch(/^─{70,80}$/);
    expect(first).toBe('diagnose-rollback   brittle        15     60.0% [35–78]   21.6%  no recovery 60%');
    expect(fourth).toBe('diagnose-rollback   random         15       0.0% [0–18]    0.0%  ctx loss 100%');
    expect(lines(text).at(-1)).toBe('not shown: flip, score, steps, handoffs, invalid (--wide shows every column)');
  });

  it('at 120 columns gives the room back: env ids with their world and up to three failure modes', () => {
    const text = renderSummaryTable(productionRun(), { width: 120, rule: true });
    expect(lines(text)[0]).toMatch(/^env +team +n +success \[95% CI\] +pass\^3 +failure modes$/);
    expect(lines(text)[5]).toBe(
      'deploy/diagnose-rollback     random         15       0.0% [0–18]    0.0%  ctx loss 100%, no progress 87%, cascade 7%',
    );
    expect(widest(text)).toBeLessThanOrEqual(120);
  });

  it('is complete, plain and aligned without a width (a file, a pipe): every column, no rule, no colour', () => {
    const summary = productionRun();
    const text = renderSummaryTable(summary);
    const all = lines(text);
    expect(all).toHaveLength(1 + summary.cells.length);
    expect(all[0]!.split(/ {2,}/)).toEqual([
      'env',
      'team',
      'episodes',
      'success [95% CI]',
      'pass^3',
      'flip',
      'score',
      'steps',
      'handoffs',
      'invalid',
      'errors',
      'drift',
      'ctx loss',
      'cascade',
      'no recov',
      'no progress',
      'injected',
    ]);
    expect(all[1]).toMatch(
      /^deploy\/diagnose-rollback-v2 +brittle +15 +60\.0% \[35\.0, 78\.0\] +21\.6% +40\.0% +0\.73/,
    );
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('─');
    // grep-able: one row per cell, whole ids.
    expect(all.filter((l) => l.includes('filesystem/split-module-v1'))).toHaveLength(4);
  });

  it('shows every column with --wide, whatever the width', () => {
    const wide = renderSummaryTable(productionRun(), { width: 80, wide: true });
    expect(wide).toBe(renderSummaryTable(productionRun()));
    expect(widest(wide)).toBeGreaterThan(150);
  });

  it('shows the full table when it fits, and says nothing of hidden columns', () => {
    const summary = summaryOf([cell({ env: 'deploy/rollout-v2', team: 'oracle', trials: 1 })]);
    expect(renderSummaryTable(summary, { width: 200 })).toBe(renderSummaryTable(summary));
    expect(renderSummaryTable(summary, { width: 200 })).not.toContain('not shown');
  });

  it('keeps versions that tell envs apart, and worlds that tell families apart', () => {
    const summary = summaryOf([
      cell({ env: 'deploy/rollout-v2', modes: { recoveryFailure: 0.5 } }),
      cell({ env: 'deploy/rollout-v3', modes: { recoveryFailure: 0.5 } }),
      cell({ env: 'staging/rollout-v2', modes: { recoveryFailure: 0.5 } }),
    ]);
    const text = renderSummaryTable(summary, { width: 60 });
    expect(text).toContain('deploy/rollout-v2');
    expect(text).toContain('deploy/rollout-v3');
    expect(text).toContain('staging/rollout-v2');
    expect(widest(text)).toBeLessThanOrEqual(60);
  });

  it('measures CJK and emoji team ids as two columns, and lines them up', () => {
    const summary = summaryOf([
      cell({ team: 'チーム-オラクル', successes: 15 }),
      cell({ team: '🚀rocket-team', successes: 3, modes: { alignmentDrift: 0.4 } }),
      cell({ team: 'plain', successes: 0, modes: { noProgress: 1 } }),
    ]);
    for (const width of [40, 60, 80]) {
      const text = renderSummaryTable(summary, { width });
      expect(widest(text)).toBeLessThanOrEqual(width);
      // The success column ends at the same terminal column on every row.
      const ends = lines(text)
        .slice(1, 4)
        .map((l) => {
          const m = /\d%( \[\d+–\d+\])?/.exec(l);
          return m ? displayWidth(l.slice(0, m.index + m[0].length)) : -1;
        });
      expect(new Set(ends).size, text).toBe(1);
    }
  });

  it('adds the errors column when an episode ended in an error, and keeps it', () => {
    const summary = summaryOf([cell({ errors: 2 }), cell({ team: 'oracle' })]);
    const text = renderSummaryTable(summary, { width: 60 });
    expect(lines(text)[0]).toContain('errors');
    expect(renderSummaryTable(summaryOf([cell()]), { width: 60 })).not.toMatch(/^.*errors.*$/m);
  });

  it('keeps tokens and cost per success for model teams when there is room, and names them when not', () => {
    const usage = { calls: 8, promptTokens: 30_000, completionTokens: 2000, costUsd: 0.5 };
    const summary = summaryOf([cell({ usage, successes: 4 }), cell({ team: 'oracle' })]);
    const at120 = renderSummaryTable(summary, { width: 120 });
    expect(at120).toContain('tok/success');
    expect(at120).toContain('$0.13');
    const at60 = renderSummaryTable(summary, { width: 60 });
    expect(at60).toMatch(/not shown: .*tok\/success.*\$\/success/);
  });

  it('cuts the last flexible columns with … when even the compact layout is too wide', () => {
    const summary = summaryOf([
      cell({ env: 'a-very-long-world-name/an-even-longer-family-name-v1', team: 'x'.repeat(30) }),
    ]);
    const text = renderSummaryTable(summary, { width: 40 });
    expect(widest(text)).toBeLessThanOrEqual(40);
    expect(text).toContain('…');
  });

  it('formats compact intervals and the failure modes that occurred, largest first', () => {
    expect(compactInterval(0.667, { low: 0.417, high: 0.848 })).toBe('66.7% [42–85]');
    const rates = {
      alignmentDrift: 0,
      handoffContextLoss: 0.5,
      cascadingErrors: 0.5,
      recoveryFailure: 0.9,
      noProgress: 0.001,
      injectionFollowed: 0.999,
    };
    expect(modeRates(rates)).toEqual([
      'injected >99%',
      'no recovery 90%',
      'ctx loss 50%',
      'cascade 50%',
      'no progress <1%',
    ]);
    expect(ENVS).toHaveLength(9);
  });
});
