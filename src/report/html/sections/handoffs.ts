/**
 * Handoff fidelity per role pair: of the facts a receiver needed, the share that reached it,
 * from the env's handoff audit, and who is charged for what did not.
 */
import { escapeHtml } from '../escape.js';
import { int, pct } from '../format.js';
import type { CellData, ReportData, RolePairStats } from '../model.js';
import { heatLegend, heatmap, type HeatCell } from '../svg/heatmap.js';
import { figure } from '../svg/legend.js';
import { grid, groupedByEnv, numCell, section, table, teamCell, type Cell, type Html } from './common.js';

/** The handoff section. */
export function handoffsSection(data: ReportData): Html {
  const figures = data.cells.map(cellFigure);
  const rows = groupedByEnv(
    data.cells.flatMap((c) => c.handoffs.pairs.map((p) => ({ env: c.summary.env, c, p }))),
    ({ c, p }) => pairRow(data, c, p),
  );
  const sampled = data.cells.some((c) => c.handoffs.analyzed < c.handoffs.of);
  const guide =
    'Every handoff is audited against the facts its receiver needed and did not know yet, matched by canonical value so free-text messages count like structured ones. Fidelity is the share of those facts that reached the receiver. Of the rest, <em>lost</em> facts were held by the sender and left out (charged to it), <em>inherited</em> ones the sender never had (an upstream loss), <em>misstated</em> ones were sent with another value, <em>transit</em> ones were damaged by a perturbation on the way, and <em>harmful</em> losses ended in a violated constraint.' +
    (sampled
      ? escapeHtml(
          ` Cells with more than ${int(data.limits.handoffSamplePerCell)} episodes are measured on a uniform, deterministic sample of that many episodes (the same sample for the same run); each chart says how many.`,
        )
      : '');
  const head = [
    'env',
    'team',
    'from → to',
    'handoffs',
    'facts needed',
    'fidelity',
    'lost',
    'inherited',
    'misstated',
    'transit',
    'harmful',
  ];
  const body =
    rows.length > 0
      ? `<details><summary>Numbers per role pair</summary>${table(head, rows, 'grouped')}</details>`
      : '<p class="note">No handoffs were recorded.</p>';
  return section('handoffs', 'Handoff fidelity', guide, grid(figures) + body);
}

function cellFigure(c: CellData): Html {
  const h = c.handoffs;
  const senders = h.roles.filter((r) => h.pairs.some((p) => p.from === r));
  const receivers = h.roles.filter((r) => h.pairs.some((p) => p.to === r));
  const title = `${c.summary.env} — ${c.summary.team}`;
  const basis = `Measured on ${int(h.analyzed)} of ${int(h.of)} episodes${h.unreadable > 0 ? `; ${int(h.unreadable)} trajectories could not be read` : ''}.`;
  if (h.pairs.length === 0) return figure(title, '<p class="empty">no handoffs</p>', '', basis);
  const cells: (HeatCell | null)[][] = senders.map((from) =>
    receivers.map((to) => {
      const p = h.pairs.find((x) => x.from === from && x.to === to);
      if (!p) return null;
      return {
        value: p.required === 0 ? null : p.delivered / p.required,
        n: p.handoffs,
        note: `${int(p.delivered)} of ${int(p.required)} needed facts arrived; lost ${int(p.lost)}, inherited ${int(p.inherited)}, misstated ${int(p.misstated)}, transit ${int(p.transit)}, harmful ${int(p.harmful)}`,
      };
    }),
  );
  const chart = heatmap({
    label: `${title}: handoff fidelity per role pair`,
    rows: senders,
    columns: receivers,
    cells,
    rowTitle: 'from',
    columnTitle: 'to',
  });
  return figure(title, chart, heatLegend(), `${basis} n = handoffs.`);
}

function pairRow(data: ReportData, c: CellData, p: RolePairStats): Cell[] {
  return [
    teamCell(data, c.summary.team),
    `${p.from} → ${p.to}`,
    numCell(int(p.handoffs)),
    numCell(int(p.required)),
    numCell(p.required === 0 ? '–' : pct(p.delivered / p.required)),
    numCell(int(p.lost)),
    numCell(int(p.inherited)),
    numCell(int(p.misstated)),
    numCell(int(p.transit)),
    numCell(int(p.harmful)),
  ];
}
