/**
 * Writes a run directory: `episodes.jsonl` (appended as each episode ends, so nothing finished is
 * lost if the process dies), `trajectories/<id>.jsonl`, and `summary.json`.
 */
import { mkdirSync, rmSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeResult } from '../team/episode.js';
import { toEpisodeRecord, trajectoryLines, type EpisodeRecord } from './records.js';
import type { RunSummary } from './summary.js';

/** Writes one run's files under a directory. */
export class RunRecorder {
  readonly episodesFile: string;

  /** Creates (or empties) the run directory. */
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.episodesFile = join(dir, 'episodes.jsonl');
    if (existsSync(this.episodesFile)) rmSync(this.episodesFile);
    rmSync(join(dir, 'trajectories'), { recursive: true, force: true });
    rmSync(join(dir, 'summary.json'), { force: true });
    mkdirSync(join(dir, 'trajectories'), { recursive: true });
  }

  /** Records a finished episode: its trajectory file, then its line in `episodes.jsonl`. */
  record(result: EpisodeResult, maxSteps: number): EpisodeRecord {
    const record = toEpisodeRecord(result);
    writeFileSync(join(this.dir, record.trajectoryFile), `${trajectoryLines(result, maxSteps).join('\n')}\n`);
    appendFileSync(this.episodesFile, `${JSON.stringify(record)}\n`);
    return record;
  }

  /** Writes `summary.json`. */
  writeSummary(summary: RunSummary): void {
    writeFileSync(join(this.dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  }
}
