/**
 * What a text table is rendered for: the width to fit, whether to colour, whether to draw a rule.
 * On a terminal the table fits its width; piped to a file or another program it is complete
 * (every column, any width) and plain, so it stays stable and grep-able, unless `COLUMNS` asks
 * for a width.
 */

/** How a text table is rendered. */
export interface TableOptions {
  /** The columns every line must fit in. @defaultValue Infinity (no limit: every column) */
  readonly width?: number;
  /** Every column, whatever the width (`--wide`). @defaultValue false */
  readonly wide?: boolean;
  /** ANSI styling: a bold header, dim rules and notes. @defaultValue false */
  readonly color?: boolean;
  /** A rule under the header (a terminal's, never a file's). @defaultValue false */
  readonly rule?: boolean;
}

/** The stream and environment {@link terminalTableOptions} reads. */
export interface TerminalInfo {
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The width terminals are assumed to have when nothing says otherwise. */
export const DEFAULT_COLUMNS = 80;

/**
 * `COLUMNS` as a width, or undefined when unset or not a positive whole number. An unusable
 * value is ignored, as shells and other tools ignore it: it is the environment's, not a flag.
 */
export function columnsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.COLUMNS?.trim();
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 ? n : undefined;
}

/**
 * Colour is for terminals, and never when `NO_COLOR` is set to anything non-empty
 * (https://no-color.org) or the terminal is `dumb`.
 */
export function colorWanted(stream: TerminalInfo, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

/**
 * The width of a terminal: its own, else `COLUMNS`, else {@link DEFAULT_COLUMNS}.
 */
export function terminalWidth(stream: TerminalInfo, env: NodeJS.ProcessEnv = process.env): number {
  const own = stream.columns;
  return own !== undefined && own > 0 ? own : (columnsFromEnv(env) ?? DEFAULT_COLUMNS);
}

/**
 * Table options for output to `stream`: on a terminal, its width, a rule and (unless `NO_COLOR`)
 * colour; elsewhere plain, and complete unless `COLUMNS` is set; with `wide`, every column.
 */
export function terminalTableOptions(
  options: { readonly wide?: boolean } = {},
  stream: TerminalInfo = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): TableOptions {
  const tty = stream.isTTY === true;
  const width = tty ? terminalWidth(stream, env) : (columnsFromEnv(env) ?? Infinity);
  return { width, wide: options.wide === true, color: colorWanted(stream, env), rule: tty };
}
