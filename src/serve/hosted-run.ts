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
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FaultlineError, InvalidArgumentError } from '../core/errors.js';
import type { Seed } from '../core/rng.js';
import { analyzeEpisode, type EpisodeMetrics } from '../metrics/analyze.js';
import { episodeId } from '../run/episode-id.js';
import { readManifest, writeManifest, type RunConfig } from '../run/manifest.js';
import { RunRecorder } from '../run/recorder.js';
import { RunLock } from '../run/run-lock.js';
import { assertNoHeldRun, assertResumeOrOverwrite, heldRun } from '../run/held-run.js';
import { recordedEpisode, type EpisodeRecord } from '../run/records.js';
import { summarize, type RunSummary } from '../run/summary.js';
import type { EpisodeResult } from '../team/episode.js';

/** How a hosted run directory is opened. */
export interface HostedRunOptions {
  /** Continue a directory that already holds a hosted run (its episodes are kept). @defaultValue false */
  readonly resume?: boolean;
  /**
   * Start over in a directory that holds a run, deleting its records (refused without it, unless
   * `resume`). @defaultValue false
   */
  readonly overwrite?: boolean;
  /** What holds the directory, named to another writer it refuses. @defaultValue 'a faultline server' */
  readonly holder?: string;
  /** The step limit override the server applies, or null for each env's own (recorded in run.json). */
  readonly maxSteps?: number | null;
  /** The action size cap the server applies (recorded in run.json). */
  readonly maxActionBytes: number;
  /**
   * Rewrite `summary.json` and `run.json` at most once per this many milliseconds (the last
   * episodes of a burst are written when the interval ends, and everything at {@link
   * HostedRun.close}). Both are rebuilt from every record — about 200 ms for 4,000 episodes —
   * so a server recording many episodes sets this; the wait then also grows to ten times the
   * last rewrite's cost, so rewriting never takes more than a tenth of the server's time. 0
   * rewrites them after every episode. @defaultValue 0
   */
  readonly indexIntervalMs?: number;
}

/** The part of an episode key a server knows before the episode starts; the trial may be chosen. */
export interface HostedEpisodeKey {
  readonly envId: string;
  readonly team: string;
  readonly seed: Seed;
  readonly variant?: number;
  /** The world size (an entity count); absent at the family's own size. */
  readonly worldSize?: number;
  /** The trial asked for; absent: the lowest trial not yet recorded or reserved for this key. */
  readonly trial?: number;
}

/** A run directory that records episodes played by a server, one at a time, as they end. */
export class HostedRun {
  private readonly records: EpisodeRecord[];
  /** Episode ids recorded or reserved (playing now). */
  private readonly taken = new Set<string>();
  /** Episode ids recorded (a set: a server may record many thousands). */
  private readonly recordedIds = new Set<string>();
  private readonly startedAt = new Date();
  private readonly resumes: number;
  private closed = false;
  /** The directory's writer lock, held from open to close. */
  private lock: RunLock | null = null;
  /** Wall-clock time of the last index write and what it cost (for the interval only; never recorded). */
  private indexWrittenAt = 0;
  private indexCostMs = 0;
  private indexTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly dir: string,
    private readonly recorder: RunRecorder,
    recorded: readonly EpisodeRecord[],
    private readonly options: HostedRunOptions,
    resumes: number,
  ) {
    this.records = [...recorded];
    for (const r of recorded) {
      this.taken.add(r.id);
      this.recordedIds.add(r.id);
    }
    this.resumes = resumes;
  }

  /**
   * Opens `dir` for a server. A directory that already holds a run is refused unless `resume`
   * is set (then its episodes are kept and new ones are added) or `overwrite` (then they are deleted).
   */
  static open(dir: string, options: HostedRunOptions): HostedRun {
    const interval = options.indexIntervalMs ?? 0;
    if (!Number.isInteger(interval) || interval < 0)
      throw new InvalidArgumentError('HostedRun({ indexIntervalMs })', interval, 'an integer >= 0', 'omit it');
    assertResumeOrOverwrite(options);
    // One writer per directory: taken before it is read, held until close.
    const lock = RunLock.acquire(dir, options.holder ?? 'a faultline server');
    try {
      // What holds a run is decided as for `faultline run`: a manifest, records or trajectories.
      if (!options.resume)
        assertNoHeldRun(dir, {
          overwrite: options.overwrite === true,
          fix: "pass --resume to add this server's episodes to it, --overwrite to delete its records and start over, or a new directory",
        });
      let run: HostedRun;
      if (options.resume && heldRun(dir) !== null) {
        const previous = readManifest(dir);
        if (previous) refuseOtherSettings(dir, previous.config, options);
        const { recorder, recorded } = RunRecorder.resume(dir, { requireChecksums: previous?.checksums === true });
        run = new HostedRun(dir, recorder, recorded.records, options, (previous?.resumes ?? 0) + 1);
      } else {
        run = new HostedRun(dir, RunRecorder.create(dir), [], options, 0);
      }
      // Written now, not at the first episode: report and compare read the directory from the start.
      run.writeIndex('running');
      run.lock = lock;
      return run;
    } catch (e) {
      lock.release();
      throw e;
    }
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
    const base = {
      envId: key.envId,
      team: key.team,
      seed: key.seed,
      variant: key.variant ?? 0,
      ...(key.worldSize !== undefined ? { worldSize: key.worldSize } : {}),
    };
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

  /** Frees a reserved key whose episode ended without a result to record (a recorded one stays taken). */
  release(key: HostedEpisodeKey & { readonly trial: number }): void {
    const id = episodeId({ ...key, variant: key.variant ?? 0 });
    if (!this.recordedIds.has(id)) this.taken.delete(id);
  }

  /**
   * Writes a finished episode (record with its failure-mode metrics, trajectory), then the
   * summary and manifest of everything recorded so far (see {@link HostedRunOptions.indexIntervalMs}).
   * Returns the record. `metrics` is `analyzeEpisode(result)` when the caller already has it.
   * Refuses, writing nothing, an episode already recorded here (it would overwrite its
   * trajectory) and any episode once the run is closed.
   */
  record(result: EpisodeResult, maxSteps: number, metrics?: EpisodeMetrics): EpisodeRecord {
    if (this.closed)
      throw new FaultlineError(`The hosted run in ${this.dir} is closed; no more episodes are recorded in it.`);
    const { record, trajectory } = recordedEpisode(result, maxSteps, metrics ?? analyzeEpisode(result));
    if (this.recordedIds.has(record.id))
      throw new FaultlineError(
        `Episode ${record.id} is already recorded in ${this.dir}; each trial is recorded once. Reserve the key first to get a free trial.`,
      );
    this.recorder.append(record, trajectory);
    this.records.push(record);
    this.recordedIds.add(record.id);
    this.taken.add(record.id);
    this.indexSoon();
    return record;
  }

  /** Puts `episodes.jsonl` in key order and marks the run complete (a server stopping). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.indexTimer) clearTimeout(this.indexTimer);
    this.indexTimer = null;
    this.recorder.finalize(this.records);
    this.writeIndex('complete');
    this.lock?.release();
  }

  /** Rewrites the summary and manifest now, or once the interval since the last write has passed. */
  private indexSoon(): void {
    const interval = this.options.indexIntervalMs ?? 0;
    const wait = this.indexWrittenAt + Math.max(interval, 10 * this.indexCostMs) - Date.now();
    if (interval === 0 || wait <= 0) {
      this.writeIndex('running');
      return;
    }
    if (this.indexTimer) return;
    this.indexTimer = setTimeout(() => {
      this.indexTimer = null;
      if (!this.closed) this.writeIndex('running');
    }, wait);
    // A pending rewrite never keeps a process alive: close() writes everything anyway.
    this.indexTimer.unref();
  }

  /** Writes `summary.json` (atomically: a reader never sees half of it) and `run.json`. */
  private writeIndex(status: 'running' | 'complete'): void {
    const started = performance.now();
    writeSummaryAtomically(this.dir, summarize(this.records));
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
        // A loop, not Math.max(...list): spreading 100k+ records overflows the call stack.
        trials: n === 0 ? 0 : this.records.reduce((m, r) => Math.max(m, r.trial), 0) + 1,
        variants: n === 0 ? 0 : this.records.reduce((m, r) => Math.max(m, r.variant ?? 0), 0) + 1,
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
    this.indexCostMs = performance.now() - started;
    this.indexWrittenAt = Date.now();
  }
}

/** Refuses to resume a run recorded under another step limit or action cap (its episodes would not compare). */
function refuseOtherSettings(dir: string, recorded: RunConfig, options: HostedRunOptions): void {
  const now = { maxSteps: options.maxSteps ?? null, maxActionBytes: options.maxActionBytes };
  for (const field of ['maxSteps', 'maxActionBytes'] as const) {
    if (recorded[field] === undefined || recorded[field] === now[field]) continue;
    throw new FaultlineError(
      `Cannot resume ${dir}: its ${field} is ${String(recorded[field] ?? "each env's own")}, this server's is ${String(now[field] ?? "each env's own")}. Start the server with the recorded setting, or record into a new directory.`,
    );
  }
}

function writeSummaryAtomically(dir: string, summary: RunSummary): void {
  const file = join(dir, 'summary.json');
  writeFileSync(`${file}.tmp`, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
