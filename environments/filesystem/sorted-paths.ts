/**
 * Sorted lists of paths (sorted by UTF-16 code unit, as `Array#sort` and `<` order strings): the
 * whole-project tools of a large world keep their module list sorted and change it by a few
 * paths a step, so they find places by binary search and copy the runs between natively, instead
 * of sorting or filtering 10,000 paths again.
 */

/** The index of the first of sorted `paths`, from `from` on, that is not below `text`. */
export function firstAtLeast(paths: readonly string[], text: string, from = 0): number {
  let low = from;
  let high = paths.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((paths[mid] as string) < text) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Sorted `paths` with sorted `added` (distinct from them, and few) put in their places: the same
 * list as sorting both together.
 */
export function mergedSorted(paths: readonly string[], added: readonly string[]): string[] {
  const runs: (readonly string[])[] = [];
  let from = 0;
  for (const path of added) {
    const at = firstAtLeast(paths, path, from);
    runs.push(paths.slice(from, at), [path]);
    from = at;
  }
  runs.push(paths.slice(from));
  return ([] as string[]).concat(...runs);
}

/**
 * The paths of sorted `paths` that start with none of `prefixes`. The paths under a prefix are
 * one run of a sorted list, found by a binary search: a lint of 10,000 modules no longer tests
 * every path against every ignored prefix.
 */
export function withoutPrefixes(paths: readonly string[], prefixes: readonly string[]): readonly string[] {
  if (prefixes.length === 0) return paths;
  const runs: [number, number][] = [];
  for (const prefix of prefixes) {
    const start = firstAtLeast(paths, prefix);
    let end = start;
    while (end < paths.length && (paths[end] as string).startsWith(prefix)) end++;
    if (end > start) runs.push([start, end]);
  }
  if (runs.length === 0) return paths;
  runs.sort((a, b) => a[0] - b[0]);
  const kept: (readonly string[])[] = [];
  let next = 0;
  for (const [start, end] of runs) {
    if (start > next) kept.push(paths.slice(next, start));
    next = Math.max(next, end);
  }
  kept.push(paths.slice(next));
  return ([] as string[]).concat(...kept);
}
