/**
 * The failure-mode breakdown: how often each of the four modes occurred per cell (with Wilson
 * intervals), and which mode was the root cause of the failed episodes, with its MAST code.
 */
import { FAILURE_MODES } from '../../../metrics/modes.js';
import { escapeHtml } from '../escape.js';
import { int, pct, pctCi } from '../format.js';
import type { ReportData } from '../model.js';
import { MODE_COLOURS } from '../palette.js';
import { groupedBarChart } from '../svg/bar-chart.js';
import { figure, legend } from '../svg/legend.js';
import {
  cellsOfEnv,
  grid,
  groupedByEnv,
  mastLabel,
  MODE_LABELS,
  numCell,
  section,
  table,
  teamCell,
  teamColour,
  type Cell,
  type Html,
} from './common.js';

/** The failure-mode section. */
export function failureModesSection(data: ReportData): Html {
  const figures = data.envs.map((env) => {
    const cells = cellsOfEnv(data, env);
    const chart = groupedBarChart({
      label: `${env}: failure-mode rates per team with 95% intervals`,
      series: cells.map((c) => ({ label: c.summary.team, colour: teamColour(data, c.summary.team) })),
      groups: FAILURE_MODES.map((mode) => ({
        label: MODE_LABELS[mode],
        values: cells.map((c) => ({
          value: c.summary.failureModes[mode],
          low: c.summary.failureModeCi[mode].low,
          high: c.summary.failureModeCi[mode].high,
        })),
      })),
      xTitle: 'share of episodes in which the mode occurred',
      width: 520,
    });
    return figure(
      env,
      chart,
      legend(cells.map((c) => ({ label: c.summary.team, colour: teamColour(data, c.summary.team) }))),
    );
  });
  const rateRows = groupedByEnv(
    data.cells.map((c) => c.summary),
    (s) => [teamCell(data, s.team), ...FAILURE_MODES.map((m) => numCell(pctCi(s.failureModes[m], s.failureModeCi[m])))],
  );
  const primaryItems = data.cells.flatMap((c) =>
    c.primaryModes.map((p) => ({
      env: c.summary.env,
      cells: [
        teamCell(data, c.summary.team),
        {
          html: `<span class="swatch swatch-box" style="--c:${MODE_COLOURS[p.mode]}"></span>${escapeHtml(MODE_LABELS[p.mode])}`,
        },
        mastLabel(p.mast),
        numCell(int(p.count)),
        numCell(c.failed === 0 ? '–' : pct(p.count / c.failed)),
      ] as Cell[],
    })),
  );
  const primaryRows = groupedByEnv(primaryItems, (r) => r.cells);
  const guide =
    'A mode “occurs” in an episode when the env’s own event log shows it (drift from the intent ledger, context loss from the handoff audit, cascades from taint, recovery failures from each fired perturbation’s recovery label) — never from a judge. An episode may show several modes; every failed episode also gets one primary mode, its earliest root cause, mapped to the MAST taxonomy where one fits.';
  const primary =
    primaryRows.length > 0
      ? `<h3>Root causes of failed episodes</h3>${table(['env', 'team', 'primary mode', 'MAST', 'failed episodes', 'share of failures'], primaryRows, 'grouped')}`
      : '<p class="note">No failed episode has a primary failure mode.</p>';
  const rates = `<details><summary>Failure-mode rates per cell</summary>${table(['env', 'team', ...FAILURE_MODES.map((m) => MODE_LABELS[m])], rateRows, 'grouped')}</details>`;
  return section('failure-modes', 'Failure modes', escapeHtml(guide), grid(figures, 'wide') + primary + rates);
}
