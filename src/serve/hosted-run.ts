/**
 * A run directory fed by a server: episodes played from outside (MCP sessions, OpenEnv socket
 * connections, external agent programs) are written as they end, each exactly as the runner
 * writes a built-in team's, and `summary.json` and `run.json` are rewritten after every episode,
 * so `faultline report` and `compare` read the directory at any moment — and nothing recorded is
 * lost when the server is stopped.
 *
 * A run directory holds one episode per key (env, team, seed, variant, trial). A server whose
 * clients play the same env and seed again gets the next trial number for it (see
 * {@link HostedRun.reserve}), so repeated sessions are trials and the summary's pass^k covers them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError } from '../core/errors.js';
import type { Seed } from '../core/rng.js';
import { analyzeEpisode } from '../metrics/analyze.js';
import { episodeId, type EpisodeKey } from '../run/episode-id.js';
import { readManifest, writeManifest } from '../run/manifest.js';
import { RunRecorder } from '../run/recorder.js';
import { recordedEpisode, type EpisodeRecord } from '../run/records.js';
import { summarize } from '../run/summary.js';
import type { EpisodeResult } from '../team/episode.js';

/** How a hosted run directory is opened. */
export interface HostedRunOptions {
  /** Continue a directory that already holds a hosted run (its episodes are kept). @defaultValue false */
  readonly resume?: boolean;
  /** The step limit override the server applies, or null for each env's own (recorded in run.json). */
  readonly maxSteps?: number | null;
  /** The action size cap the server applies (recorded in run.json). */
  readonly maxActionBytes: number;
}

/** The part of an episode key a server knows before the episode starts; the trial may be chosen. */
export interface HostedEpisodeKey {
  readonly envId: string;
  readonly team: string;
  readonly seed: Seed;
  readonly variant?: number;
  /** The trial asked for; absent: the lowest trial not yet recorded or reserved for this key. */
  readonly trial?: number;
}

/** A run directory that records episodes played by a server, one at a time, as they end. */
export class HostedRun {
  private readonly records: EpisodeRecord[];
  /** Episode ids recorded or reserved (playing now). */
  private readonly taken = new Set<string>();
  private readonly startedAt = new Date();
  private readonly resumes: number;

  private constructor(
    readonly dir: string,
    private readonly recorder: RunRecorder,
    recorded: readonly EpisodeRecord[],
    private readonly options: HostedRunOptions,
    resumes: number,
  ) {
    this.records = [...recorded];
    for (const r of recorded) this.taken.add(r.id);
    this.resumes = resumes;
  }

  /**
   * Opens `dir` for a server. A directory that already holds a run is refused unless `resume`
   * is set (then its episodes are kept and new ones are added).
   */
  static open(dir: string, options: HostedRunOptions): HostedRun {
    const holdsRun = existsSync(join(dir, 'episodes.jsonl')) || existsSync(join(dir, 'run.json'));
    if (holdsRun && !options.resume)
      throw new FaultlineError(
        `${dir} already holds a run. Pass a new directory, or resume it to add this server's episodes to it.`,
      );
    if (holdsRun) {
      const previous = readManifest(dir);
      const { recorder, recorded } = RunRecorder.resume(dir);
      const run = new HostedRun(dir, recorder, recorded.records, options, (previous?.resumes ?? 0) + 1);
      run.writeIndex('running');
      return run;
    }
    const run = new HostedRun(dir, RunRecorder.create(dir), [], options, 0);
    run.writeIndex('running');
    return run;
  }

  /** Episodes recorded so far. */
  get recorded(): readonly EpisodeRecord[] {
    return this.records;
  }

  /**
   * Claims a key for an episode about to start and returns its trial: the one asked for (an
   * error if that episode is already recorded or playing), or else the lowest free one. Release
   * it with {@link release} when the episode is dropped without a result.
   */
  reserve(key: HostedEpisodeKey): number {
    const base = { envId: key.envId, team: key.team, seed: key.seed, variant: key.variant ?? 0 };
    if (key.trial !== undefined) {
      const id = episodeId({ ...base, trial: key.trial });
      if (this.taken.has(id))
        throw new FaultlineError(
          `Episode ${id} is already recorded or playing in ${this.dir}. Ask for another trial or seed, or leave the trial out to get the next free one.`,
        );
      this.taken.add(id);
      return key.trial;
    }
    for (let trial = 0; ; trial++) {
      const id = episodeId({ ...base, trial });
      if (!this.taken.has(id)) {
        this.taken.add(id);
        return trial;
      }
    }
  }

  /** Frees a reserved key whose episode ended without a result to record. */
  release(key: Required<EpisodeKey>): void {
    const id = episodeId(key);
    if (!this.records.some((r) => r.id === id)) this.taken.delete(id);
  }

  /**
   * Writes a finished episode (record with its failure-mode metrics, trajectory), then the
   * summary and manifest of everything recorded so far. Returns the record.
   */
  record(result: EpisodeResult, maxSteps: number): EpisodeRecord {
    const { record, trajectory } = recordedEpisode(result, maxSteps, analyzeEpisode(result));
    this.recorder.append(record, trajectory);
    this.records.push(record);
    this.taken.add(record.id);
    this.recorder.writeSummary(summarize(this.records));
    this.writeIndex('running');
    return record;
  }

  /** Puts `episodes.jsonl` in key order and marks the run complete (a server stopping). */
  close(): void {
    this.recorder.finalize(this.records);
    this.recorder.writeSummary(summarize(this.records));
    this.writeIndex('complete');
  }

  private writeIndex(status: 'running' | 'complete'): void {
    const sorted = <T>(values: Iterable<T>, by: (a: T, b: T) => number): T[] => [...new Set(values)].sort(by);
    const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const finished = new Date();
    const seconds = Math.max(0, (finished.getTime() - this.startedAt.getTime()) / 1000);
    const n = this.records.length;
    writeManifest(this.dir, {
      format: 'faultline.run/1',
      config: {
        envs: sorted(
          this.records.map((r) => r.envId),
          text,
        ),
        teams: sorted(
          this.records.map((r) => r.team),
          text,
        ),
        seeds: sorted(
          this.records.map((r) => r.seed),
          (a, b) => Number(a) - Number(b),
        ),
        trials: n === 0 ? 0 : Math.max(...this.records.map((r) => r.trial)) + 1,
        variants: n === 0 ? 0 : Math.max(...this.records.map((r) => r.variant ?? 0)) + 1,
        perturb: sorted(
          this.records.map((r) => r.perturbations.profile),
          text,
        ).join(','),
        maxSteps: this.options.maxSteps ?? null,
        maxActionBytes: this.options.maxActionBytes,
        imports: [],
        countErrors: false,
      },
      shard: null,
      status,
      planned: n,
      recorded: n,
      workers: 1,
      startedAt: this.startedAt.toISOString(),
      finishedAt: finished.toISOString(),
      seconds: Math.round(seconds * 1000) / 1000,
      episodesPerSecond: seconds > 0 && n > 0 ? Math.round((n / seconds) * 1000) / 1000 : null,
      resumes: this.resumes,
      node: process.version,
      checksums: true,
    });
  }
}
