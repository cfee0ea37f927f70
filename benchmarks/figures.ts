/** How the bench writes a figure in its tables and lines: US thousands separators, at most `digits` decimals. */

/** `x` with at most `digits` decimals and thousands separators; `—` for a figure not measured (null). */
export function num(x: number | null, digits = 2): string {
  return x === null ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits });
}
