/**
 * The terminal table of a run summary: complete and plain for files, fitted to the width on a
 * terminal.
 */
import type { RunSummary, SummaryCell } from '../run/summary.js';
import type { FailureModeRates } from '../metrics/aggregate.js';
import { FAILURE_MODES, type FailureMode } from '../metrics/modes.js';
import { envFamilies, envsWithoutVersion } from './short-ids.js';
import type { TableOptions } from './terminal.js';
import { layoutTable, type TextColumn } from './text-table.js';
import { displayWidth, wrapToWidth } from './text-width.js';

/** Formats a rate as a percentage with one decimal. */
export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** Formats a rate with its interval: `72.0% [63.1, 79.4]`. */
export function percentWithInterval(x: number, ci: { low: number; high: number }): string {
  return `${percent(x)} [${(ci.low * 100).toFixed(1)}, ${(ci.high * 100).toFixed(1)}]`;
}

/**
 * Renders the summary as a table, one row per (env, team) cell. Runs with several trials add
 * pass^k at the largest k and the flip rate; runs with variants add all-variants-pass; runs whose
 * teams called models add tokens and cost per success.
 *
 * With a finite `width` (a terminal) and not `wide`, the table fits it: every column if they fit,
 * else the compact layout of {@link compactSummaryColumns} and a line naming what it left out.
 * Without a width it has every column, plain: stable for files and grep.
 */
export function renderSummaryTable(summary: RunSummary, options: TableOptions = {}): string {
  const width = options.wide ? Infinity : (options.width ?? Infinity);
  const style = { rule: options.rule === true, color: options.color === true };
  const full = layoutTable(fullSummaryColumns(summary), { width: Infinity, ...style });
  if (!Number.isFinite(width) || full.lines.every((l) => displayWidth(l) <= width)) return full.lines.join('\n');
  const compact = layoutTable(compactSummaryColumns(summary), { width, ...style });
  return [...compact.lines, ...hiddenNote(compact.hidden, width, style.color)].join('\n');
}

/** The line under a fitted table that names the columns it left out, dim on a terminal. */
export function hiddenNote(hidden: readonly string[], width: number, color: boolean): string[] {
  if (hidden.length === 0) return [];
  return wrapToWidth(`not shown: ${hidden.join(', ')} (--wide shows every column)`, width).map((l) =>
    color ? `\u001b[2m${l}\u001b[22m` : l,
  );
}

/** What the columns of a summary table need to know about the run. */
function shape(summary: RunSummary) {
  return {
    trials: Math.max(1, ...summary.cells.map((c) => c.consistency?.trials ?? 1)),
    variants: Math.max(1, ...summary.cells.map((c) => c.consistency?.variants ?? 1)),
    models: summary.cells.some((c) => (c.usage?.calls ?? 0) > 0),
  };
}

function errorCount(c: SummaryCell): number {
  return c.outcomes.agent_error + c.outcomes.timeout + c.outcomes.env_error + c.outcomes.provider_error;
}

function passHatCell(c: SummaryCell, trials: number): string {
  const k = c.consistency?.passHat.at(-1);
  return k && k.k === trials ? percent(k.value) : '–';
}

/** The consistency and cost columns, shared by both layouts; ranks say when a compact table drops them. */
function extraColumns(summary: RunSummary): TextColumn[] {
  const { trials, variants, models } = shape(summary);
  const cells = summary.cells;
  const right = 'right' as const;
  return [
    ...(trials > 1
      ? [
          { header: `pass^${trials}`, cells: cells.map((c) => passHatCell(c, trials)), align: right, dropRank: 55 },
          {
            header: 'flip',
            cells: cells.map((c) => (c.consistency?.flipRate ? percent(c.consistency.flipRate.value) : '–')),
            align: right,
            dropRank: 15,
          },
        ]
      : []),
    ...(variants > 1
      ? [
          {
            header: 'all-var',
            cells: cells.map((c) =>
              c.consistency?.allVariantsPass ? percent(c.consistency.allVariantsPass.value) : '–',
            ),
            align: right,
            dropRank: 14,
          },
        ]
      : []),
    ...(models
      ? [
          { header: 'tok/success', cells: cells.map((c) => perSuccess(c)[0]), align: right, dropRank: 17 },
          { header: '$/success', cells: cells.map((c) => perSuccess(c)[1]), align: right, dropRank: 16 },
        ]
      : []),
  ];
}

/** Every column: the table of `--wide`, of files and pipes, and of terminals wide enough for it. */
function fullSummaryColumns(summary: RunSummary): TextColumn[] {
  const cells = summary.cells;
  const right = 'right' as const;
  const num = (header: string, value: (c: SummaryCell) => string): TextColumn => ({
    header,
    cells: cells.map(value),
    align: right,
  });
  return [
    { header: 'env', cells: cells.map((c) => c.env) },
    { header: 'team', cells: cells.map((c) => c.team) },
    num('episodes', (c) => String(c.episodes)),
    num('success [95% CI]', (c) =>
      c.successCi ? percentWithInterval(c.successRate, c.successCi) : percent(c.successRate),
    ),
    ...extraColumns(summary),
    num('score', (c) => c.meanScore.toFixed(2)),
    num('steps', (c) => c.meanSteps.toFixed(1)),
    num('handoffs', (c) => c.meanHandoffs.toFixed(1)),
    num('invalid', (c) => c.meanInvalidActions.toFixed(1)),
    num('errors', (c) => String(errorCount(c))),
    ...FAILURE_MODES.map((m) => num(MODE_HEADERS[m], (c) => percent(c.failureModes[m]))),
  ];
}

/**
 * The columns of a table fitted to a terminal, most important first to keep: env (without its
 * `-vN` when that keeps envs apart) and team, the success rate with a compact interval, pass^k,
 * the failure modes that occurred (largest first, in one column), errors when any occurred. When
 * room runs out, in this order: the means (invalid actions, handoffs, steps, score) and the
 * consistency and cost extras go; failure modes past the third go; env ids lose their world;
 * modes past the second, then the first, go; the episode count goes; the interval goes. Then
 * what fits again comes back, the latest (most important) first.
 */
export function compactSummaryColumns(summary: RunSummary): TextColumn[] {
  const cells = summary.cells;
  const right = 'right' as const;
  const envs = cells.map((c) => c.env);
  const withoutVersion = envsWithoutVersion(envs);
  const families = envFamilies(envs);
  const anyErrors = cells.some((c) => errorCount(c) > 0);
  const modes = cells.map((c) => modeRates(c.failureModes));
  return [
    {
      header: 'env',
      // The compact layout is for a terminal too narrow for everything: `-v1` is the first thing
      // it can do without, and never worth giving back.
      cells: withoutVersion ?? envs,
      narrower: families ? [{ rank: 30, cells: families }] : [],
      minWidth: 10,
    },
    { header: 'team', cells: cells.map((c) => c.team), minWidth: 8 },
    { header: 'n', cells: cells.map((c) => String(c.episodes)), align: right, dropRank: 40 },
    {
      header: 'success [95% CI]',
      cells: cells.map((c) => (c.successCi ? compactInterval(c.successRate, c.successCi) : percent(c.successRate))),
      align: right,
      narrower: [{ rank: 50, header: 'success', cells: cells.map((c) => percent(c.successRate)) }],
    },
    ...extraColumns(summary),
    { header: 'score', cells: cells.map((c) => c.meanScore.toFixed(2)), align: right, dropRank: 13 },
    { header: 'steps', cells: cells.map((c) => c.meanSteps.toFixed(1)), align: right, dropRank: 12 },
    { header: 'handoffs', cells: cells.map((c) => c.meanHandoffs.toFixed(1)), align: right, dropRank: 11 },
    { header: 'invalid', cells: cells.map((c) => c.meanInvalidActions.toFixed(1)), align: right, dropRank: 10 },
    ...(anyErrors ? [{ header: 'errors', cells: cells.map((c) => String(errorCount(c))), align: right }] : []),
    failureModesColumn('failure modes', modes),
  ];
}

/** A rate with its interval in whole points: `66.7% [42–85]`. */
export function compactInterval(x: number, ci: { low: number; high: number }): string {
  return `${percent(x)} [${Math.round(ci.low * 100)}–${Math.round(ci.high * 100)}]`;
}

/** The failure modes that occurred, largest rate first (ties in report order): `no recovery 60%`. */
export function modeRates(rates: FailureModeRates): string[] {
  return FAILURE_MODES.filter((m) => rates[m] > 0)
    .sort((a, b) => rates[b] - rates[a] || FAILURE_MODES.indexOf(a) - FAILURE_MODES.indexOf(b))
    .map((m) => `${MODE_WORDS[m]} ${wholePercent(rates[m])}`);
}

/** A rate in whole percent, never rounded to a misleading 0% or 100%. */
function wholePercent(x: number): string {
  if (x > 0 && x < 0.005) return '<1%';
  if (x < 1 && x > 0.995) return '>99%';
  return `${Math.round(x * 100)}%`;
}

/** The failure-mode columns' headers in the full table. */
const MODE_HEADERS: Readonly<Record<FailureMode, string>> = {
  alignmentDrift: 'drift',
  handoffContextLoss: 'ctx loss',
  cascadingErrors: 'cascade',
  recoveryFailure: 'no recov',
  noProgress: 'no progress',
  injectionFollowed: 'injected',
};

/** The failure modes in the compact table's one column. */
const MODE_WORDS: Readonly<Record<FailureMode, string>> = {
  alignmentDrift: 'drift',
  handoffContextLoss: 'ctx loss',
  cascadingErrors: 'cascade',
  recoveryFailure: 'no recovery',
  noProgress: 'no progress',
  injectionFollowed: 'injected',
};

/**
 * Tokens (prompt + completion) and USD per successful episode: what a success costs. `–` when
 * the cell has no success, or (for the cost) when some call had no price.
 */
export function perSuccess(cell: Pick<SummaryCell, 'successes' | 'usage'>): [string, string] {
  const usage = cell.usage;
  if (!usage || cell.successes === 0) return ['–', '–'];
  const tokens = (usage.promptTokens + usage.completionTokens) / cell.successes;
  const cost = usage.costUsd === null ? '–' : `$${formatUsd(usage.costUsd / cell.successes)}`;
  return [formatCount(tokens), cost];
}

/** A token count, short: `812`, `12.4k`, `3.1M`. */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return `${Math.round(n)}`;
}

/** A USD amount with enough digits to tell small costs apart: `1.23`, `0.0042`. */
export function formatUsd(x: number): string {
  if (x >= 1) return x.toFixed(2);
  if (x === 0) return '0';
  return x.toPrecision(2);
}

/**
 * The column listing each row's failure modes, largest first: all of them when the width allows,
 * then the first three, two, one as the terminal narrows (shared by the run and comparison tables).
 */
export function failureModesColumn(header: string, modes: readonly (readonly string[])[]): TextColumn {
  return {
    header,
    cells: modes.map((list) => list.join(', ') || '–'),
    narrower: [
      { rank: 20, cells: modes.map((list) => list.slice(0, 3).join(', ') || '–') },
      { rank: 33, cells: modes.map((list) => list.slice(0, 2).join(', ') || '–') },
      { rank: 35, cells: modes.map((list) => list[0] ?? '–') },
    ],
    minWidth: 8,
  };
}
