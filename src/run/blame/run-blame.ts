/**
 * `faultline blame RUN_DIR`: blame by intervention for every failed episode of a recorded run
 * (see `episode-blame.ts`), run in parallel on episode threads loaded with the run's modules, and
 * the run-level tally "replacing role R fixes N of M failures".
 */
import { join } from 'node:path';
import { BUILTINS_SETUP } from '../../builtins.js';
import { FaultlineError, InvalidArgumentError } from '../../core/errors.js';
import type { EpisodeOutcome } from '../../team/episode.js';
import type { PlannedKey } from '../episode-id.js';
import type { EpisodeSettings, ExecutedEpisode } from '../execute.js';
import { readManifest } from '../manifest.js';
import { scanRecordedEpisodes } from '../record-scan.js';
import type { EpisodeRecord } from '../records.js';
import { readTrajectory } from '../replay.js';
import { importUrls } from '../runner.js';
import type { SetupEntry } from '../setup.js';
import {
  blameEpisode,
  isBlameableFailure,
  judgeIntervention,
  type EpisodeBlame,
  type FailedEpisode,
  type TriedIntervention,
} from './episode-blame.js';
import type { Intervention } from './intervention.js';
import { BLAME_SETUP, type InterventionSpec } from './setup.js';
import { InterventionThreads } from './thread-pool.js';
import { BLAME_FORMAT } from './blame-file.js';
import { DEFAULT_MAX_INTERVENTIONS } from './defaults.js';

/** Options of {@link blameRun}. */
export interface BlameRunOptions {
  /** The run directory. */
  readonly dir: string;
  /** Only these episode ids (each must be a failed episode of the run). @defaultValue every failed episode */
  readonly episodes?: readonly string[];
  /** The registered team whose agents are the reference. @defaultValue 'oracle' */
  readonly reference?: string;
  /** Setup modules that register the run's team when it is not a built-in (an LLM team, a team file). */
  readonly setup?: readonly SetupEntry[];
  /** Modules that register the run's team or envs. @defaultValue the run's own `--import` modules */
  readonly imports?: readonly string[];
  /** Episode threads. @defaultValue 1 */
  readonly workers?: number;
  /** Episodes each thread runs at once. @defaultValue 1 */
  readonly concurrency?: number;
  /** Most interventions per failed episode, role swaps included. @defaultValue 200 */
  readonly maxInterventions?: number;
  /** Wall-clock ms an agent may take for one action. */
  readonly agentTimeoutMs?: number;
  /** Told about each episode once it is blamed (in no particular order). */
  readonly onEpisode?: (blame: EpisodeBlame) => void;
}

/** What replacing one role by its reference agent does over the run's failures. */
export interface RoleTally {
  readonly role: string;
  /** Failures the swap flips to success. */
  readonly fixes: number;
  /** Failures where the role acted (so replacing it could matter). */
  readonly of: number;
  /** Failures whose decisive step is this role's. */
  readonly blamed: number;
}

/** The result of `faultline blame`. */
export interface BlameReport {
  readonly format: typeof BLAME_FORMAT;
  readonly reference: string;
  /** Failed episodes blamed. */
  readonly failed: number;
  /** Of those, episodes with a decisive step. */
  readonly decided: number;
  /** Of those, episodes whose re-run without intervention did not reproduce the recording. */
  readonly notReproduced: number;
  /** Episodes whose blamed role is the role of the metrics' primary cause, of those where both exist. */
  readonly agreement: { readonly agree: number; readonly of: number };
  readonly roles: readonly RoleTally[];
  /** Every failed episode, in the run's order. */
  readonly episodes: readonly EpisodeBlame[];
}

export { DEFAULT_MAX_INTERVENTIONS } from './defaults.js';

/** Blames every failed episode of a recorded run (see the module comment). */
export async function blameRun(options: BlameRunOptions): Promise<BlameReport> {
  const manifest = readManifest(options.dir);
  if (!manifest)
    throw new InvalidArgumentError(
      'blame RUN_DIR',
      options.dir,
      'a run directory (with run.json)',
      'pass the --out directory of a faultline run',
    );
  const reference = options.reference ?? 'oracle';
  const maxInterventions = options.maxInterventions ?? DEFAULT_MAX_INTERVENTIONS;
  const workers = options.workers ?? 1;
  const concurrency = options.concurrency ?? 1;
  const failed = failedEpisodes(options.dir, options.episodes);
  const config = manifest.config;
  const settings: EpisodeSettings = {
    perturb: config.perturb,
    maxSteps: config.maxSteps,
    maxActionBytes: config.maxActionBytes,
    ...(options.agentTimeoutMs !== undefined ? { agentTimeoutMs: options.agentTimeoutMs } : {}),
  };
  const specs = interventionSpecs(failed, reference, maxInterventions);
  const episodes: EpisodeBlame[] = [];
  if (failed.length > 0) {
    const threads = await InterventionThreads.start(workers, {
      setup: [BUILTINS_SETUP, ...(options.setup ?? []), { url: BLAME_SETUP, options: { specs: [...specs.values()] } }],
      imports: importUrls(
        options.imports !== undefined && options.imports.length > 0 ? options.imports : config.imports,
      ),
      concurrency,
    });
    try {
      const blamed = await Promise.all(
        failed.map(async (episode) => {
          const blame = await blameEpisode(episode, {
            rerun: () => rerun(threads, keyOf(episode.record), settings),
            intervene: (intervention, role) => intervene(threads, episode.record, specs, intervention, role, settings),
            maxInterventions,
            batch: threads.capacity,
          });
          options.onEpisode?.(blame);
          return blame;
        }),
      );
      episodes.push(...blamed);
    } finally {
      await threads.close();
    }
  }
  return report(reference, episodes, failed);
}

/** The run's failed episodes (or the ones asked for), with the acting role of each step. */
function failedEpisodes(dir: string, only: readonly string[] | undefined): FailedEpisode[] {
  const wanted = only === undefined ? null : new Set(only);
  // Read line by line: only the failures asked for are kept whole; of the others, the outcome of
  // an episode named with --episode (to say why it cannot be blamed).
  const records: EpisodeRecord[] = [];
  const outcomes = new Map<string, EpisodeRecord['outcome']>();
  scanRecordedEpisodes(dir, { verifyTrajectories: true }, (r) => {
    if (wanted !== null && wanted.has(r.id)) outcomes.set(r.id, r.outcome);
    if (isBlameableFailure(r.outcome) && (wanted === null || wanted.has(r.id))) records.push(r);
  });
  for (const id of only ?? []) {
    const outcome = outcomes.get(id);
    if (outcome === undefined)
      throw new InvalidArgumentError(
        'blame --episode',
        id,
        'the id of an episode recorded in the run',
        'copy an id from the run (e.g. `faultline report DIR` or episodes.jsonl)',
      );
    if (!isBlameableFailure(outcome))
      throw new InvalidArgumentError(
        'blame --episode',
        id,
        `a failed episode (this one's outcome is ${outcome})`,
        'pick an episode whose outcome is failure, gave_up or truncated',
      );
  }
  return records.map((record) => ({
    record,
    stepRoles: readTrajectory(join(dir, record.trajectoryFile)).steps.map((s) => s.role),
  }));
}

/** One team per (run team, intervention) any failed episode needs, under a short id. */
function interventionSpecs(
  failed: readonly FailedEpisode[],
  reference: string,
  maxInterventions: number,
): Map<string, InterventionSpec> {
  const specs = new Map<string, InterventionSpec>();
  const teams = [...new Set(failed.map((f) => f.record.team))].sort();
  for (const episode of failed) {
    const base = episode.record.team;
    const team = teams.indexOf(base);
    const add = (intervention: Intervention) => {
      const key = specKey(base, intervention);
      if (!specs.has(key))
        specs.set(key, { id: `blame.${team}.${specKey('', intervention)}`, base, reference, intervention });
    };
    for (const role of new Set(episode.stepRoles)) add({ kind: 'swap', role });
    for (let step = 1; step <= Math.min(episode.stepRoles.length, maxInterventions); step++)
      add({ kind: 'step', step });
  }
  return specs;
}

function specKey(base: string, intervention: Intervention): string {
  return `${base}${base ? '.' : ''}${intervention.kind === 'swap' ? `swap.${intervention.role}` : `step.${intervention.step}`}`;
}

function keyOf(record: EpisodeRecord, team: string = record.team): PlannedKey {
  return {
    envId: record.envId,
    team,
    seed: record.seed,
    trial: record.trial,
    variant: record.variant,
    ...(record.worldSize !== undefined ? { worldSize: record.worldSize } : {}),
  };
}

async function rerun(
  threads: InterventionThreads,
  key: PlannedKey,
  settings: EpisodeSettings,
): Promise<{ digest: string; outcome: EpisodeOutcome } | null> {
  try {
    const { record } = await threads.run(key, settings);
    return { digest: record.digest, outcome: record.outcome };
  } catch {
    return null;
  }
}

async function intervene(
  threads: InterventionThreads,
  record: EpisodeRecord,
  specs: ReadonlyMap<string, InterventionSpec>,
  intervention: Intervention,
  role: string,
  settings: EpisodeSettings,
): Promise<TriedIntervention> {
  const spec = specs.get(specKey(record.team, intervention));
  if (!spec) throw new FaultlineError(`blame: no intervention was planned for ${specKey(record.team, intervention)}`);
  let done: ExecutedEpisode;
  try {
    // A thread that died under the episode (another episode's agent blocked it) is no verdict
    // on this one: it runs once more on a fresh thread before it counts as unknown.
    done = await threads
      .run(keyOf(record, spec.id), settings)
      .catch(() => threads.run(keyOf(record, spec.id), settings));
  } catch (e) {
    return { intervention, role, result: 'unknown', outcome: null, reason: (e as Error).message };
  }
  const { outcome, error } = done.record;
  const result = judgeIntervention(outcome, error?.message ?? null);
  return {
    intervention,
    role,
    result,
    outcome,
    ...(result === 'unknown' ? { reason: error?.message ?? `the episode ended ${outcome}` } : {}),
  };
}

function report(reference: string, episodes: EpisodeBlame[], failed: readonly FailedEpisode[]): BlameReport {
  const order = new Map(failed.map((f, i) => [f.record.id, i]));
  return tallyBlame(
    reference,
    [...episodes].sort((a, b) => (order.get(a.episode) ?? 0) - (order.get(b.episode) ?? 0)),
  );
}

/**
 * The report of blamed episodes, in the order given: the per-role tally, the counts and the
 * agreement with the metrics. `faultline blame --episode` uses it to fold the episodes it blamed
 * again into the run's earlier result.
 */
export function tallyBlame(reference: string, episodes: readonly EpisodeBlame[]): BlameReport {
  const roles = [...new Set(episodes.flatMap((e) => e.swaps.map((s) => s.role)))].sort();
  const both = episodes.filter((e) => e.role !== null && e.metric !== null);
  return {
    format: BLAME_FORMAT,
    reference,
    failed: episodes.length,
    decided: episodes.filter((e) => e.step !== null).length,
    notReproduced: episodes.filter((e) => !e.reproduced).length,
    agreement: { agree: both.filter((e) => e.role === e.metric?.role).length, of: both.length },
    roles: roles.map((role) => ({
      role,
      fixes: episodes.filter((e) => e.swaps.some((s) => s.role === role && s.result === 'flips')).length,
      of: episodes.filter((e) => e.swaps.some((s) => s.role === role)).length,
      blamed: episodes.filter((e) => e.role === role).length,
    })),
    episodes: [...episodes],
  };
}
