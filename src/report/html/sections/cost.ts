/**
 * Cost and tokens per success, for runs in which model teams recorded their usage: what each
 * cell spent on model calls (failures included) divided by its successes, so a cheap team that
 * rarely succeeds does not look cheap. Absent when no team recorded usage: a scripted run has
 * nothing to show here, and an empty chart would only say so at length.
 */
import { escapeHtml } from '../escape.js';
import { int, plural, usd } from '../format.js';
import type { CellData, ReportData } from '../model.js';
import { niceTicks } from '../svg/axes.js';
import { groupedBarChart, type BarGroup } from '../svg/bar-chart.js';
import { figure, legend } from '../svg/legend.js';
import { grid, groupedByEnv, numCell, section, table, teamCell, teamColour, type Html } from './common.js';

/** The section's anchor and title (linked from the header only when the section is shown). */
export const COST_SECTION: readonly [string, string] = ['cost', 'Cost and tokens per success'];

/** True when some cell recorded model usage. */
export function hasUsage(data: ReportData): boolean {
  return data.cells.some((c) => c.usage !== null);
}

/** Tokens as `950`, `12.3k`, `4.56M`. */
export function compactCount(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toPrecision(3)}M`;
  if (x >= 1e4) return `${(x / 1e3).toFixed(0)}k`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return String(Math.round(x));
}

/** The cost section, or nothing when no team recorded usage. */
export function costSection(data: ReportData): Html {
  if (!hasUsage(data)) return '';
  const cells = data.cells.filter((c) => c.usage !== null);
  const teams = data.teams.filter((t) => cells.some((c) => c.summary.team === t));
  const envs = data.envs.filter((e) => cells.some((c) => c.summary.env === e));
  const series = teams.map((t) => ({ label: t, colour: teamColour(data, t) }));
  const cellOf = (env: string, team: string) => cells.find((c) => c.summary.env === env && c.summary.team === team);
  const groups = (per: (c: CellData) => number | null | string): BarGroup[] =>
    envs.map((env) => ({
      label: env,
      values: teams.map((team) => {
        const c = cellOf(env, team);
        if (!c) return null;
        const v = per(c);
        return typeof v === 'number' ? { value: v, note: `${plural(c.summary.successes, 'success', 'successes')}` } : v;
      }),
    }));
  const tokensPer = (c: CellData): number | string => {
    const u = c.usage;
    if (!u) return 'no model calls';
    if (c.summary.successes === 0) return 'no success';
    return (u.promptTokens + u.completionTokens) / c.summary.successes;
  };
  const costPer = (c: CellData): number | string => {
    const u = c.usage;
    if (!u) return 'no model calls';
    if (u.costUsd === null) return 'no prices';
    if (c.summary.successes === 0) return 'no success';
    return u.costUsd / c.summary.successes;
  };
  const max = (per: (c: CellData) => number | string) =>
    Math.max(0, ...cells.map(per).filter((v): v is number => typeof v === 'number'));
  const figures: Html[] = [];
  const tokenMax = max(tokensPer);
  const tokenTicks = niceTicks(tokenMax);
  figures.push(
    figure(
      'Tokens per success (prompt + completion)',
      groupedBarChart({
        label: 'Tokens per success per env and team',
        series,
        groups: groups(tokensPer),
        xTitle: 'tokens per successful episode',
        scale: { max: tokenTicks[tokenTicks.length - 1] as number, ticks: tokenTicks, format: compactCount },
      }),
      legend(series),
    ),
  );
  const priced = cells.some((c) => c.usage?.costUsd !== null && c.usage?.costUsd !== undefined);
  if (priced) {
    const costTicks = niceTicks(max(costPer));
    figures.push(
      figure(
        'Cost per success (US dollars)',
        groupedBarChart({
          label: 'Cost per success per env and team',
          series,
          groups: groups(costPer),
          xTitle: 'dollars per successful episode',
          scale: {
            max: costTicks[costTicks.length - 1] as number,
            ticks: costTicks,
            format: usd,
            // Round amounts without trailing zeros: $0, $0.05, $0.1.
            tickFormat: (v) => `$${String(Number(v.toPrecision(3)))}`,
          },
        }),
        legend(series),
        cells.some((c) => c.usage?.costUsd === null) ? 'Cells whose model calls had no price show no cost.' : undefined,
      ),
    );
  }
  const rows = groupedByEnv(
    cells.map((c) => ({ env: c.summary.env, c })),
    ({ c }) => {
      const u = c.usage;
      if (!u) return [];
      return [
        teamCell(data, c.summary.team),
        numCell(`${int(c.summary.successes)} of ${int(c.summary.episodes)}`),
        numCell(int(u.calls)),
        numCell(int(u.promptTokens)),
        numCell(int(u.completionTokens)),
        numCell(int(u.cachedTokens)),
        numCell(int(u.retries)),
        numCell(u.costUsd === null ? '–' : usd(u.costUsd)),
      ];
    },
  );
  const guide =
    'What each cell spent on model calls — failed episodes included — divided by its successes: the price of one success. A team that spends little per episode but rarely succeeds pays more per success than one that spends more and succeeds. Cached prompt tokens are part of the prompt tokens.';
  const head = [
    'env',
    'team',
    'successes',
    'model calls',
    'prompt tokens',
    'completion tokens',
    'cached',
    'retries',
    'cost',
  ];
  return section(
    COST_SECTION[0],
    COST_SECTION[1],
    escapeHtml(guide),
    grid(figures, 'wide') + table(head, rows, 'grouped'),
  );
}
