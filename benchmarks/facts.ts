/**
 * The fact matcher's cost (a section of `npm run bench`), in CPU time of this thread
 * (`process.cpuUsage()`, so other processes on the machine barely move it):
 *
 * - `compileUsPerValue`: the first lookup of a value never seen before — classifying it, building
 *   its finder and finding it in a new request-sized text (~900 characters), as every reset does
 *   for the task's names (a new seed brings new values);
 * - `matchUsPerFactText`: one lookup of an already-compiled fact in a text read for the first time
 *   (a tool result of ~2,000 characters, as `factsSeen` does each step), over a task-like mix of
 *   facts (names, a path, a version, a number, money, a date);
 * - `cachedMatchUsPerFactText`: the same lookups again on texts already read (an inbox or a
 *   request re-read every turn).
 *
 * `benchFacts` takes the function to measure, so the same measurement can run on another build of
 * the matcher in the same process, interleaved with this one.
 */
import { findFact } from '../src/facts/index.js';

/** The fact matcher's cost, in CPU microseconds. */
export interface FactsBench {
  readonly compileUsPerValue: number;
  readonly matchUsPerFactText: number;
  readonly cachedMatchUsPerFactText: number;
}

type Find = (text: string, value: string) => readonly unknown[];

const VERBS = ['encode', 'convert', 'merge', 'collect', 'build', 'parse', 'render', 'resolve', 'flush', 'index'];
const NOUNS = ['Segment', 'Review', 'Draft', 'Calendar', 'Ledger', 'Invoice', 'Bundle', 'Quota', 'Shard', 'Token'];
const ENDS = ['Count', 'Summary', 'Delta', 'Period', 'Entries', 'Total', 'Window', 'State', 'Batch', 'Index'];

/** The `i`-th of 1,000 distinct camel-case names. */
function nameOf(i: number): string {
  return `${VERBS[i % 10]}${NOUNS[Math.floor(i / 10) % 10]}${ENDS[Math.floor(i / 100) % 10]}`;
}

/** A request naming `a` and `b`, like a filesystem task's (~900 characters); `salt` makes it new. */
function requestText(a: string, b: string, salt: number): string {
  return (
    `Please rename the function \`${a}\` to \`${b}\` throughout the project: its definition, every ` +
    `import and call site, and the tests. It is defined in src/analytics/mod${salt}.ts. The public API must ` +
    `not break: src/index.ts has to keep exporting \`${a}\` as a deprecated alias, export \`${b}\`, and ` +
    `keep every other public name. Don't change any other file. No file under src/ may be longer than ` +
    `${20 + (salt % 40)} lines. Leave \`vendor/\` alone — it's a vendored library (it happens to define its ` +
    `own \`${a}\`). Add a section for the upcoming release to CHANGELOG.md with an entry that mentions ` +
    `both \`${a}\` and \`${b}\` (the version is in release-plan.json, which wins if another document ` +
    `disagrees). Make sure the test suite and the linter both pass. When you're done, tell me how many ` +
    `files you changed.`
  );
}

/** A tool result (~2,000 characters of JSON: a listing with sizes, versions, amounts and dates). */
function resultText(salt: number): string {
  const entries = Array.from({ length: 14 }, (_, k) => ({
    path: `src/${NOUNS[(salt + k) % 10]!.toLowerCase()}/${nameOf(salt * 7 + k)}.ts`,
    lines: 10 + ((salt * 13 + k * 7) % 90),
    owner: `team-${VERBS[(salt + k) % 10]}`,
  }));
  return JSON.stringify({
    ok: true,
    release: `v2.${salt % 9}.${k3(salt)}`,
    budget: `£${(1000 + salt * 17).toLocaleString('en-US')}`,
    due: `2026-0${1 + (salt % 9)}-1${salt % 10}`,
    entries,
    note: `Last run used ${salt % 50} workers; see CHG-${10_000 + salt} and the vendor directory.`,
  });
}

/** `n` in base 26 as capitals ('' for 0): makes names past the first 1,000 distinct. */
function letters(n: number): string {
  let out = '';
  for (let k = n; k > 0; k = Math.floor(k / 26)) out = String.fromCharCode(65 + (k % 26)) + out;
  return out;
}

function k3(n: number): number {
  return (n * 31) % 7;
}

/** A task's facts: names, a directory, a path, a version, a number, money and a date. */
const FACTS = [
  'encodeSegmentCount',
  'convertSegmentCount',
  'vendor/',
  'src/index.ts',
  'v2.4.0',
  '31',
  '£1,250',
  '2026-03-14',
];

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** CPU µs per first lookup of a new value (compile + one match in a new request). */
function measureCompile(find: Find, from: number, n: number): number {
  const t0 = cpuUs();
  for (let i = from; i < from + n; i++) {
    const a = nameOf(i % 1000) + letters(Math.floor(i / 1000));
    find(requestText(a, `${a}Next`, i), a);
  }
  return (cpuUs() - t0) / n;
}

/** CPU µs per (fact, text) lookup over `texts`. */
function measureMatch(find: Find, texts: readonly string[]): number {
  const t0 = cpuUs();
  for (const text of texts) for (const fact of FACTS) find(text, fact);
  return (cpuUs() - t0) / (texts.length * FACTS.length);
}

/**
 * Measures the fact matcher `find` (the project's `findFact` by default). `offset` keeps the
 * values and texts of one call apart from another's (each measurement needs values and texts
 * the matcher has not seen); `rounds` repeats each measurement and keeps the median.
 */
export function benchFacts(find: Find = findFact, offset = 0, rounds = 5): FactsBench {
  const compile: number[] = [];
  const fresh: number[] = [];
  const cached: number[] = [];
  // Warm up the matcher's own code on values and texts outside the measured ranges.
  measureCompile(find, 26_000 + offset, 50);
  measureMatch(
    find,
    Array.from({ length: 50 }, (_, i) => resultText(900_000 + offset + i)),
  );
  for (let round = 0; round < rounds; round++) {
    const base = offset + round * 200;
    compile.push(measureCompile(find, base, 200));
    const texts = Array.from({ length: 200 }, (_, i) => resultText(100_000 + base + i));
    fresh.push(measureMatch(find, texts));
    // The reader keeps the most recent texts: re-read the last ones.
    cached.push(measureMatch(find, texts.slice(-100)));
  }
  const median = (xs: number[]) => Number([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(2));
  return {
    compileUsPerValue: median(compile),
    matchUsPerFactText: median(fresh),
    cachedMatchUsPerFactText: median(cached),
  };
}
