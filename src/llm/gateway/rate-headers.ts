/**
 * How long a provider asks us to wait before the next request, from the headers of a 429 (or a
 * 503): `retry-after-ms`, `retry-after` (seconds or an HTTP date), or OpenAI's
 * `x-ratelimit-reset-requests` / `x-ratelimit-reset-tokens` durations ("1s", "6m0s", "20ms").
 */

/** Anything with a case-insensitive `get`, like the fetch `Headers` the openai client exposes. */
export interface HeaderSource {
  get(name: string): string | null;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};

/** Milliseconds of a Go-style duration ("1s", "6m0s", "1h2m3.5s", "20ms", "0.5s"); null when malformed. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 64) return null;
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/y;
  let total = 0;
  let at = 0;
  while (at < trimmed.length) {
    part.lastIndex = at;
    const match = part.exec(trimmed);
    if (match === null) return null;
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    at = part.lastIndex;
  }
  return Number.isFinite(total) ? total : null;
}

function nonNegative(value: number): number | null {
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * The wait the headers ask for, in ms, or null when they say nothing usable. `nowMs` is the
 * wall clock (for an HTTP-date `retry-after`). When both rate-limit resets are given, the one
 * whose budget is exhausted wins; when neither says so, the longer one.
 */
export function retryDelayFromHeaders(headers: HeaderSource | undefined, nowMs: number): number | null {
  if (headers === undefined) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = nonNegative(Number(ms));
    if (value !== null) return value;
  }
  const after = headers.get('retry-after');
  if (after !== null && after.trim() !== '') {
    const seconds = /^\s*\d+(\.\d+)?\s*$/.test(after) ? Number(after) : null;
    if (seconds !== null) return seconds * 1000;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const requests = parseHeaderDuration(headers.get('x-ratelimit-reset-requests'));
  const tokens = parseHeaderDuration(headers.get('x-ratelimit-reset-tokens'));
  if (requests === null || tokens === null) return requests ?? tokens;
  const exhausted = (name: string) => headers.get(name)?.trim() === '0';
  const requestsOut = exhausted('x-ratelimit-remaining-requests');
  const tokensOut = exhausted('x-ratelimit-remaining-tokens');
  if (requestsOut !== tokensOut) return requestsOut ? requests : tokens;
  return Math.max(requests, tokens);
}

function parseHeaderDuration(value: string | null): number | null {
  return value === null ? null : parseDuration(value);
}
