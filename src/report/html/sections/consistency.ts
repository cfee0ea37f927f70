/**
 * Success and consistency per cell: pass^k and pass@k curves over k with their 95%
 * intervals (one chart per env, one line per team), how the episodes ended, and the numbers.
 */
import { escapeHtml } from '../escape.js';
import { OUTCOME_COLOURS } from '../palette.js';
import { int, pctCi } from '../format.js';
import type { CellData, ReportData } from '../model.js';
import { groupedBarChart } from '../svg/bar-chart.js';
import { lineChart, type LineSeries } from '../svg/line-chart.js';
import { figure, legend } from '../svg/legend.js';
import { stackedBarChart } from '../svg/stacked-bars.js';
import type { EpisodeOutcome } from '../../../team/episode.js';
import {
  cellsOfEnv,
  grid,
  groupedByEnv,
  numCell,
  OUTCOME_LABELS,
  section,
  table,
  teamCell,
  teamColour,
  type Cell,
  type Html,
} from './common.js';

const OUTCOMES = Object.keys(OUTCOME_LABELS) as EpisodeOutcome[];

/** The consistency section. */
export function consistencySection(data: ReportData): Html {
  const figures = data.envs.map((env) => envFigure(data, env));
  const rows = groupedByEnv(
    data.cells.flatMap((c) => curveRows(data, c)),
    (r) => r.cells,
  );
  const guide =
    'pass^k (solid, with its 95% band) is the chance that k independent trials of the same task all pass; pass@k (dashed) that at least one does. The band is a bootstrap over tasks, widened where needed to the Wilson interval over the number of tasks, so a team that passed every task of a few still shows how little a few tasks can prove. A team that is right only sometimes shows a pass^k curve falling fast as k grows, while pass@k rises. Tasks are (seed, variant) pairs; infrastructure errors are left out unless the run counted them.';
  const numbers = `<details><summary>Curve values per cell</summary>${table(['env', 'team', 'k', 'pass^k [95% CI]', 'pass@k [95% CI]', 'tasks'], rows, 'grouped')}</details>`;
  return section('consistency', 'Success and consistency per cell', escapeHtml(guide), grid(figures) + numbers);
}

function envFigure(data: ReportData, env: string): Html {
  const cells = cellsOfEnv(data, env);
  const trials = Math.max(1, ...cells.map((c) => c.summary.consistency?.trials ?? 1));
  const series: LineSeries[] = [];
  for (const c of cells) {
    const colour = teamColour(data, c.summary.team);
    const hat = c.summary.consistency?.passHat ?? [];
    const at = c.summary.consistency?.passAt ?? [];
    series.push({
      label: `${c.summary.team} pass^k`,
      colour,
      points: hat.map((p) => ({ x: p.k, y: p.value, low: p.ci.low, high: p.ci.high, note: `${int(p.tasks)} tasks` })),
    });
    if (trials > 1)
      series.push({
        label: `${c.summary.team} pass@k`,
        colour,
        dashed: true,
        points: at.map((p) => ({ x: p.k, y: p.value, note: `${int(p.tasks)} tasks` })),
      });
  }
  // One trial per task has no curve to draw: show the success rates with their Wilson intervals.
  const chart =
    trials > 1
      ? lineChart({
          label: `${env}: pass^k and pass@k over k`,
          series,
          xDomain: trials > 1 ? [1, trials] : [0.5, 1.5],
          xTicks: Array.from({ length: trials }, (_, i) => ({ value: i + 1, label: `k=${i + 1}` })),
          xTitle: 'k (trials that must pass)',
        })
      : groupedBarChart({
          label: `${env}: success rate per team with 95% Wilson intervals`,
          series: cells.map((c) => ({ label: c.summary.team, colour: teamColour(data, c.summary.team) })),
          groups: [
            {
              label: 'success rate',
              values: cells.map((c) => ({
                value: c.summary.successRate,
                low: c.summary.successCi.low,
                high: c.summary.successCi.high,
                note: `${int(c.summary.successes)} of ${int(c.summary.episodes)}`,
              })),
            },
          ],
          width: 380,
        });
  const items = [
    ...cells.map((c) => ({
      label: c.summary.team,
      colour: teamColour(data, c.summary.team),
      style: trials > 1 ? ('line' as const) : ('box' as const),
    })),
    ...(trials > 1
      ? [
          { label: 'pass^k', colour: '#444444', style: 'line' as const },
          { label: 'pass@k', colour: '#444444', style: 'dashed' as const },
          { label: '95% band', colour: '#444444', style: 'band' as const },
        ]
      : []),
  ];
  const note =
    trials > 1
      ? undefined
      : 'One trial per task: pass^k and pass@k need --trials 2 or more; shown instead is the success rate with its 95% Wilson interval.';
  const outcomes = stackedBarChart({
    label: `${env}: how the episodes ended`,
    classes: OUTCOMES.map((o) => ({ label: OUTCOME_LABELS[o], colour: OUTCOME_COLOURS[o] })),
    rows: cells.map((c) => ({ label: c.summary.team, counts: OUTCOMES.map((o) => c.summary.outcomes[o] ?? 0) })),
    width: 380,
    labelWidth: 100,
  });
  const used = OUTCOMES.filter((o) => cells.some((c) => (c.summary.outcomes[o] ?? 0) > 0));
  const outcomeLegend = legend(used.map((o) => ({ label: OUTCOME_LABELS[o], colour: OUTCOME_COLOURS[o] })));
  return figure(
    env,
    `${chart}${legend(items)}<p class="subcaption">How the episodes ended</p>${outcomes}`,
    outcomeLegend,
    note,
  );
}

function curveRows(data: ReportData, c: CellData): { env: string; cells: Cell[] }[] {
  const hat = c.summary.consistency?.passHat ?? [];
  const at = c.summary.consistency?.passAt ?? [];
  return hat.map((p, i) => {
    const q = at[i];
    return {
      env: c.summary.env,
      cells: [
        teamCell(data, c.summary.team),
        numCell(String(p.k)),
        numCell(pctCi(p.value, p.ci)),
        numCell(q ? pctCi(q.value, q.ci) : '–'),
        numCell(int(p.tasks)),
      ],
    };
  });
}
