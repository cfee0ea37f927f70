/**
 * What the `search` tool finds in a file: the lines that hold a literal pattern, found with
 * `indexOf` in the file's text. A search runs over every file of the project, and splitting each
 * file that holds the pattern into lines to test each was most of its cost.
 */

/** Most matches one `search` call returns. */
export const MAX_SEARCH_MATCHES = 100;
/** Most characters of a matching line shown by `search` (longer lines are cut, with `…`). */
export const MAX_MATCH_CHARS = 200;

/** What a search finds in some files: the files that match, the first matching lines, and all matching lines' count. */
export interface Hits {
  readonly reads: string[];
  /** `path:line: text`, at most {@link MAX_SEARCH_MATCHES} (no search shows more). */
  readonly matches: string[];
  total: number;
}

/** Hits with nothing in them yet. */
export function emptyHits(): Hits {
  return { reads: [], matches: [], total: 0 };
}

/**
 * Adds what a search for `pattern` finds in the file at `path` to `hits`: the file, when its text
 * holds the pattern, and each line that holds it (1-based numbers, as `content.split('\n')`
 * numbers them). A pattern with a newline is on no line, although the file holds it.
 */
export function scanFile(path: string, content: string, pattern: string, hits: Hits): void {
  let at = content.indexOf(pattern);
  if (at === -1) return;
  hits.reads.push(path);
  if (pattern.includes('\n')) return;
  let line = 1;
  let lineStart = 0;
  while (at !== -1) {
    // Count the lines up to the match.
    for (let nl = content.indexOf('\n', lineStart); nl !== -1 && nl < at; nl = content.indexOf('\n', lineStart)) {
      line++;
      lineStart = nl + 1;
    }
    const newline = content.indexOf('\n', at);
    const lineEnd = newline === -1 ? content.length : newline;
    hits.total++;
    if (hits.matches.length < MAX_SEARCH_MATCHES) {
      const text =
        lineEnd - lineStart > MAX_MATCH_CHARS
          ? `${content.slice(lineStart, lineStart + MAX_MATCH_CHARS)}…`
          : content.slice(lineStart, lineEnd);
      hits.matches.push(`${path}:${line}: ${text}`);
    }
    // A line counts once: the next match is looked for on the lines after it.
    at = newline === -1 ? -1 : content.indexOf(pattern, newline + 1);
  }
}
