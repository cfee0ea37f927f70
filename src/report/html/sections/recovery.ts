/**
 * Recovery outcomes: what the team did about each perturbation that fired, judged against the
 * perturbation's recovery label, split by perturbation kind (charts) and type (table).
 */
import { RECOVERY_CLASSES, type RecoveryClass } from '../../../metrics/recovery.js';
import { escapeHtml } from '../escape.js';
import { int, num, pct, pctCi } from '../format.js';
import type { ReportData } from '../model.js';
import { RECOVERY_COLOURS } from '../palette.js';
import { figure, legend } from '../svg/legend.js';
import { stackedBarChart } from '../svg/stacked-bars.js';
import {
  cellsOfEnv,
  grid,
  groupedByEnv,
  numCell,
  RECOVERY_LABELS,
  section,
  table,
  teamCell,
  type Cell,
  type Html,
} from './common.js';

/** The recovery section. */
export function recoverySection(data: ReportData): Html {
  const classes = RECOVERY_CLASSES.map((c) => ({ label: RECOVERY_LABELS[c], colour: RECOVERY_COLOURS[c] }));
  const figures = data.envs.flatMap((env) => {
    const rows = cellsOfEnv(data, env).flatMap((c) =>
      c.recoveryByKind.map((g, i) => ({
        label: `${c.summary.team} · ${g.key}`,
        counts: RECOVERY_CLASSES.map((k) => g.counts[k]),
        gapBefore: i === 0,
      })),
    );
    if (rows.length === 0) return [figure(env, '<p class="empty">no perturbation fired</p>', '')];
    const chart = stackedBarChart({
      label: `${env}: recovery outcomes per team and perturbation kind`,
      classes,
      rows,
      width: 540,
      labelWidth: 170,
    });
    return [figure(env, chart, legend(classes))];
  });
  const byType = data.cells.flatMap((c) =>
    Object.entries(c.summary.recovery?.byType ?? {}).map(([type, counts]) => {
      const total = RECOVERY_CLASSES.reduce((n, k) => n + (counts[k] ?? 0), 0);
      const handled = (counts.recovered ?? 0) + (counts.asked ?? 0);
      // Summaries written before intervals existed have no handledByType.
      const rate = c.summary.recovery?.handledByType?.[type];
      return {
        env: c.summary.env,
        cells: [
          teamCell(data, c.summary.team),
          type,
          numCell(int(total)),
          numCell(total === 0 ? '–' : rate ? pctCi(rate.value, rate.ci) : pct(handled / total)),
          ...RECOVERY_CLASSES.map((k: RecoveryClass) => numCell(int(counts[k] ?? 0))),
        ] as Cell[],
      };
    }),
  );
  const rows = groupedByEnv(byType, (r) => r.cells);
  const totals = groupedByEnv(
    data.cells.map((c) => c.summary),
    (s) => {
      const r = s.recovery;
      const handled = r ? r.classes.recovered + r.classes.asked : 0;
      const rate = r && r.fired > 0 ? (r.handled ? pctCi(r.handled.value, r.handled.ci) : pct(handled / r.fired)) : '–';
      return [
        teamCell(data, s.team),
        numCell(int(r?.fired ?? 0)),
        numCell(rate),
        numCell(num(r?.meanStepsToRecover ?? null, 1)),
      ];
    },
  );
  const guide =
    'Every perturbation carries the response a correct team makes (retry, wait, fall back, clarify, verify, escalate, or ignore). Each one that fired is classed by what the team did: recovered, asked the user or escalated (both count as handled), or failed to — ignored it and claimed success, got stuck, gave up, or crashed. Bars are split by perturbation kind: tool faults, bad data, instruction changes, team (handoff and memory) faults.';
  const tables =
    `<h3>Per cell</h3>${table(['env', 'team', 'perturbations fired', 'handled [95% CI]', 'mean steps to recover'], totals, 'grouped')}` +
    (rows.length > 0
      ? `<details><summary>By perturbation type</summary>${table(['env', 'team', 'perturbation', 'fired', 'handled [95% CI]', ...RECOVERY_CLASSES.map((k) => RECOVERY_LABELS[k])], rows, 'grouped')}</details>`
      : '');
  return section('recovery', 'Recovery from perturbations', escapeHtml(guide), grid(figures, 'wide') + tables);
}
