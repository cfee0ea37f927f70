/**
 * Building blocks shared by the sections: section frames, tables, labels and colours of the
 * report's vocabulary.
 */
import { hashString } from '../../../core/rng.js';
import { MAST, type FailureMode, type MastCode } from '../../../metrics/modes.js';
import type { RecoveryClass } from '../../../metrics/recovery.js';
import type { EpisodeOutcome } from '../../../team/episode.js';
import { escapeAttr, escapeHtml } from '../escape.js';
import type { ReportData } from '../model.js';
import { assignTeamColours } from '../team-colours.js';

/** Markup that is already safe (built from escaped parts). */
export type Html = string;

/** A table cell: plain text (escaped here), or markup marked as such. */
export type Cell = string | number | { readonly html: Html; readonly className?: string; readonly rowspan?: number };

/** A table row: its cells, or its cells with a class. */
export type Row = readonly Cell[] | { readonly cells: readonly Cell[]; readonly className: string };

/** A section of the report with an anchor, a heading and a one-paragraph guide. */
export function section(id: string, title: string, guide: Html, body: Html): Html {
  return `<section id="${escapeAttr(id)}"><h2>${escapeHtml(title)}</h2><p class="guide">${guide}</p>${body}</section>`;
}

/** A table; numeric cells are right-aligned. */
export function table(headers: readonly string[], rows: readonly Row[], className = ''): Html {
  const head = `<thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map((r) => {
      const cells = 'cells' in r ? r.cells : r;
      const cls = 'cells' in r ? ` class="${escapeAttr(r.className)}"` : '';
      return `<tr${cls}>${cells.map(cell).join('')}</tr>`;
    })
    .join('');
  return `<div class="table-wrap"><table${className ? ` class="${escapeAttr(className)}"` : ''}>${head}<tbody>${body}</tbody></table></div>`;
}

function cell(c: Cell): string {
  if (typeof c === 'number') return `<td class="num">${escapeHtml(String(c))}</td>`;
  if (typeof c === 'string') return `<td>${escapeHtml(c)}</td>`;
  const cls = c.className ? ` class="${escapeAttr(c.className)}"` : '';
  const span = c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : '';
  return `<td${cls}${span}>${c.html}</td>`;
}

/**
 * Rows grouped by env: the env's name is written once, spanning its teams' rows, and each
 * group starts with a rule.
 */
export function groupedByEnv<T extends { readonly env: string }>(
  items: readonly T[],
  cellsOf: (item: T) => Cell[],
): Row[] {
  const rows: Row[] = [];
  items.forEach((item, i) => {
    const first = i === 0 || (items[i - 1] as T).env !== item.env;
    let span = 0;
    if (first) while (i + span < items.length && (items[i + span] as T).env === item.env) span++;
    const envCell: Cell[] = first ? [{ html: escapeHtml(item.env), className: 'env', rowspan: span }] : [];
    rows.push({ cells: [...envCell, ...cellsOf(item)], className: first ? 'group-start' : 'group-rest' });
  });
  return rows;
}

/** A team's name with its colour swatch. */
export function teamCell(data: ReportData, team: string): Cell {
  return {
    html: `<span class="swatch swatch-box" style="--c:${escapeAttr(teamColour(data, team))}"></span>${escapeHtml(team)}`,
    className: 'team',
  };
}

/** A right-aligned numeric cell holding formatted text. */
export function numCell(text: string): Cell {
  return { html: escapeHtml(text), className: 'num' };
}

/** Inline code. */
export function code(text: string): Html {
  return `<code>${escapeHtml(text)}</code>`;
}

/** The colours of a report's teams, assigned once per team list. */
const COLOURS = new WeakMap<readonly string[], ReadonlyMap<string, string>>();

/** A team's colour: from its id (see team-colours.ts), the same in every chart and every run. */
export function teamColour(data: ReportData, team: string): string {
  let colours = COLOURS.get(data.teams);
  if (!colours) {
    colours = assignTeamColours(data.teams);
    COLOURS.set(data.teams, colours);
  }
  // A team outside the run's list (never, from gatherReport) still gets its own stable colour.
  return colours.get(team) ?? (assignTeamColours([team]).get(team) as string);
}

/** The cells of one env, in team order. */
export function cellsOfEnv(data: ReportData, env: string): ReportData['cells'] {
  return data.cells.filter((c) => c.summary.env === env);
}

/** A grid of figures; `wide` gives each figure more room (two columns on a laptop screen). */
export function grid(items: readonly Html[], size: 'normal' | 'wide' = 'normal'): Html {
  return `<div class="grid${size === 'wide' ? ' grid-wide' : ''}">${items.join('')}</div>`;
}

/** Readable names of the failure modes. */
export const MODE_LABELS: Readonly<Record<FailureMode, string>> = {
  alignmentDrift: 'alignment drift',
  handoffContextLoss: 'context loss at handoffs',
  cascadingErrors: 'cascading errors',
  recoveryFailure: 'failure to recover',
  noProgress: 'no progress (premature termination)',
  injectionFollowed: 'injection followed',
};

/** Readable names of the recovery classes. */
export const RECOVERY_LABELS: Readonly<Record<RecoveryClass, string>> = {
  recovered: 'recovered',
  asked: 'asked / escalated',
  ignored_claimed_success: 'ignored, claimed success',
  stuck: 'stuck',
  gave_up: 'gave up',
  crashed: 'crashed',
};

/** Outcomes in report order, with readable names. */
export const OUTCOME_LABELS: Readonly<Record<EpisodeOutcome, string>> = {
  success: 'success',
  failure: 'failure',
  gave_up: 'gave up',
  truncated: 'out of steps',
  agent_error: 'agent error',
  timeout: 'agent timeout',
  env_error: 'env error',
  provider_error: 'model provider error',
};

/** A MAST code with its name, e.g. `FM-2.4 Information withholding`. */
export function mastLabel(code: MastCode | null): string {
  return code ? `${code} ${MAST[code]}` : 'no MAST code';
}

/**
 * An id made of arbitrary text, safe as an HTML id and anchor. The hash keeps ids apart whose
 * texts differ only in characters the readable part drops.
 */
export function anchorId(prefix: string, text: string): string {
  return `${prefix}-${text.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${hashString(text).toString(36)}`;
}
