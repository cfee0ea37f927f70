/**
 * The terminal table of a run summary.
 */
import Table from 'cli-table3';
import type { RunSummary } from '../run/summary.js';

/** Formats a rate as a percentage with one decimal. */
export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** Renders the summary as a table, one row per (env, team) cell. */
export function renderSummaryTable(summary: RunSummary, options: { color?: boolean } = {}): string {
  const table = new Table({
    // The last four columns are the failure-mode rates: drift, context loss, cascades, recovery.
    head: ['env', 'team', 'episodes', 'success', 'score', 'steps', 'handoffs', 'invalid', 'errors', 'drift', 'ctx loss', 'cascade', 'no recov'],
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] },
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const c of summary.cells) {
    const errors = c.outcomes.agent_error + c.outcomes.timeout + c.outcomes.env_error;
    const m = c.failureModes;
    table.push([
      c.env,
      c.team,
      c.episodes,
      percent(c.successRate),
      c.meanScore.toFixed(2),
      c.meanSteps.toFixed(1),
      c.meanHandoffs.toFixed(1),
      c.meanInvalidActions.toFixed(1),
      errors,
      percent(m.alignmentDrift),
      percent(m.handoffContextLoss),
      percent(m.cascadingErrors),
      percent(m.recoveryFailure),
    ]);
  }
  return table.toString();
}
