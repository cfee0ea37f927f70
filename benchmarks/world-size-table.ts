/**
 * The README's world-size table, generated from the bench's `worldSize` figures and written
 * between `<!-- world-size:start -->` and `<!-- world-size:end -->` by
 * `npm run bench -- --update-readme`: median step µs per env at each world size, and the ratio of
 * the largest size to the smallest (issue 15 asks a 10,000-file world to step within 2× of a
 * 100-file one).
 */
import type { WorldSizeBench } from './world-size.js';

/** The markers of the world-size block. */
export const WORLD_SIZE_MARKERS = { start: '<!-- world-size:start -->', end: '<!-- world-size:end -->' } as const;

const us = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(1));

/** The world sizes of some envs' figures (their keys), smallest first. */
export function sizesOf(...bySize: readonly Readonly<Record<string, number>>[]): number[] {
  return [...new Set(bySize.flatMap((row) => Object.keys(row)))].map(Number).sort((a, b) => a - b);
}

/**
 * An env's step figure at `largest` against its figure at `smallest`; undefined when either is
 * missing or the smaller figure is not positive.
 */
export function sizeRatio(
  bySize: Readonly<Record<string, number>>,
  smallest: number | undefined,
  largest: number | undefined,
): number | undefined {
  const first = smallest === undefined ? undefined : bySize[String(smallest)];
  const last = largest === undefined ? undefined : bySize[String(largest)];
  return first !== undefined && last !== undefined && first > 0 ? last / first : undefined;
}

/** The markdown table: one row per env, one column per size, then largest vs smallest. */
export function formatWorldSizeTable(bench: WorldSizeBench): string {
  const envs = Object.keys(bench.worldSize);
  const sizes = sizesOf(...envs.map((env) => bench.worldSize[env] ?? {}));
  const smallest = sizes[0];
  const largest = sizes.at(-1);
  const header = `| env | ${sizes.map((n) => n.toLocaleString('en-US')).join(' | ')} | ${
    largest !== undefined ? largest.toLocaleString('en-US') : '—'
  } vs ${smallest !== undefined ? smallest.toLocaleString('en-US') : '—'} |`;
  const lines = [header, `|---|${sizes.map(() => '---:|').join('')}---:|`];
  for (const env of envs) {
    const row = bench.worldSize[env] ?? {};
    const ratio = sizeRatio(row, smallest, largest);
    lines.push(
      `| ${env} | ${sizes.map((n) => us(row[String(n)])).join(' | ')} | ${ratio === undefined ? '—' : `${ratio.toFixed(1)}×`} |`,
    );
  }
  return lines.join('\n');
}

/** The whole block: when and how it was measured, then the table. */
export function formatWorldSizeBlock(bench: WorldSizeBench, date: string, rounds: number): string {
  const how = rounds > 1 ? `, each figure the best of ${rounds} rounds` : '';
  return [
    `Median CPU µs per step, measured ${date} by \`npm run bench -- --update-readme\` (\`worldSize\`)${how}:`,
    '',
    formatWorldSizeTable(bench),
  ].join('\n');
}
