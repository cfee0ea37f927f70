/**
 * `run.json`: what a run was asked to do (its config, used to resume and merge safely) and how it
 * went (timings, workers, shard, status). Everything that varies between identical runs lives
 * here, never in `summary.json`.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError } from '../core/errors.js';
import type { Seed } from '../core/rng.js';
import type { Shard } from './plan.js';

/** The settings that decide a run's results. Two runs with equal configs have equal results. */
export interface RunConfig {
  /** Resolved, versioned env ids, sorted. */
  readonly envs: readonly string[];
  /** Team ids, sorted. */
  readonly teams: readonly string[];
  readonly seeds: readonly Seed[];
  readonly trials: number;
  readonly variants: number;
  readonly perturb: string;
  /** The step limit override, or null for each env's own. */
  readonly maxSteps: number | null;
  /** The cap on one action's canonical JSON, in bytes (runs recorded before the cap lack it). */
  readonly maxActionBytes: number;
  /** Modules imported before running (they register custom teams or envs). */
  readonly imports: readonly string[];
  /** Infrastructure errors and agent crashes count as failures in pass^k. */
  readonly countErrors: boolean;
  /** The world size of every episode (an entity count); absent at the families' own size. */
  readonly worldSize?: number;
  /** The episodes of the plan the run is limited to (`--episode`, `--only-failed`), sorted; absent for the whole plan. */
  readonly episodes?: readonly string[];
}

/** The whole of `run.json`. */
export interface RunManifest {
  readonly format: 'faultline.run/1';
  readonly config: RunConfig;
  readonly shard: Shard | null;
  readonly status: 'running' | 'complete' | 'interrupted';
  /** Set when `--bail` stopped the run (status `interrupted`): the failed episodes it counted. */
  readonly bailedAfter?: number;
  /** Episodes in this directory's plan (the shard's slice when sharded). */
  readonly planned: number;
  readonly recorded: number;
  readonly workers: number;
  /** Episodes in flight at once per thread (absent from runs recorded before it existed). Not part of the config: results never depend on it. */
  readonly concurrency?: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** Wall-clock seconds of the last session on this directory (a resumed run counts the resumed part). */
  readonly seconds: number | null;
  readonly episodesPerSecond: number | null;
  /** Times the run was resumed. */
  readonly resumes: number;
  readonly node: string;
  /** Directories merged into this one (by `faultline merge`). */
  readonly mergedFrom?: readonly string[];
  /**
   * True when every record of this run was written with checksums: a record without one is then
   * an edit, not an older run's. Absent from runs recorded before checksums (and runs resumed
   * from one).
   */
  readonly checksums?: boolean;
  /** Set for a run on a queue: its Redis URL (without password) and its id there. */
  readonly queue?: { readonly url: string; readonly runId: string };
  /** Episodes whose queue job failed for good in the last session, with the reason. */
  readonly queueFailures?: readonly { readonly episode: string; readonly reason: string; readonly attempts: number }[];
}

/** Reads `DIR/run.json`, or null when absent. */
export function readManifest(dir: string): RunManifest | null {
  const file = join(dir, 'run.json');
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
    if (parsed.format !== 'faultline.run/1') throw new Error(`format is ${JSON.stringify(parsed.format)}`);
    return parsed;
  } catch (e) {
    throw new FaultlineError(
      `${file} is not a faultline run manifest (${(e as Error).message}). Delete the directory or pick another --out.`,
    );
  }
}

/** Writes `DIR/run.json` atomically (a crash never leaves it half-written). */
export function writeManifest(dir: string, manifest: RunManifest): void {
  const file = join(dir, 'run.json');
  writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The command-line flag that sets each config field (for the fix in a message). */
const FLAGS: Readonly<Record<keyof RunConfig, string>> = {
  envs: '--env',
  teams: '--team',
  seeds: '--seeds',
  trials: '--trials',
  variants: '--variants',
  perturb: '--perturb',
  maxSteps: '--max-steps',
  imports: '--import',
  countErrors: '--count-errors',
  maxActionBytes: '--max-action-bytes',
  worldSize: '--world-size',
  episodes: '--episode',
};

/**
 * The fields in which two configs differ, one sentence each naming both values in the words and
 * form a user types them (`seeds: the recorded run has 0-9 (10 seeds), this command has 0-4 (5
 * seeds); pass --seeds 0-9`), empty when equal. `names` says what `a` and `b` are.
 */
export function configDifferences(
  a: RunConfig,
  b: RunConfig,
  names: readonly [string, string] = ['the recorded run', 'this command'],
): string[] {
  const out: string[] = [];
  for (const field of Object.keys(FLAGS) as Array<keyof RunConfig>) {
    if (JSON.stringify(a[field]) === JSON.stringify(b[field])) continue;
    const wanted = describeField(field, a[field]);
    const fix =
      field === 'countErrors'
        ? a.countErrors
          ? 'add --count-errors'
          : 'leave out --count-errors'
        : field === 'maxSteps' && a.maxSteps === null
          ? 'leave out --max-steps'
          : field === 'worldSize' && a.worldSize === undefined
            ? 'leave out --world-size'
            : field === 'episodes' && a.episodes === undefined
              ? 'leave out --episode and --only-failed'
              : `pass ${FLAGS[field]} ${flagValue(field, a[field])}`;
    out.push(
      `${field}: ${names[0]} has ${wanted}, ${names[1]} has ${describeField(field, b[field])}; ${fix} to match ${names[0]}`,
    );
  }
  return out;
}

/** Seeds as the shortest list of ranges, as `--seeds` takes them: `0-9,100`. */
export function formatSeedList(seeds: readonly Seed[]): string {
  const sorted = [...new Set(seeds)].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(j === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function describeField(field: keyof RunConfig, value: RunConfig[keyof RunConfig]): string {
  if (field === 'seeds') {
    const seeds = value as readonly Seed[];
    return `${abbreviate(formatSeedList(seeds))} (${seeds.length} seed${seeds.length === 1 ? '' : 's'})`;
  }
  if (Array.isArray(value)) return value.length === 0 ? 'none' : abbreviate(value.join(','));
  if (value === null || value === undefined) return "each env's own";
  return abbreviate(String(value));
}

function flagValue(field: keyof RunConfig, value: RunConfig[keyof RunConfig]): string {
  if (field === 'seeds') return formatSeedList(value as readonly Seed[]);
  return Array.isArray(value) ? value.join(',') : String(value);
}

function abbreviate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
