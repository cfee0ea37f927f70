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
import { seriesColour } from '../palette.js';

/** Markup that is already safe (built from escaped parts). */
export type Html = string;

/** A table cell: plain text (escaped here), or markup marked as such. */
export type Cell = string | number | { readonly html: Html; readonly className?: string };

/** A section of the report with an anchor, a heading and a one-paragraph guide. */
export function section(id: string, title: string, guide: Html, body: Html): Html {
  return `<section id="${escapeAttr(id)}"><h2>${escapeHtml(title)}</h2><p class="guide">${guide}</p>${body}</section>`;
}

/** A table; numeric cells are right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], className = ''): Html {
  const head = `<thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('');
  return `<div class="table-wrap"><table${className ? ` class="${escapeAttr(className)}"` : ''}>${head}<tbody>${body}</tbody></table></div>`;
}

function cell(c: Cell): string {
  if (typeof c === 'number') return `<td class="num">${escapeHtml(String(c))}</td>`;
  if (typeof c === 'string') return `<td>${escapeHtml(c)}</td>`;
  return `<td${c.className ? ` class="${escapeAttr(c.className)}"` : ''}>${c.html}</td>`;
}

/** A right-aligned numeric cell holding formatted text. */
export function numCell(text: string): Cell {
  return { html: escapeHtml(text), className: 'num' };
}

/** Inline code. */
export function code(text: string): Html {
  return `<code>${escapeHtml(text)}</code>`;
}

/** A team's colour: fixed by its position among the run's sorted teams, the same in every chart. */
export function teamColour(data: ReportData, team: string): string {
  return seriesColour(Math.max(0, data.teams.indexOf(team)));
}

/** The cells of one env, in team order. */
export function cellsOfEnv(data: ReportData, env: string): ReportData['cells'] {
  return data.cells.filter((c) => c.summary.env === env);
}

/** A grid of figures. */
export function grid(items: readonly Html[]): Html {
  return `<div class="grid">${items.join('')}</div>`;
}

/** Readable names of the failure modes. */
export const MODE_LABELS: Readonly<Record<FailureMode, string>> = {
  alignmentDrift: 'alignment drift',
  handoffContextLoss: 'context loss at handoffs',
  cascadingErrors: 'cascading errors',
  recoveryFailure: 'failure to recover',
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
