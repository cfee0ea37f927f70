/**
 * The terminal rendering of a run comparison: one row per cell with the success rates under A and
 * B, the difference with its interval, the McNemar p-value, and the failure-mode differences
 * (significant ones marked); then the notes that say how to read it. Complete and plain for files,
 * fitted to the width on a terminal, like the summary table.
 */
import type { RunComparison, CellComparison } from '../run/compare.js';
import type { PairedDifference } from '../stats/paired.js';
import { FAILURE_MODES, type FailureMode } from '../metrics/modes.js';
import { failureModesColumn, hiddenNote, percent } from './table.js';
import { envFamilies, envsWithoutVersion } from './short-ids.js';
import type { TableOptions } from './terminal.js';
import { layoutTable, type TextColumn } from './text-table.js';
import { displayWidth, wrapToWidth } from './text-width.js';

const MODE_LABELS: Readonly<Record<FailureMode, string>> = {
  alignmentDrift: 'Δ drift',
  handoffContextLoss: 'Δ ctx loss',
  cascadingErrors: 'Δ cascade',
  recoveryFailure: 'Δ no recov',
  noProgress: 'Δ no progress',
  injectionFollowed: 'Δ injected',
};

const MODE_WORDS: Readonly<Record<FailureMode, string>> = {
  alignmentDrift: 'drift',
  handoffContextLoss: 'ctx loss',
  cascadingErrors: 'cascade',
  recoveryFailure: 'no recovery',
  noProgress: 'no progress',
  injectionFollowed: 'injected',
};

type Row = Omit<CellComparison, 'env'> & { env: string };

/** Renders the comparison as a table plus the notes and the verdict line. */
export function renderComparison(c: RunComparison, options: TableOptions = {}): string {
  const width = options.wide ? Infinity : (options.width ?? Infinity);
  const style = { rule: options.rule === true, color: options.color === true };
  const rows: Row[] = [...c.cells, ...(c.cells.length > 1 ? [c.overall] : [])];
  const full = layoutTable(fullColumns(rows), { width: Infinity, ...style });
  const fits = !Number.isFinite(width) || full.lines.every((l) => displayWidth(l) <= width);
  // The pooled row names every env and team in the full table; a narrow one says so in a word.
  const pooled = rows.map((r) => (r === c.overall ? { ...r, env: 'all', teamA: 'all', teamB: 'all' } : r));
  const table = fits ? full : layoutTable(compactColumns(pooled), { width, ...style });
  const significant = c.cells.filter((x) => x.success.significant);
  const notes = [
    `Δ = B − A in percentage points; intervals are 95% cluster-bootstrap intervals (tasks resampled); p is the exact McNemar test on discordant pairs;`,
    `"sig"/"*" = the interval excludes 0. Not adjusted for multiple comparisons.`,
    `${c.shared} paired episodes${c.onlyA + c.onlyB > 0 ? ` (${c.onlyA} only in A and ${c.onlyB} only in B left out)` : ''}. ` +
      (significant.length === 0
        ? 'No cell differs significantly in success rate.'
        : `${significant.length}/${c.cells.length} cell(s) differ significantly in success rate${c.overall.success.significant ? `; overall ${signedPoints(c.overall.success.difference)} points` : ''}.`),
    ...c.warnings.map((w) => `warning: ${w}`),
  ];
  return [
    ...table.lines,
    ...hiddenNote(table.hidden, width, style.color),
    ...notes.flatMap((n) => wrapToWidth(n, width)),
  ].join('\n');
}

function teamCell(row: Row): string {
  return row.teamA === row.teamB ? row.teamA : `${row.teamA} → ${row.teamB}`;
}

function differenceCell(s: PairedDifference): string {
  return `${signedPoints(s.difference)} [${signedPoints(s.ci.low)}, ${signedPoints(s.ci.high)}]`;
}

function pCell(s: PairedDifference): string {
  return s.p < 0.001 ? '<0.001' : s.p.toFixed(3);
}

/** Every column: the table of `--wide`, of files and pipes, and of terminals wide enough for it. */
function fullColumns(rows: readonly Row[]): TextColumn[] {
  const right = 'right' as const;
  return [
    { header: 'env', cells: rows.map((r) => r.env) },
    { header: 'team A → B', cells: rows.map(teamCell) },
    { header: 'pairs', cells: rows.map((r) => String(r.success.n)), align: right },
    { header: 'success A', cells: rows.map((r) => percent(r.success.rateA)), align: right },
    { header: 'success B', cells: rows.map((r) => percent(r.success.rateB)), align: right },
    { header: 'Δ success [95% CI]', cells: rows.map((r) => differenceCell(r.success)), align: right },
    { header: 'p', cells: rows.map((r) => pCell(r.success)), align: right },
    { header: 'sig', cells: rows.map((r) => (r.success.significant ? 'yes' : 'no')) },
    ...FAILURE_MODES.map((m) => ({
      header: MODE_LABELS[m],
      cells: rows.map((r) => modeCell(r.failureModes[m])),
      align: right,
    })),
  ];
}

/**
 * The columns of a table fitted to a terminal: env, teams, both success rates, the difference
 * (with `*` when significant) and its interval, and the failure modes that changed in one column
 * (largest change first); env ids without `-vN` when that keeps them apart. When room runs out,
 * in this order: the headers shorten (`team`, `A`, `B`); the p-value goes; modes past the third
 * go; env ids lose their world; modes past the second, then the first, go; the pair count goes;
 * the interval goes (the `*` stays); the rates of A and B go. Then what fits again comes back, the latest first.
 */
function compactColumns(rows: readonly Row[]): TextColumn[] {
  const right = 'right' as const;
  const envs = rows.map((r) => r.env);
  const withoutVersion = envsWithoutVersion(envs);
  const families = envFamilies(envs);
  const modes = rows.map((r) => modeChanges(r.failureModes));
  const delta = (s: PairedDifference) => `${signedPoints(s.difference)}${s.significant ? '*' : ''}`;
  return [
    {
      header: 'env',
      // The compact layout is for a terminal too narrow for everything: `-v1` is the first thing
      // it can do without, and never worth giving back.
      cells: withoutVersion ?? envs,
      narrower: families ? [{ rank: 30, cells: families }] : [],
      minWidth: 10,
    },
    {
      header: 'team A → B',
      cells: rows.map(teamCell),
      narrower: [{ rank: 5, header: 'team', cells: rows.map(teamCell) }],
      minWidth: 8,
    },
    { header: 'pairs', cells: rows.map((r) => String(r.success.n)), align: right, dropRank: 40 },
    ...(['A', 'B'] as const).map((side) => {
      const cells = rows.map((r) => percent(side === 'A' ? r.success.rateA : r.success.rateB));
      const dropRank = side === 'A' ? 52 : 53;
      return { header: `success ${side}`, cells, align: right, narrower: [{ rank: 5, header: side, cells }], dropRank };
    }),
    {
      header: 'Δ success [95% CI]',
      cells: rows.map(
        (r) => `${delta(r.success)} [${signedPoints(r.success.ci.low)}, ${signedPoints(r.success.ci.high)}]`,
      ),
      align: right,
      narrower: [{ rank: 50, header: 'Δ success', cells: rows.map((r) => delta(r.success)) }],
    },
    { header: 'p', cells: rows.map((r) => pCell(r.success)), align: right, dropRank: 10 },
    failureModesColumn('Δ failure modes', modes),
  ];
}

/** The failure modes whose rate changed, largest change first: `ctx loss +40.0*`. */
function modeChanges(modes: Readonly<Record<FailureMode, PairedDifference>>): string[] {
  const size = (m: FailureMode) => Math.abs(modes[m].difference);
  return FAILURE_MODES.filter((m) => size(m) >= 0.0005)
    .sort((a, b) => size(b) - size(a) || FAILURE_MODES.indexOf(a) - FAILURE_MODES.indexOf(b))
    .map((m) => `${MODE_WORDS[m]} ${modeCell(modes[m])}`);
}

function modeCell(d: PairedDifference): string {
  return `${signedPoints(d.difference)}${d.significant ? '*' : ''}`;
}

function signedPoints(x: number): string {
  const v = x * 100;
  const text = Math.abs(v) < 0.05 ? '0.0' : v.toFixed(1);
  return v > 0.05 ? `+${text}` : text;
}
