/**
 * Finding a string where it stands on its own in a text — a whole identifier, a whole token —
 * with `indexOf` and a look at the characters around each occurrence, instead of a regular
 * expression with look-arounds: such a pattern is compiled for each new string (a task's names, a
 * fact's guess) and, opening with a look-behind, is tried at every position of the text.
 */

/** Whether a character code is one of `[A-Za-z0-9_]` (the regexp `\w`, without the `u` flag). */
export function isAsciiWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Whether the occurrence of a string at `start`..`end` of `text` stands on its own. */
export type Standing = (text: string, start: number, end: number) => boolean;

/**
 * The first index at or after `from` where `needle` occurs in `text` and `stands` says it stands
 * on its own; -1 when there is none, and for an empty needle (found everywhere and nowhere).
 */
export function indexOfStanding(text: string, needle: string, from: number, stands: Standing): number {
  if (needle.length === 0) return -1;
  for (let i = text.indexOf(needle, from); i !== -1; i = text.indexOf(needle, i + 1))
    if (stands(text, i, i + needle.length)) return i;
  return -1;
}
