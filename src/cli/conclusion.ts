/**
 * The closing lines of `faultline run`: the run's conclusion in plain words (see
 * `report/headline.ts`) and, for a recorded run, the command that replays a failed episode worth
 * opening — wrapped to the terminal.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import { describeFailure, episodeToOpen, headline } from '../report/headline.js';
import type { RunResult } from '../run/runner.js';

/** What the closing lines depend on besides the result. */
export interface ConclusionOptions {
  /** The run directory (`--out`), as given. */
  readonly out?: string;
  /** The run counted provider errors as attempts (`--count-errors`). */
  readonly countErrors?: boolean;
}

/** The width to wrap to: the terminal's, at most 100; 80 when the output is not a terminal. */
export function conclusionWidth(stream: { readonly isTTY?: boolean; readonly columns?: number }): number {
  const columns = stream.isTTY === true ? stream.columns : undefined;
  return Math.min(columns !== undefined && columns >= 40 ? columns : 80, 100);
}

/** Word-wraps a paragraph to `width` columns (a word longer than a line gets a line of its own). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** A path as a user would type it: relative to the working directory when it lies inside it. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The closing lines of a finished run, wrapped to `width`. */
export function conclusionLines(result: RunResult, opts: ConclusionOptions, width: number): string[] {
  const options = { countErrors: opts.countErrors === true };
  const lines = headline(result.summary, options).flatMap((sentence) => wrapText(sentence, width));
  if (opts.out === undefined) return lines;
  const failure = episodeToOpen(result.summary, result.highlights.firstFailures, options);
  const file = failure?.trajectoryFile ?? result.highlights.firstTrajectoryFile;
  if (file === null) return lines;
  const intro = failure
    ? `Worth opening: ${describeFailure(failure)}. Replay it (re-simulated from its seed and checked against the recording):`
    : 'Every episode re-simulates from its seed and is checked against its recording, e.g.:';
  lines.push(...wrapText(intro, width), `  npx faultline replay ${displayPath(join(resolve(opts.out), file))}`);
  return lines;
}
