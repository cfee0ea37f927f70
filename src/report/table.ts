/**
 * The terminal table of a run summary.
 */
import Table from 'cli-table3';
import type { RunSummary, SummaryCell } from '../run/summary.js';

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
 */
export function renderSummaryTable(summary: RunSummary, options: { color?: boolean } = {}): string {
  const trials = Math.max(1, ...summary.cells.map((c) => c.consistency?.trials ?? 1));
  const variants = Math.max(1, ...summary.cells.map((c) => c.consistency?.variants ?? 1));
  const models = summary.cells.some((c) => (c.usage?.calls ?? 0) > 0);
  const extra = [
    ...(trials > 1 ? [`pass^${trials}`, 'flip'] : []),
    ...(variants > 1 ? ['all-var'] : []),
    ...(models ? ['tok/success', '$/success'] : []),
  ];
  // The last six columns are the failure-mode rates: drift, context loss, cascades, recovery,
  // no progress and injection followed.
  const head = [
    'env',
    'team',
    'episodes',
    'success [95% CI]',
    ...extra,
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
  ];
  const table = new Table({
    head,
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] },
    colAligns: head.map((_, i) => (i < 2 ? 'left' : 'right')),
  });
  for (const c of summary.cells) {
    const errors = c.outcomes.agent_error + c.outcomes.timeout + c.outcomes.env_error + c.outcomes.provider_error;
    const m = c.failureModes;
    const k = c.consistency?.passHat.at(-1);
    const extraCells = [
      ...(trials > 1
        ? [
            k && k.k === trials ? percent(k.value) : '–',
            c.consistency?.flipRate ? percent(c.consistency.flipRate.value) : '–',
          ]
        : []),
      ...(variants > 1 ? [c.consistency?.allVariantsPass ? percent(c.consistency.allVariantsPass.value) : '–'] : []),
      ...(models ? perSuccess(c) : []),
    ];
    table.push([
      c.env,
      c.team,
      c.episodes,
      c.successCi ? percentWithInterval(c.successRate, c.successCi) : percent(c.successRate),
      ...extraCells,
      c.meanScore.toFixed(2),
      c.meanSteps.toFixed(1),
      c.meanHandoffs.toFixed(1),
      c.meanInvalidActions.toFixed(1),
      errors,
      percent(m.alignmentDrift),
      percent(m.handoffContextLoss),
      percent(m.cascadingErrors),
      percent(m.recoveryFailure),
      percent(m.noProgress),
      percent(m.injectionFollowed),
    ]);
  }
  return table.toString();
}

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
