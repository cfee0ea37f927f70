/**
 * How much `faultline run` says while it runs: `--quiet` nothing (the summary and errors come
 * after), the default a live bar (or sparse plain lines off a terminal), `--verbose` one line per
 * episode as it ends, like vitest's and pytest's verbose reporters.
 */
import { progressReporter, type Progress } from './progress.js';
import type { EpisodeRecord } from '../run/records.js';
import { verdictMessage, verdictOf } from '../run/episode-verdict.js';

/** The run's chattiness, from `--quiet` / `--verbose`. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** Progress of a run, told each recorded episode. */
export interface RunProgress extends Omit<Progress, 'episode'> {
  episode(record: EpisodeRecord, done: number, total: number): void;
}

/** Progress that reports nothing. */
const SILENT: RunProgress = { start() {}, episode() {}, done() {} };

/** The words a verbose line opens with, padded to one width so the ids line up. */
const LABEL = { passed: 'PASS ', failed: 'FAIL ', errored: 'ERROR' } as const;

/** One verbose line: `[3/40] FAIL  <episode id>  <why>`. */
export function episodeLine(record: EpisodeRecord, done: number, total: number): string {
  const width = String(total).length;
  const why = verdictMessage(record);
  return `[${String(done).padStart(width)}/${total}] ${LABEL[verdictOf(record)]} ${record.id}${why ? `  ${why}` : ''}`;
}

/** The run's progress reporter for a verbosity, writing to `stream` (stderr by default). */
export function runProgress(verbosity: Verbosity, stream: NodeJS.WriteStream = process.stderr): RunProgress {
  if (verbosity === 'quiet') return SILENT;
  const bar = progressReporter({ stream });
  if (verbosity === 'normal') return bar;
  // A live bar and per-episode lines would overwrite each other: verbose keeps the bar's
  // opening line (what runs, what resumes) and prints a line per episode instead of the bar.
  return {
    start: (info) => bar.start(info),
    episode: (record, done, total) => stream.write(`${episodeLine(record, done, total)}\n`),
    done() {},
  };
}
