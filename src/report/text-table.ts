/**
 * A borderless text table that fits a width, the way vitest's and pytest's summaries do: columns
 * separated by two spaces, no row separators, and when the table is too wide, columns narrowed
 * (abbreviated) or left out in the order their ranks give, then the flexible ones cut with `…`.
 * Every line is at most `width` columns wide, measured as a terminal draws it.
 */
import { displayWidth, padToWidth, truncateToWidth } from './text-width.js';

/** A narrower form of a column (an abbreviation), used when the table is still too wide at its rank. */
export interface NarrowerForm {
  /** When this form is tried, among every column's narrower forms and drops (lowest first). */
  readonly rank: number;
  /** The header of this form. @defaultValue the column's header */
  readonly header?: string;
  readonly cells: readonly string[];
}

/** One column of a {@link layoutTable} table. */
export interface TextColumn {
  readonly header: string;
  /** One cell per row, plain text (no ANSI escapes). */
  readonly cells: readonly string[];
  /** @defaultValue 'left' */
  readonly align?: 'left' | 'right';
  /** Narrower forms, each applied at its rank while the table is too wide. */
  readonly narrower?: readonly NarrowerForm[];
  /** The rank at which the column is left out while the table is too wide. @defaultValue never */
  readonly dropRank?: number;
  /** The narrowest the last resort may cut this column's cells to, with `…`. @defaultValue never cut */
  readonly minWidth?: number;
}

/** Options of {@link layoutTable}. */
export interface TextTableOptions {
  /** The columns every line must fit in; `Infinity`: no limit, every column in full. */
  readonly width: number;
  /** A rule (`─`) under the header, for a terminal. @defaultValue false */
  readonly rule?: boolean;
  /** Bold header and dim rule (ANSI). @defaultValue false */
  readonly color?: boolean;
}

/** A laid-out table. */
export interface TextTable {
  readonly lines: readonly string[];
  /** Headers of the columns left out to fit the width, in column order. */
  readonly hidden: readonly string[];
}

const GUTTER = '  ';

interface Step {
  readonly rank: number;
  readonly column: number;
  readonly form: NarrowerForm | 'drop';
}

interface ColumnState {
  header: string;
  cells: readonly string[];
  shown: boolean;
  /** The widest of the header and cells. */
  natural: number;
  /** The width the squeeze cut the column to. */
  cut: number;
}

/** Lays out `columns` (all with the same number of cells) to fit `options.width`. */
export function layoutTable(columns: readonly TextColumn[], options: TextTableOptions): TextTable {
  const state: ColumnState[] = columns.map((c) => ({
    header: c.header,
    cells: c.cells,
    shown: true,
    natural: naturalWidth(c.header, c.cells),
    cut: Infinity,
  }));
  const total = () => tableWidth(state);
  if (Number.isFinite(options.width)) {
    // Narrow and drop in rank order until the table fits; then undo what is no longer needed,
    // latest first: a late step (one column much narrower) can leave room for an early one.
    const applied: { column: number; before: ColumnState }[] = [];
    for (const step of steps(columns)) {
      if (total() <= options.width) break;
      const s = state[step.column] as ColumnState;
      applied.push({ column: step.column, before: { ...s } });
      if (step.form === 'drop') s.shown = false;
      else {
        s.header = step.form.header ?? s.header;
        s.cells = step.form.cells;
        s.natural = naturalWidth(s.header, s.cells);
      }
    }
    for (const { column, before } of applied.reverse()) {
      const now = state[column] as ColumnState;
      state[column] = { ...before };
      if (total() > options.width) state[column] = now;
    }
    squeeze(columns, state, options.width);
  }
  const shown = state.filter((s) => s.shown);
  const aligns = columns.filter((_, i) => state[i]?.shown).map((c) => c.align ?? 'left');
  const widths = shown.map(columnWidth);
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => padToWidth(truncateToWidth(cell, widths[i] ?? 0), widths[i] ?? 0, aligns[i]))
      .join(GUTTER)
      .trimEnd();
  const fit = (line: string) => (Number.isFinite(options.width) ? truncateToWidth(line, options.width) : line);
  const header = fit(render(shown.map((s) => s.header)));
  const rows = (columns[0]?.cells ?? []).map((_, r) => fit(render(shown.map((s) => s.cells[r] ?? ''))));
  const ruleWidth = Math.min(
    options.width,
    rows.reduce((w, row) => Math.max(w, displayWidth(row)), displayWidth(header)),
  );
  const lines = [
    options.color ? `\u001b[1m${header}\u001b[22m` : header,
    ...(options.rule ? [options.color ? `\u001b[2m${'─'.repeat(ruleWidth)}\u001b[22m` : '─'.repeat(ruleWidth)] : []),
    ...rows,
  ];
  return { lines, hidden: columns.filter((_, i) => !state[i]?.shown).map((c) => c.header) };
}

/** Every column's narrower forms and drop, lowest rank first; ties in column order. */
function steps(columns: readonly TextColumn[]): Step[] {
  const out: Step[] = [];
  columns.forEach((c, column) => {
    for (const form of c.narrower ?? []) out.push({ rank: form.rank, column, form });
    if (c.dropRank !== undefined) out.push({ rank: c.dropRank, column, form: 'drop' });
  });
  return out.sort((a, b) => a.rank - b.rank || a.column - b.column);
}

function naturalWidth(header: string, cells: readonly string[]): number {
  return cells.reduce((w, cell) => Math.max(w, displayWidth(cell)), displayWidth(header));
}

function columnWidth(s: ColumnState): number {
  return Math.min(s.cut, s.natural);
}

function tableWidth(state: readonly ColumnState[]): number {
  const shown = state.filter((s) => s.shown);
  return shown.reduce((sum, s) => sum + columnWidth(s), 0) + GUTTER.length * Math.max(0, shown.length - 1);
}

/**
 * The last resort: cut the flexible columns, a column at a time from the one with the most room
 * above its minimum, until the table fits or none can give more.
 */
function squeeze(columns: readonly TextColumn[], state: ColumnState[], width: number): void {
  let excess = tableWidth(state) - width;
  while (excess > 0) {
    let best = -1;
    let room = 0;
    state.forEach((s, i) => {
      const min = columns[i]?.minWidth;
      if (!s.shown || min === undefined) return;
      const r = columnWidth(s) - min;
      if (r > room) {
        room = r;
        best = i;
      }
    });
    if (best < 0) return;
    const s = state[best] as ColumnState;
    s.cut = columnWidth(s) - 1;
    excess--;
  }
}
