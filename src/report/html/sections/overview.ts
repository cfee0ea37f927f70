/**
 * The overview: one row per (env, team) cell with its success rate and interval, consistency,
 * effort and the failure mode seen most, and a chart of the success rates.
 */
import { FAILURE_MODES } from '../../../metrics/modes.js';
import type { SummaryCell } from '../../../run/summary.js';
import { escapeHtml } from '../escape.js';
import { int, num, pct, pctCi, usd } from '../format.js';
import type { CellUsage, ReportData } from '../model.js';
import { groupedBarChart } from '../svg/bar-chart.js';
import { figure, legend } from '../svg/legend.js';
import {
  groupedByEnv,
  MODE_LABELS,
  numCell,
  section,
  table,
  teamCell,
  teamColour,
  type Cell,
  type Html,
} from './common.js';

/** The overview section. */
export function overviewSection(data: ReportData): Html {
  // All-variants-pass only means something when the run had variants.
  const variants = data.run.variants > 1;
  // When every cell ran the same number of trials, pass^k's k goes in the header, not in each cell.
  const ks = new Set(data.cells.map((c) => c.summary.consistency?.passHat.length ?? 0));
  const k = ks.size === 1 ? ([...ks][0] as number) : null;
  // Tokens and cost per success only mean something for teams that call models.
  const usage = data.cells.some((c) => c.usage !== null);
  const usageOf = new Map(data.cells.map((c) => [c.summary, c.usage]));
  const rows = groupedByEnv(
    data.cells.map((c) => c.summary),
    (s) => overviewRow(data, s, variants, k !== null, usage ? (usageOf.get(s) ?? null) : undefined),
  );
  const headers = [
    'env',
    'team',
    'episodes',
    'success [95% CI]',
    k !== null ? `pass^${k} [95% CI]` : 'pass^k at largest k',
    ...(usage ? ['tokens / success', 'cost / success'] : []),
    'flip rate',
    ...(variants ? ['all variants pass'] : []),
    'steps · handoffs',
    'errors',
    'most frequent failure mode',
  ];
  const chart = groupedBarChart({
    label: 'Success rate per env and team, with 95% Wilson intervals',
    series: data.teams.map((t) => ({ label: t, colour: teamColour(data, t) })),
    groups: data.envs.map((env) => ({
      label: env,
      values: data.teams.map((team) => {
        const s = data.cells.find((c) => c.summary.env === env && c.summary.team === team)?.summary;
        return s
          ? {
              value: s.successRate,
              low: s.successCi.low,
              high: s.successCi.high,
              note: `${int(s.successes)} of ${int(s.episodes)}`,
            }
          : null;
      }),
    })),
    xTitle: 'success rate',
    // Drawn at a width that stays legible when a narrow window scales it down.
    width: 720,
  });
  const fig = figure(
    'Success rate per cell (bars) with 95% Wilson intervals (whiskers)',
    chart,
    legend(data.teams.map((t) => ({ label: t, colour: teamColour(data, t) }))),
  );
  const guide = `Each row is one cell: every episode of one team on one env. Rates carry their 95% interval in brackets; steps and handoffs are means per episode. pass^k is the chance that all k trials of a task pass (tau-bench’s reliability measure); the flip rate is the share of tasks whose trials disagree.${usage ? ' Tokens (prompt + completion) and cost per success are what every episode of the cell spent on model calls, failures included, divided by its successes; the cost is – without prices.' : ''} Errors are agent crashes, agent timeouts, env errors and model provider errors, recorded apart from task failures.`;
  return section('overview', 'Overview', escapeHtml(guide), table(headers, rows, 'grouped overview') + fig);
}

/**
 * A cell's tokens and cost per success; `undefined` when no cell of the run made model calls
 * (no columns), null when this one made none.
 */
function usageCells(s: SummaryCell, u: CellUsage | null | undefined): Cell[] {
  if (u === undefined) return [];
  if (u === null) return [numCell('–'), numCell('–')];
  const tokens = u.promptTokens + u.completionTokens;
  const perSuccess = (total: string, each: string): Cell => ({
    html: `${escapeHtml(s.successes > 0 ? each : 'no success')}<br><span class="muted">${escapeHtml(total)}</span>`,
    className: 'num',
  });
  return [
    perSuccess(`${int(tokens)} in ${int(u.calls)} calls`, int(tokens / Math.max(1, s.successes))),
    u.costUsd === null
      ? { html: `–<br><span class="muted">${escapeHtml('no prices')}</span>`, className: 'num' }
      : perSuccess(`${usd(u.costUsd)} in all`, usd(u.costUsd / Math.max(1, s.successes))),
  ];
}

function overviewRow(
  data: ReportData,
  s: SummaryCell,
  variants: boolean,
  uniformK: boolean,
  usage: CellUsage | null | undefined,
): Cell[] {
  const consistency = s.consistency;
  const last = consistency?.passHat[consistency.passHat.length - 1];
  const errors = s.outcomes.agent_error + s.outcomes.timeout + s.outcomes.env_error + s.outcomes.provider_error;
  const worst = [...FAILURE_MODES].sort((a, b) => s.failureModes[b] - s.failureModes[a])[0];
  const worstCell: Cell =
    worst && s.failureModes[worst] > 0
      ? {
          html: `${escapeHtml(MODE_LABELS[worst])}<br><span class="muted nowrap">${escapeHtml(pctCi(s.failureModes[worst], s.failureModeCi[worst]))}</span>`,
        }
      : 'none';
  return [
    teamCell(data, s.team),
    numCell(int(s.episodes)),
    numCell(pctCi(s.successRate, s.successCi)),
    numCell(last ? `${uniformK ? '' : `k=${last.k}: `}${pctCi(last.value, last.ci)}` : '–'),
    ...usageCells(s, usage),
    numCell(consistency?.flipRate ? pctCi(consistency.flipRate.value, consistency.flipRate.ci) : '–'),
    ...(variants
      ? [
          numCell(
            consistency?.allVariantsPass
              ? pctCi(consistency.allVariantsPass.value, consistency.allVariantsPass.ci)
              : '–',
          ),
        ]
      : []),
    numCell(`${num(s.meanSteps, 1)} · ${num(s.meanHandoffs, 1)}`),
    numCell(errors === 0 ? '0' : `${int(errors)} (${pct(errors / Math.max(1, s.episodes))})`),
    worstCell,
  ];
}
