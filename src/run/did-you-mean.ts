/**
 * "Did you mean …?" for ids typed by hand (envs, teams, profiles, episodes): the known ids
 * closest to what was typed, by edit distance, for the fix text of an error.
 */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
 * neighbours each cost 1 (`orcale` is one step from `oracle`, as a typist would count it).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number) => d[i * cols + j] as number;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/**
 * The known ids closest to `typed` (at most `max`, nearest first, ties in the given order): those
 * within a third of the longer id's length in edit distance (case ignored), else those that
 * contain what was typed (`rename-symbol` → `filesystem/rename-symbol-v1`). Empty when nothing is
 * close: a wild guess helps less than the list of known ids.
 */
export function closestIds(typed: string, known: readonly string[], max = 3): string[] {
  const t = typed.toLowerCase();
  const near = known
    .map((id, order) => ({ id, order, distance: editDistance(t, id.toLowerCase()) }))
    .filter((c) => c.distance <= Math.max(1, Math.floor(Math.max(t.length, c.id.length) / 3)))
    .sort((a, b) => a.distance - b.distance || a.order - b.order)
    .map((c) => c.id);
  if (near.length > 0) return near.slice(0, max);
  if (t.length < 3) return [];
  return known.filter((id) => id.toLowerCase().includes(t)).slice(0, max);
}

/** `did you mean "x"? ` (or `"x" or "y"`), or '' when nothing is close: the start of a fix text. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const close = closestIds(typed, known);
  if (close.length === 0) return '';
  return `did you mean ${close.map((id) => `"${id}"`).join(' or ')}? `;
}
