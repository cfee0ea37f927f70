/**
 * The runner: every (env × team × seed × variant × trial) of a plan — or one shard's slice of it —
 * on the main thread or on worker threads, recorded as each episode ends, resumable after a
 * crash or Ctrl-C. Results never depend on the worker count, the shard split or resumes.
 */
import { worldSizeOf, type WorldSizeInput } from '../world/world-size.js';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { make, spec as specOf, listEnvs } from '../core/registry.js';
import { isTeamEnvId, teamModelOf } from '../team/team-env.js';
import type { PerturbationEngine } from '../team/perturbation.js';
import { FaultlineError, InvalidArgumentError, UnregisteredEnvError } from '../core/errors.js';
import type { Seed } from '../core/rng.js';
import { findTeam, listTeams, type Team } from '../team/agent.js';
import type { EpisodeBudget } from '../team/episode.js';
import { assertDeadlineMs } from '../team/deadline.js';
import { assertMaxActionBytes, DEFAULT_MAX_ACTION_BYTES } from '../team/action-size.js';
import { RunRecorder, discardReasons } from './recorder.js';
import { assertNoHeldRun, assertOutGiven, assertResumeOrOverwrite } from './held-run.js';
import { RunLock } from './run-lock.js';
import { perturbationEngine } from '../perturb/engine.js';
import type { EpisodeRecord } from './records.js';
import type { RunSummary } from './summary.js';
import { SummaryBuilder, type RunHighlights } from './summary-builder.js';
import { InOrder } from './in-order.js';
import { planRanker } from './plan-rank.js';
import { episodeId, compareKeys, type PlannedKey } from './episode-id.js';
import { planEpisodes, shardKeys, type Shard } from './plan.js';
import { configDifferences, readManifest, writeManifest, type RunConfig, type RunManifest } from './manifest.js';
import { executeAbandoned, executeEpisode, type EpisodeSettings } from './execute.js';
import { runOnWorkers } from './pool.js';
import { loadModules, type SetupEntry } from './setup.js';
import { runInFlight } from './in-flight.js';
import { blockedAfterMs, blockedError } from './blocked-agent.js';
import { requestLimiter, useRequestLimiter } from '../llm/limiter-registry.js';
import { didYouMean } from './did-you-mean.js';
import { selectEpisodes } from './episode-selection.js';
import { isFailedEpisode } from './episode-verdict.js';
import type { LimiterSettings, RequestLimiter } from '../llm/types.js';
import { randomBytes } from 'node:crypto';
import type { QueueFailure, QueueNotice } from '../queue/coordinator.js';
import { parseQueueUrl, redactedUrl } from '../queue/redis-url.js';

/** What to run. */
export interface RunOptions {
  /** Env ids, or `['all']` for every registered env that teams can play (built from a task family). */
  readonly envs: readonly string[];
  /** Team ids (registered teams). */
  readonly teams: readonly string[];
  readonly seeds: readonly Seed[];
  /** Attempts per (env, team, seed, variant); each draws fresh faults and agent seeds. @defaultValue 1 */
  readonly trials?: number;
  /** Semantically equivalent variants per task (variant 0 is the task as generated). @defaultValue 1 */
  readonly variants?: number;
  /** The world size of every episode: a name or an entity count. @defaultValue each family's own */
  readonly worldSize?: WorldSizeInput;
  /** Run directory; nothing is written when omitted. */
  readonly out?: string;
  readonly budget?: EpisodeBudget;
  /** The perturbation profile. @defaultValue 'clean' */
  readonly perturb?: string;
  /** Worker threads; 1 runs on the main thread. @defaultValue 1 */
  readonly workers?: number;
  /**
   * Episodes in flight at once on the main thread (workers = 1) or within each worker thread —
   * for teams whose agents await model calls. Results never depend on it. @defaultValue 1
   */
  readonly concurrency?: number;
  /**
   * The request limiter every model call of the run asks for a permit (requests and tokens per
   * minute, requests in flight, per provider), shared by all workers. Installed on the main
   * thread for the run's duration; workers reach it through a proxy. @defaultValue none
   */
  readonly limiter?: RequestLimiter;
  /**
   * Run the episodes on a queue's workers (`faultline worker`, on any number of machines) instead
   * of in this process: the run enqueues them, records what the workers return and writes the
   * same files as a local run. `workers` is then unused. @defaultValue in this process
   */
  readonly queue?: QueueSettings;
  /** Run only this slice of the plan (merge the shards with `mergeRuns`). */
  readonly shard?: Shard;
  /** Continue the run recorded in `out` instead of starting over. @defaultValue false */
  readonly resume?: boolean;
  /**
   * Start over in an `out` that already holds a run, deleting its records. Without it such a
   * directory is refused (unless `resume`): a finished run is never lost to a repeated command.
   * @defaultValue false
   */
  readonly overwrite?: boolean;
  /** Modules (paths or URLs) that register custom teams or envs; workers import them too. */
  readonly imports?: readonly string[];
  /**
   * Module URLs that export a `setup()` function, called on the main thread and in every worker
   * before `imports` (the CLI and `evaluate()` pass the built-ins' module). An entry
   * `{ url, options }` calls `setup(options)`: options are plain JSON (they travel to workers by
   * message) and never hold a secret. A worker thread starts with empty registries: anything its
   * episodes need must come through `setup` or `imports`.
   * @defaultValue []
   */
  readonly setup?: readonly SetupEntry[];
  /** Count infrastructure errors and agent crashes as failures in pass^k. @defaultValue false */
  readonly countErrors?: boolean;
  /** Aborting stops handing out episodes; those in flight finish and are recorded. */
  readonly signal?: AbortSignal;
  /**
   * Stop after this many failed episodes of this session (any outcome but success, see
   * `isFailedEpisode`): no new episode starts, those in flight finish and are recorded, and the
   * run stays resumable. @defaultValue no limit
   */
  readonly bail?: number;
  /**
   * Run only these episodes of the plan, by id as `episodes.jsonl` writes them; an id the plan
   * does not have throws. Recorded in the run's config, so a resume runs the same selection.
   * @defaultValue the whole plan
   */
  readonly episodes?: readonly string[];
  /** Called once the plan is known (for progress output). */
  readonly onStart?: (info: RunStartInfo) => void;
  /**
   * Return every record in {@link RunResult.records}. Off, the run holds no episode record in
   * memory — its summary is built as records come (or read back from `out` one at a time) — so
   * memory stays flat however many episodes it has. @defaultValue true
   */
  readonly keepRecords?: boolean;
  /**
   * Called after each episode (for progress output); `done` counts this session's episodes.
   * `timing.seconds` is its wall-clock time (null when not measured); never part of a record.
   */
  readonly onEpisode?: (
    record: EpisodeRecord,
    done: number,
    total: number,
    timing: { readonly seconds: number | null },
  ) => void;
}

/** Where and how a run's episodes go to a queue (see {@link RunOptions.queue}). */
export interface QueueSettings {
  /** The queue's Redis URL (`redis://HOST:PORT/DB`). */
  readonly url: string;
  /** Model request limits every worker shares through Redis (absent: none). */
  readonly limits?: LimiterSettings;
  /** How long Redis may not answer before the run stops (resumable). @defaultValue 60000 */
  readonly timeoutMs?: number;
  /** Attempts per episode job before it is listed as failed. @defaultValue 3 */
  readonly attempts?: number;
  /** Told when the jobs are enqueued and when no worker serves the queue. */
  readonly onNotice?: (notice: QueueNotice) => void;
}

/** What a run found before it started (for progress output). */
export interface RunStartInfo {
  readonly planned: number;
  /** Episodes already recorded (and verified) in the directory being resumed. */
  readonly recorded: number;
  /** Records of the directory being resumed that were not accepted: they run again. */
  readonly discarded: number;
  /** Why they were discarded, counted by reason (`2: …; 1: …`); empty when none were. */
  readonly discardedReasons: string;
  /** Recorded episodes whose model provider could not be reached (`provider_error`): they run again. */
  readonly providerErrors: number;
  /** Accepted records without checksums (recorded by an older faultline). */
  readonly unverified: number;
  readonly toRun: number;
}

/** The outcome of a run. */
export interface RunResult {
  /** The summary of every recorded episode (of those recorded so far, when interrupted). */
  readonly summary: RunSummary;
  /** Every recorded episode of the plan, in key order (empty unless `keepRecords`). */
  readonly records: readonly EpisodeRecord[];
  /** How many episodes are recorded, the first errors, … — what the CLI prints besides the summary. */
  readonly highlights: RunHighlights;
  /** True when the signal or `bail` stopped the run before the plan was done. */
  readonly interrupted: boolean;
  /** True when `bail` stopped the run before the plan was done. */
  readonly bailed: boolean;
  /** Ids of the planned episodes not recorded (empty once the run is complete), in key order. */
  readonly pending: readonly string[];
  readonly planned: number;
  /** Episodes run in this session. */
  readonly ran: number;
  readonly seconds: number;
  /** Episodes whose queue job failed for good (never recorded; a resume runs them again). */
  readonly queueFailures: readonly QueueFailure[];
  /** Episodes left running on the queue when the run was interrupted (a resume collects them). */
  readonly leftQueued: number;
}

/**
 * Resolves `all` (every registered env a team can play: those built from task families) and
 * validates env ids (clear error for unknown ones).
 */
export function resolveEnvIds(ids: readonly string[]): string[] {
  if (ids.length === 1 && ids[0] === 'all')
    return listEnvs()
      .filter((s) => isTeamEnvId(s.id))
      .map((s) => s.id);
  return ids.map(resolveEnvId);
}

/**
 * A registered env id (`world/family` names the newest version); a clear error naming `--env`,
 * with the closest registered ids, for an unknown or malformed one.
 */
function resolveEnvId(id: string): string {
  try {
    return specOf(id).id;
  } catch (e) {
    // A malformed id (`filesystem`) and a well-formed unknown one (`filesystem/renam-v1`) both
    // deserve the same answer: what is registered, nearest first.
    if (!(e instanceof UnregisteredEnvError || e instanceof InvalidArgumentError)) throw e;
    const known = listEnvs().map((s) => s.id);
    throw new InvalidArgumentError(
      '--env',
      id,
      `a registered env id (world/family-vN), or "all" (${known.join(', ')})`,
      `${didYouMean(id, known)}run \`faultline list\` to see the envs, or register yours in a module passed with --import`,
    );
  }
}

/** Resolves team ids to registered teams (clear error for unknown ones). */
export function resolveTeams(ids: readonly string[]): Team[] {
  return ids.map((id) => {
    const team = findTeam(id);
    if (!team) {
      throw new InvalidArgumentError(
        '--team',
        id,
        `a registered team (${listTeams()
          .map((t) => t.id)
          .join(', ')})`,
        `${didYouMean(
          id,
          listTeams().map((t) => t.id),
        )}run \`faultline list\` to see the teams, or register yours in a module passed with --import`,
      );
    }
    return team;
  });
}

/**
 * Validates a perturbation profile id (clear error listing the profiles): against the engine
 * each of `envIds` was registered with, or the built-in catalog when no env is named.
 */
export function resolveProfile(id: string, envIds: readonly string[] = []): string {
  if (id === 'clean') return id;
  for (const envId of envIds) {
    const engine = engineOf(envId);
    if (engine === undefined || engine?.hasProfile(id)) continue;
    const known = [
      'clean',
      ...(engine
        ?.profiles()
        .map((p) => p.id)
        .filter((p) => p !== 'clean') ?? []),
    ];
    throw new InvalidArgumentError(
      '--perturb',
      id,
      `a perturbation profile of ${envId} (${known.join(', ')})`,
      engine
        ? `${didYouMean(id, known)}run \`faultline list\` to see the profiles`
        : `${envId} was registered without a perturbation engine: run it with --perturb clean`,
    );
  }
  if (envIds.length > 0 || perturbationEngine.hasProfile(id)) return id;
  const known = [
    'clean',
    ...perturbationEngine
      .profiles()
      .map((p) => p.id)
      .filter((p) => p !== 'clean'),
  ];
  throw new InvalidArgumentError(
    '--perturb',
    id,
    `a perturbation profile (${known.join(', ')})`,
    `${didYouMean(id, known)}run \`faultline list\` to see the profiles`,
  );
}

/** The perturbation engine an env was registered with (null: none); undefined for a non-team env. */
function engineOf(envId: string): PerturbationEngine | null | undefined {
  const env = make(envId);
  try {
    return teamModelOf(env).perturbations;
  } catch {
    return undefined;
  } finally {
    env.close();
  }
}

/** Module specifiers as URLs: paths resolve against the working directory. */
export function importUrls(imports: readonly string[]): string[] {
  return imports.map((m) => (/^[a-z]+:/i.test(m) ? m : pathToFileURL(isAbsolute(m) ? m : resolvePath(m)).href));
}

/** The validated config of a run. */
export function runConfigOf(options: RunOptions): RunConfig {
  const trials = options.trials ?? 1;
  const variants = options.variants ?? 1;
  if (!Number.isInteger(trials) || trials < 1)
    throw new InvalidArgumentError('--trials', trials, 'an integer >= 1', 'pass --trials 1');
  if (!Number.isInteger(variants) || variants < 1 || variants > 1000)
    throw new InvalidArgumentError('--variants', variants, 'an integer in 1..1000', 'pass --variants 1');
  if (options.seeds.length === 0)
    throw new InvalidArgumentError('--seeds', options.seeds, 'at least one seed', 'pass --seeds 0-49');
  const maxActionBytes = options.budget?.maxActionBytes ?? DEFAULT_MAX_ACTION_BYTES;
  assertMaxActionBytes(maxActionBytes, '--max-action-bytes');
  const envs = [...new Set(resolveEnvIds(options.envs))].sort();
  const perturb = resolveProfile(options.perturb ?? 'clean', envs);
  const teams = [...new Set(resolveTeams(options.teams).map((t) => t.id))].sort();
  return {
    envs,
    teams,
    seeds: [...new Set(options.seeds)].sort((a, b) => a - b),
    trials,
    variants,
    perturb,
    maxSteps: options.budget?.maxSteps ?? null,
    maxActionBytes,
    imports: importUrls(options.imports ?? []),
    countErrors: options.countErrors ?? false,
    ...worldSizeOf(options.worldSize),
    ...(options.episodes ? { episodes: episodeSelectionOf(options.episodes) } : {}),
  };
}

/** Runs the plan (or the shard's slice of it), recording as it goes. */
export async function runEvaluation(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const setup = options.setup ?? [];
  await loadModules(setup, importUrls(options.imports ?? []));
  const config = runConfigOf(options);
  const workers = options.workers ?? 1;
  if (options.budget?.agentTimeoutMs !== undefined) assertDeadlineMs(options.budget.agentTimeoutMs, '--agent-timeout');
  if (!Number.isInteger(workers) || workers < 1 || workers > 256)
    throw new InvalidArgumentError('--workers', workers, 'an integer in 1..256', 'pass --workers 2');
  const concurrency = options.concurrency ?? 1;
  assertConcurrency(concurrency);
  assertOutGiven(options.out, { '--resume': options.resume, '--overwrite': options.overwrite });
  assertResumeOrOverwrite(options);
  if (options.bail !== undefined && (!Number.isInteger(options.bail) || options.bail < 1))
    throw new InvalidArgumentError('--bail', options.bail, 'a whole number >= 1', 'pass e.g. --bail 1');
  const shard = options.shard && options.shard.count > 1 ? options.shard : null;
  // Checked before anything is written, so a bad URL leaves no run directory behind.
  const queueUrl = options.queue ? parseQueueUrl(options.queue.url) : null;
  const plan = planEpisodes({
    envIds: config.envs,
    teamIds: config.teams,
    seeds: config.seeds,
    variants: config.variants,
    trials: config.trials,
    ...worldSizeOf(config.worldSize),
  });
  // A selection is checked against the whole plan, then cut from the shard's slice: episodes keep
  // their place in the plan, which ranks records and splits shards.
  const selected = config.episodes ? new Set(selectEpisodes(plan, config.episodes, '--episode').map(episodeId)) : null;
  const keys = shardKeys(plan, shard ?? undefined).filter((k) => selected === null || selected.has(episodeId(k)));

  // One writer per run directory, from before it is read or emptied until its files are final.
  const lock = options.out ? RunLock.acquire(options.out, 'faultline run') : null;
  try {
    return await recordRun(options, { started, setup, config, workers, concurrency, shard, queueUrl, keys });
  } finally {
    lock?.release();
  }
}

/** What {@link runEvaluation} has worked out before it records: the checked options and the plan. */
interface PlannedRun {
  /** When the run started (wall clock, for run.json only). */
  readonly started: number;
  readonly setup: readonly SetupEntry[];
  readonly config: RunConfig;
  readonly workers: number;
  readonly concurrency: number;
  readonly shard: Shard | null;
  readonly queueUrl: ReturnType<typeof parseQueueUrl> | null;
  /** The episodes of this directory's plan (the shard's slice, the selection), in plan order. */
  readonly keys: readonly PlannedKey[];
}

/** Runs and records the planned episodes (resuming or starting `out`); its directory's lock is held. */
async function recordRun(options: RunOptions, planned: PlannedRun): Promise<RunResult> {
  const { started, setup, config, workers, concurrency, shard, queueUrl, keys } = planned;
  /** Each planned episode's place in key order (from its id: no table of ids), records are summarized and written in it. */
  const rankOf = planRanker(config, shard);

  const keepRecords = options.keepRecords ?? true;
  let recorder: RunRecorder | null = null;
  // Only ids: a resumed run of any size holds no record of what it recorded before.
  let done = new Set<string>();
  let kept: EpisodeRecord[] = [];
  let discarded = 0;
  let discardedReasons = '';
  let unverified = 0;
  let providerErrors = 0;
  let resumes = 0;
  // A new run writes checksums on every record; a resumed one keeps saying so only if it always did.
  let checksums = true;
  // A run's jobs on a queue carry its id: a resume collects the results its workers left there.
  let queueRunId = randomBytes(8).toString('hex');
  if (options.out && options.resume) {
    const manifest = readManifest(options.out);
    if (!manifest)
      throw new FaultlineError(
        `Cannot resume ${options.out}: it has no run.json (not a run directory, or written by an older version). Run without --resume to start a new run there (add --overwrite if it holds older records).`,
      );
    const differences = configDifferences(manifest.config, config);
    if (JSON.stringify(manifest.shard) !== JSON.stringify(shard))
      differences.push(
        `shard: the recorded run has ${manifest.shard ? `${manifest.shard.index}/${manifest.shard.count}` : 'none'}, this command has ${shard ? `${shard.index}/${shard.count}` : 'none'}; ${manifest.shard ? `pass --shard ${manifest.shard.index}/${manifest.shard.count}` : 'leave out --shard'} to match the recorded run`,
      );
    if (differences.length > 0) {
      throw new FaultlineError(
        `Cannot resume ${options.out}: this command differs from the recorded run. ${differences.map((d) => `${d}.`).join(' ')} Or pick another --out to start a new run.`,
      );
    }
    const planned = new Set(keys.map(episodeId));
    const opened = RunRecorder.resume(options.out, {
      requireChecksums: manifest.checksums === true,
      // An episode that could not reach the model provider says nothing about the team: run it again.
      rerun: (r) => r.outcome === 'provider_error',
      keepRecords,
    });
    recorder = opened.recorder;
    refuseUnplanned(options.out, opened.ids, rankOf);
    providerErrors = opened.rerun.filter((r) => planned.has(r.id)).length;
    done = new Set(opened.ids.filter((id) => planned.has(id)));
    if (keepRecords) kept = opened.recorded.records.filter((r) => planned.has(r.id));
    discarded = opened.recorded.discarded;
    discardedReasons = discardReasons(opened.recorded.problems);
    unverified = opened.recorded.unverified;
    resumes = manifest.resumes + 1;
    checksums = manifest.checksums === true;
    if (manifest.queue) queueRunId = manifest.queue.runId;
  } else if (options.out) {
    assertNoHeldRun(options.out, { overwrite: options.overwrite === true });
    recorder = RunRecorder.create(options.out);
  }

  const toRun = keys.filter((k) => !done.has(episodeId(k)));
  const manifestBase = {
    format: 'faultline.run/1' as const,
    config,
    shard,
    planned: keys.length,
    workers,
    concurrency,
    startedAt: new Date(started).toISOString(),
    resumes,
    node: process.version,
    ...(checksums ? { checksums: true } : {}),
    ...(queueUrl ? { queue: { url: redactedUrl(queueUrl.url), runId: queueRunId } } : {}),
  };
  if (options.out)
    writeManifest(options.out, {
      ...manifestBase,
      status: 'running',
      recorded: done.size,
      finishedAt: null,
      seconds: null,
      episodesPerSecond: null,
    });
  options.onStart?.({
    planned: keys.length,
    recorded: done.size,
    discarded,
    discardedReasons,
    providerErrors,
    unverified,
    toRun: toRun.length,
  });

  const builder = new SummaryBuilder({ countErrors: config.countErrors });
  // Records are summarized as they come, put back in order, unless a resumed run recorded some
  // before: those are read back from episodes.jsonl with the new ones at the end. (Reading and
  // parsing every line back after the last episode was the tail of a run: 50 ms of a 500-episode
  // run, 0.6 s per 10,000 episodes, while the thread had waited on its workers all along.)
  const inOrder = recorder === null || done.size === 0 ? new InOrder<EpisodeRecord>((r) => builder.add(r)) : null;
  let recorded = done.size;
  let ran = 0;
  let failures = 0;
  let bailed = false;
  const settings: EpisodeSettings = {
    perturb: config.perturb,
    maxSteps: config.maxSteps,
    maxActionBytes: config.maxActionBytes,
    ...(options.budget?.agentTimeoutMs !== undefined ? { agentTimeoutMs: options.budget.agentTimeoutMs } : {}),
  };
  const accept = (record: EpisodeRecord, trajectory: string | null, seconds: number | null) => {
    recorder?.append(record, trajectory);
    done.add(record.id);
    if (keepRecords) kept.push(record);
    // Every planned id has a place in the plan: one without would be summarized as another
    // episode and left out of episodes.jsonl when the file is put in order at the end.
    const rank = rankOf(record.id);
    if (rank === undefined)
      throw new FaultlineError(
        `Episode ${record.id} has no place in the run's plan, so its record could not be kept in order. This is a bug in faultline (please report it); the record was written to episodes.jsonl.`,
      );
    inOrder?.add(rank, record);
    recorded++;
    ran++;
    if (isFailedEpisode(record) && ++failures === options.bail) bailed = true;
    options.onEpisode?.(record, ran, toRun.length, { seconds });
  };
  const stopped = () => bailed || options.signal?.aborted === true;
  let queueFailures: readonly QueueFailure[] = [];
  let leftQueued = 0;
  const writeEnd = (status: 'complete' | 'interrupted', bail?: number) => {
    if (!options.out) return;
    const seconds = (Date.now() - started) / 1000;
    writeManifest(options.out, {
      ...manifestBase,
      status,
      recorded,
      finishedAt: new Date().toISOString(),
      seconds: round3(seconds),
      episodesPerSecond: seconds > 0 ? round3(ran / seconds) : null,
      ...(bail !== undefined ? { bailedAfter: bail } : {}),
      ...(queueFailures.length > 0 ? { queueFailures } : {}),
    });
  };
  const previousLimiter = requestLimiter();
  if (options.limiter) useRequestLimiter(options.limiter);
  try {
    if (queueUrl && options.queue) {
      // Loaded only for runs on a queue: a local run never loads BullMQ.
      const { runOnQueue } = await import('../queue/coordinator.js');
      const outcome = await runOnQueue({
        url: queueUrl,
        runId: queueRunId,
        keys: toRun,
        settings,
        setup,
        imports: config.imports,
        limits: options.queue.limits ?? null,
        out: options.out ?? null,
        onResult: accept,
        // A bail withdraws the jobs not started; Ctrl-C leaves them to the workers for a resume.
        stop: () => (bailed ? 'cancel' : options.signal?.aborted ? 'detach' : 'none'),
        ...(options.queue.timeoutMs !== undefined ? { timeoutMs: options.queue.timeoutMs } : {}),
        ...(options.queue.attempts !== undefined ? { attempts: options.queue.attempts } : {}),
        ...(options.queue.onNotice ? { onNotice: options.queue.onNotice } : {}),
      });
      queueFailures = outcome.failures;
      leftQueued = outcome.leftQueued;
    } else if (workers === 1) {
      let failed = false;
      await runInFlight({
        items: toRun,
        concurrency,
        shouldStop: stopped,
        run: async (key) => {
          const startedAt = performance.now();
          const { record, trajectory } = await executeEpisode(key, settings);
          // An episode still in flight when another stopped the run is not recorded after the end.
          if (!failed) accept(record, trajectory, (performance.now() - startedAt) / 1000);
        },
      }).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    } else {
      // An agent may take agentTimeoutMs per action (async timeouts end the episode normally);
      // a worker without any sign of life for twice that plus a second is blocked in synchronous code.
      const blockedAfter = blockedAfterMs(options.budget?.agentTimeoutMs);
      await runOnWorkers({
        keys: toRun,
        settings,
        workers,
        concurrency,
        setup,
        imports: config.imports,
        out: options.out ?? null,
        ...(options.limiter ? { limiter: options.limiter } : {}),
        onResult: accept,
        shouldStop: stopped,
        blockedAfterMs: blockedAfter,
        onBlocked: (key, stepsDone, alongside) =>
          executeAbandoned(key, settings, blockedError(stepsDone, alongside, blockedAfter)),
      });
    }
  } catch (error) {
    // A fatal provider error, a worker that keeps dying …: what was recorded stays, resumable.
    recorder?.close();
    writeEnd('interrupted');
    throw error;
  } finally {
    useRequestLimiter(previousLimiter);
  }

  const records = keepRecords ? kept.sort(compareKeys) : [];
  const interrupted = recorded < keys.length;
  const seconds = (Date.now() - started) / 1000;
  // Once the run is complete its file is rewritten in key order: byte-identical however the
  // episodes were scheduled. A resumed run's summary is folded in the same pass over the file.
  if (inOrder) {
    inOrder.flush();
    if (recorder && !interrupted) recorder.visitInOrder(rankOf, null, { rewrite: true, expected: recorded });
    else recorder?.close();
  } else if (recorder)
    recorder.visitInOrder(rankOf, (r) => builder.add(r), { rewrite: !interrupted, expected: recorded });
  const summary = builder.summary();
  // summary.json is written only for a complete run, so its presence means "final".
  if (recorder && !interrupted) recorder.writeSummary(summary);
  const stoppedByBail = interrupted && bailed;
  writeEnd(interrupted ? 'interrupted' : 'complete', stoppedByBail ? failures : undefined);
  return {
    summary,
    records,
    highlights: builder.highlights(),
    interrupted,
    bailed: stoppedByBail,
    pending: interrupted ? keys.map(episodeId).filter((id) => !done.has(id)) : [],
    planned: keys.length,
    ran,
    seconds,
    queueFailures,
    leftQueued,
  };
}

/** A run's episode selection as its config records it: sorted, each id once. */
function episodeSelectionOf(ids: readonly string[]): string[] {
  if (ids.length === 0)
    throw new InvalidArgumentError(
      '--episode',
      ids,
      'at least one episode id',
      'pass e.g. --episode ID, or leave it out to run the whole plan',
    );
  return [...new Set(ids)].sort();
}

/** The largest `--concurrency`: beyond it a run is limited by the provider, not by the harness. */
export const MAX_CONCURRENCY = 1024;

/** Throws a clear error unless `n` is a valid `--concurrency`. */
export function assertConcurrency(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY)
    throw new InvalidArgumentError(
      '--concurrency',
      n,
      `an integer in 1..${MAX_CONCURRENCY}`,
      'pass --concurrency 8 (episodes in flight at once per worker; raise it for teams that await model calls)',
    );
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export type { RunManifest };

/**
 * Refuses to resume a directory holding records of episodes the run does not plan: putting the
 * file in plan order at the end keeps the plan's records only, so they would be lost.
 */
function refuseUnplanned(out: string, ids: readonly string[], rankOf: (id: string) => number | undefined): void {
  const unplanned = ids.filter((id) => rankOf(id) === undefined);
  if (unplanned.length === 0) return;
  throw new FaultlineError(
    `Cannot resume ${out}: its episodes.jsonl holds ${unplanned.length} record${unplanned.length === 1 ? '' : 's'} of episodes this run does not plan (first: ${unplanned[0]}). Resuming would drop ${unplanned.length === 1 ? 'it' : 'them'} when the file is put in order: move ${unplanned.length === 1 ? 'that line' : 'those lines'} (and ${unplanned.length === 1 ? 'its trajectory' : 'their trajectories'}) to another run directory, or pick another --out.`,
  );
}
