/**
 * The README's benchmark table, generated from `npm run bench` results and written between
 * `<!-- bench:start -->` and `<!-- bench:end -->` by `npm run bench -- --update-readme`, with the
 * date and the machine it was measured on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** One row of the table (an env, or the toy env that is the harness's floor). */
export interface TableRow {
  readonly env: string;
  readonly stepUsMedian: number;
  readonly productionStepUsMedian: number | null;
  readonly metricsUsPerStep: number | null;
  readonly resetMsMedian: number;
  readonly episodesPerSecond: number | null;
  readonly stepsPerEpisode: number | null;
}

/** What the lines under the table report, when measured. */
export interface TableNotes {
  readonly propertySweep?: {
    readonly env: string;
    readonly propertySweepMs: number;
    readonly propertySweepCpuMs: number;
  };
  readonly rssMbAt?: Readonly<Record<string, number>>;
  /** How many interleaved rounds the env rows are the best of (1: a single run). */
  readonly rounds?: number;
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** A one-line description of this machine: CPU model, cores, memory, Node version. */
export function machineNote(): string {
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
}

const num = (x: number | null, digits = 2): string =>
  x === null ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The markdown table (header, alignment row, one line per row). */
export function formatTable(rows: readonly TableRow[]): string {
  const lines = [
    '| env | µs/step (clean) | steps/s (clean) | µs/step (production + metrics) | reset (ms) | oracle episodes/s (recorded) | steps/episode |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const production = r.productionStepUsMedian === null ? null : r.productionStepUsMedian + (r.metricsUsPerStep ?? 0);
    lines.push(
      `| ${[
        r.env,
        num(r.stepUsMedian),
        num(Math.round(1e6 / r.stepUsMedian), 0),
        num(production),
        num(r.resetMsMedian, 3),
        num(r.episodesPerSecond, 1),
        num(r.stepsPerEpisode, 1),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The whole block between the markers: when and where, the table, and the run-level figures. */
export function formatBlock(rows: readonly TableRow[], notes: TableNotes, date: string): string {
  const rounds = notes.rounds ?? 1;
  const how = rounds > 1 ? `, each env figure the best of ${rounds} interleaved rounds` : '';
  const parts = [`Measured ${date} on ${machineNote()}, one core per measurement${how}.`, '', formatTable(rows)];
  const extra: string[] = [];
  if (notes.propertySweep)
    extra.push(
      `Property sweep (100 runs × 50 steps, fast-check, ${notes.propertySweep.env}, \`chaos\`): ${num(notes.propertySweep.propertySweepMs, 0)} ms (${num(notes.propertySweep.propertySweepCpuMs, 0)} ms CPU).`,
    );
  if (notes.rssMbAt)
    extra.push(
      `RSS of a run: ${Object.entries(notes.rssMbAt)
        .map(([n, mb]) => `${Number(n).toLocaleString('en-US')} episodes ${num(mb, 0)} MB`)
        .join(', ')}.`,
    );
  if (extra.length > 0) parts.push('', ...extra);
  return parts.join('\n');
}

/** Replaces the block between the bench markers of `text`; throws when the markers are missing. */
export function replaceBlock(text: string, block: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END, start);
  if (start < 0 || end < 0)
    throw new Error(`README.md has no ${START} … ${END} block; put the two markers where the table goes.`);
  return `${text.slice(0, start + START.length)}\n${block}\n${text.slice(end)}`;
}

/** Rewrites the benchmark block of the README at `path`. */
export function updateReadme(path: string, block: string): void {
  writeFileSync(path, replaceBlock(readFileSync(path, 'utf8'), block));
}
