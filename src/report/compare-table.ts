/**
 * The terminal rendering of a run comparison: one row per cell with the success rates under A and
 * B, the difference with its interval, the McNemar p-value, and the failure-mode differences
 * (significant ones marked).
 */
import Table from 'cli-table3';
import type { RunComparison, CellComparison } from '../run/compare.js';
import type { PairedDifference } from '../stats/paired.js';
import { FAILURE_MODES } from '../metrics/modes.js';
import { percent } from './table.js';

const MODE_LABELS = {
  alignmentDrift: 'Δ drift',
  handoffContextLoss: 'Δ ctx loss',
  cascadingErrors: 'Δ cascade',
  recoveryFailure: 'Δ no recov',
  noProgress: 'Δ no progress',
  injectionFollowed: 'Δ injected',
} as const;

/** Renders the comparison as a table plus a verdict line. */
export function renderComparison(c: RunComparison, options: { color?: boolean } = {}): string {
  const table = new Table({
    head: [
      'env',
      'team A → B',
      'pairs',
      'success A',
      'success B',
      'Δ success [95% CI]',
      'p',
      'sig',
      ...FAILURE_MODES.map((m) => MODE_LABELS[m]),
    ],
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] },
    colAligns: [
      'left',
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'left',
      'right',
      'right',
      'right',
      'right',
    ],
  });
  const row = (cell: Omit<CellComparison, 'env'> & { env: string }) => {
    const s = cell.success;
    table.push([
      cell.env,
      cell.teamA === cell.teamB ? cell.teamA : `${cell.teamA} → ${cell.teamB}`,
      s.n,
      percent(s.rateA),
      percent(s.rateB),
      `${signedPoints(s.difference)} [${signedPoints(s.ci.low)}, ${signedPoints(s.ci.high)}]`,
      s.p < 0.001 ? '<0.001' : s.p.toFixed(3),
      s.significant ? 'yes' : 'no',
      ...FAILURE_MODES.map((m) => modeCell(cell.failureModes[m])),
    ]);
  };
  for (const cell of c.cells) row(cell);
  if (c.cells.length > 1) row(c.overall);
  const significant = c.cells.filter((x) => x.success.significant);
  const lines = [
    table.toString(),
    'Δ = B − A in percentage points; intervals are 95% cluster-bootstrap intervals (tasks resampled); p is the exact McNemar test on discordant pairs;',
    '"sig"/"*" = the interval excludes 0. Not adjusted for multiple comparisons.',
    `${c.shared} paired episodes${c.onlyA + c.onlyB > 0 ? ` (${c.onlyA} only in A and ${c.onlyB} only in B left out)` : ''}. ` +
      (significant.length === 0
        ? 'No cell differs significantly in success rate.'
        : `${significant.length}/${c.cells.length} cell(s) differ significantly in success rate${c.overall.success.significant ? `; overall ${signedPoints(c.overall.success.difference)} points` : ''}.`),
    ...c.warnings.map((w) => `warning: ${w}`),
  ];
  return lines.join('\n');
}

function modeCell(d: PairedDifference): string {
  return `${signedPoints(d.difference)}${d.significant ? '*' : ''}`;
}

function signedPoints(x: number): string {
  const v = x * 100;
  const text = Math.abs(v) < 0.05 ? '0.0' : v.toFixed(1);
  return v > 0.05 ? `+${text}` : text;
}
