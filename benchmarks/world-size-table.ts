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

/** The markdown table: one row per env, one column per size, then largest vs smallest. */
export function formatWorldSizeTable(bench: WorldSizeBench): string {
  const envs = Object.keys(bench.worldSize);
  const sizes = [...new Set(envs.flatMap((env) => Object.keys(bench.worldSize[env] ?? {})))]
    .map(Number)
    .sort((a, b) => a - b);
  const smallest = sizes[0];
  const largest = sizes.at(-1);
  const header = `| env | ${sizes.map((n) => n.toLocaleString('en-US')).join(' | ')} | ${
    largest !== undefined ? largest.toLocaleString('en-US') : '—'
  } vs ${smallest !== undefined ? smallest.toLocaleString('en-US') : '—'} |`;
  const lines = [header, `|---|${sizes.map(() => '---:|').join('')}---:|`];
  for (const env of envs) {
    const row = bench.worldSize[env] ?? {};
    const first = smallest === undefined ? undefined : row[String(smallest)];
    const last = largest === undefined ? undefined : row[String(largest)];
    const ratio = first !== undefined && last !== undefined && first > 0 ? `${(last / first).toFixed(1)}×` : '—';
    lines.push(`| ${env} | ${sizes.map((n) => us(row[String(n)])).join(' | ')} | ${ratio} |`);
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
