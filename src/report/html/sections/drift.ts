/**
 * Alignment drift: the share of the user's intent (constraints not violated) kept over
 * normalized episode time, averaged per cell, and how often and how early drift set in.
 */
import { escapeHtml } from '../escape.js';
import { int, num, pct } from '../format.js';
import type { CellData, CurveMean, ReportData } from '../model.js';
import { rateFloor } from '../svg/axes.js';
import { lineChart, type LineSeries } from '../svg/line-chart.js';
import { figure, legend } from '../svg/legend.js';
import {
  cellsOfEnv,
  grid,
  groupedByEnv,
  numCell,
  section,
  table,
  teamCell,
  teamColour,
  type Cell,
  type Html,
} from './common.js';

/** The drift section. */
export function driftSection(data: ReportData): Html {
  const series = new Map(data.envs.map((env) => [env, envSeries(data, env)]));
  // One y scale for every card, so their curves compare at a glance: intent mostly stays high,
  // so the axis starts just below the lowest value (or band) of any card, not at 0.
  const floor = rateFloor([...series.values()].flat().flatMap((s) => s.points.map((p) => Math.min(p.y, p.low ?? p.y))));
  const figures = data.envs.map((env) => envFigure(data, env, series.get(env) ?? [], floor));
  const rows = groupedByEnv(
    data.cells.map((c) => ({ env: c.summary.env, c })),
    ({ c }) => driftRow(data, c),
  );
  const guide =
    'Each task’s intent ledger is a list of checkable constraints. The curves show the mean share of constraints not violated at 20 points of normalized time (5% … 100% of each episode’s steps): solid over all episodes with a 95% band for the mean, dashed over failed episodes only. All charts share one y axis, starting just below the lowest value of any of them (read its labels). A curve that starts high and sags late is a team leaving the user’s intent as it goes. The onset is the step where the first unexplained violation began.';
  const head = [
    'env',
    'team',
    'episodes',
    'drift occurred',
    'median onset (of episode)',
    'locally correct, globally wrong',
    'newest intent won',
    'intent kept at end',
  ];
  return section('drift', 'Alignment drift', escapeHtml(guide), grid(figures) + table(head, rows, 'grouped'));
}

/** The curves of one env: per team, all episodes (with a band) and failed episodes. */
function envSeries(data: ReportData, env: string): LineSeries[] {
  const cells = cellsOfEnv(data, env);
  const series: LineSeries[] = [];
  for (const c of cells) {
    const colour = teamColour(data, c.summary.team);
    if (c.drift.all.length > 0)
      series.push({
        label: `${c.summary.team}, all episodes (n=${c.drift.n})`,
        colour,
        markers: false,
        points: curvePoints(c.drift.all, true),
      });
    if (c.drift.failed.length > 0)
      series.push({
        label: `${c.summary.team}, failed episodes (n=${c.drift.nFailed})`,
        colour,
        dashed: true,
        markers: false,
        points: curvePoints(c.drift.failed, false),
      });
  }
  return series;
}

function envFigure(data: ReportData, env: string, series: readonly LineSeries[], floor: number): Html {
  const cells = cellsOfEnv(data, env);
  const chart = lineChart({
    label: `${env}: intent kept over normalized time`,
    series,
    yDomain: [floor, 1],
    xDomain: [0, 1],
    xTicks: [0, 0.25, 0.5, 0.75, 1].map((v) => ({ value: v, label: `${v * 100}%` })),
    xTitle: 'normalized episode time',
    yTitle: 'intent kept',
  });
  const items = [
    ...cells.map((c) => ({ label: c.summary.team, colour: teamColour(data, c.summary.team), style: 'line' as const })),
    { label: 'all episodes (95% band)', colour: '#444444', style: 'line' as const },
    { label: 'failed episodes', colour: '#444444', style: 'dashed' as const },
  ];
  const note = series.length === 0 ? 'No episode of this env has intent curves.' : undefined;
  return figure(env, chart, legend(items), note);
}

function curvePoints(curve: readonly CurveMean[], band: boolean) {
  return curve.map((p, i) => ({ x: (i + 1) / curve.length, y: p.mean, ...(band ? { low: p.low, high: p.high } : {}) }));
}

function driftRow(data: ReportData, c: CellData): Cell[] {
  const d = c.drift;
  const median =
    d.onsetPositions.length === 0 ? null : (d.onsetPositions[Math.floor((d.onsetPositions.length - 1) / 2)] as number);
  const end = d.all[d.all.length - 1];
  return [
    teamCell(data, c.summary.team),
    numCell(int(c.episodes)),
    numCell(`${pct(c.summary.failureModes.alignmentDrift)} (${int(d.onsets)})`),
    numCell(median === null ? '–' : pct(median)),
    numCell(
      c.episodes === 0
        ? '–'
        : `${pct(d.locallyCorrectGloballyWrong / c.episodes)} (${int(d.locallyCorrectGloballyWrong)})`,
    ),
    numCell(d.requirementChanges === 0 ? '–' : `${int(d.newestIntentWon)} of ${int(d.requirementChanges)}`),
    numCell(end ? `${pct(end.mean)} [${num(end.low * 100, 1)}, ${num(end.high * 100, 1)}]` : '–'),
  ];
}
