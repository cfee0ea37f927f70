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
}

/** The whole of `run.json`. */
export interface RunManifest {
  readonly format: 'faultline.run/1';
  readonly config: RunConfig;
  readonly shard: Shard | null;
  readonly status: 'running' | 'complete' | 'interrupted';
  /** Episodes in this directory's plan (the shard's slice when sharded). */
  readonly planned: number;
  readonly recorded: number;
  readonly workers: number;
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

/** The fields in which two configs differ, as `field: a ≠ b` lines (empty when equal). */
export function configDifferences(a: RunConfig, b: RunConfig): string[] {
  const out: string[] = [];
  for (const field of Object.keys(a) as Array<keyof RunConfig>) {
    const x = JSON.stringify(a[field]);
    const y = JSON.stringify(b[field]);
    if (x !== y) out.push(`${field}: ${abbreviate(x)} ≠ ${abbreviate(y)}`);
  }
  return out;
}

function abbreviate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
