/**
 * `faultline merge`: combines the directories of a sharded run into one run directory identical to
 * the run done in one go (same `episodes.jsonl`, trajectories and `summary.json`). It refuses
 * shards of different runs, incomplete shards, and missing or duplicated shards, naming them.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FaultlineError } from '../core/errors.js';
import { readManifest, configDifferences, writeManifest, type RunManifest } from './manifest.js';
import { discardReasons, RunRecorder } from './recorder.js';
import { scanRecordedEpisodes } from './record-scan.js';
import { planRanker } from './plan-rank.js';
import { SummaryBuilder } from './summary-builder.js';
import { containedPath } from './contained-path.js';
import { assertNoHeldRun } from './held-run.js';
import { RunLock } from './run-lock.js';
import { planEpisodes } from './plan.js';
import { episodeId } from './episode-id.js';
import type { RunSummary } from './summary.js';

/** The result of a merge. */
export interface MergeResult {
  readonly out: string;
  readonly episodes: number;
  readonly summary: RunSummary;
}

/** A shard directory and its manifest. */
interface Shard {
  readonly dir: string;
  readonly m: RunManifest;
}

/** Options of {@link mergeRuns}. */
export interface MergeOptions {
  /** Replace the run `out` already holds (refused without it). @defaultValue false */
  readonly overwrite?: boolean;
}

/** Merges shard directories into `out`. */
export function mergeRuns(dirs: readonly string[], out: string, options: MergeOptions = {}): MergeResult {
  if (dirs.length === 0)
    throw new FaultlineError('merge: pass the shard directories to merge, e.g. `faultline merge r-1 r-2 --out r`.');
  const outAbs = resolve(out);
  if (dirs.some((d) => resolve(d) === outAbs))
    throw new FaultlineError(`merge: --out ${out} is also one of the inputs; pick a new directory.`);
  const manifests = dirs.map((dir) => {
    const m = readManifest(dir);
    if (!m)
      throw new FaultlineError(
        `merge: ${dir} has no run.json, so it is not a faultline run directory (or it was written by an older version).`,
      );
    if (m.status !== 'complete')
      throw new FaultlineError(
        `merge: ${dir} is ${m.status} (${m.recorded}/${m.planned} episodes). Finish it first: repeat its command with --resume.`,
      );
    return { dir, m };
  });
  const first = manifests[0]!.m;
  for (const { dir, m } of manifests.slice(1)) {
    const diff = configDifferences(first.config, m.config, [manifests[0]!.dir, dir]);
    if (diff.length > 0)
      throw new FaultlineError(
        `merge: ${dir} is a shard of a different run than ${manifests[0]!.dir}. ${diff.map((d) => `${d}.`).join(' ')}`,
      );
  }
  checkShards(manifests);

  // One writer per run directory, from the check that it holds no run until its files are final.
  const lock = RunLock.acquire(out, 'faultline merge');
  try {
    return writeMerged(out, manifests, options);
  } finally {
    lock.release();
  }
}

/** Writes the merged run of the checked shards into `out` (its lock held). */
function writeMerged(out: string, manifests: readonly Shard[], options: MergeOptions): MergeResult {
  const outAbs = resolve(out);
  const first = (manifests[0] as Shard).m;
  assertNoHeldRun(out, {
    overwrite: options.overwrite === true,
    field: 'merge --out',
    fix: 'pass --overwrite to delete its records and merge there, or another --out',
  });
  const recorder = RunRecorder.create(out);
  mkdirSync(join(out, 'trajectories'), { recursive: true });
  // Records are copied as they are read and never held: shards of a large run are what merge is for.
  const seen = new Map<string, string>();
  for (const { dir, m } of manifests) {
    const checks = { verifyTrajectories: true, requireChecksums: m.checksums === true };
    const scan = scanRecordedEpisodes(dir, checks, (r) => {
      const other = seen.get(r.id);
      if (other !== undefined)
        throw new FaultlineError(`merge: episode ${r.id} is in both ${other} and ${dir}; the shards overlap.`);
      seen.set(r.id, dir);
      copyFileSync(join(dir, r.trajectoryFile), containedPath(out, r.trajectoryFile));
      recorder.append(r, null);
    });
    if (scan.problems.length > 0)
      throw new FaultlineError(
        `merge: ${scan.problems.length} episode record(s) of ${dir} fail their checks (${discardReasons(scan.problems)}). Run that shard again with --resume to re-run them, then merge.`,
      );
  }
  const c = first.config;
  const planned = planEpisodes({
    envIds: c.envs,
    teamIds: c.teams,
    seeds: c.seeds,
    variants: c.variants,
    trials: c.trials,
    ...(c.worldSize !== undefined ? { worldSize: c.worldSize } : {}),
  });
  // A run limited to some episodes (`--episode`, `--only-failed`) plans only those.
  const selected = c.episodes ? new Set(c.episodes) : null;
  const missing = planned.filter((k) => (selected === null || selected.has(episodeId(k))) && !seen.has(episodeId(k)));
  if (missing.length > 0)
    throw new FaultlineError(
      `merge: ${missing.length} planned episodes are in no shard (first: ${episodeId(missing[0]!)}).`,
    );
  // One pass in key order summarizes the run and rewrites its file in that order, as a run does.
  const builder = new SummaryBuilder({ countErrors: c.countErrors });
  recorder.visitInOrder(planRanker(c), (r) => builder.add(r), { rewrite: true });
  const summary = builder.summary();
  recorder.writeSummary(summary);
  const seconds = manifests.reduce((s, { m }) => s + (m.seconds ?? 0), 0);
  const merged: RunManifest = {
    format: 'faultline.run/1',
    config: c,
    shard: null,
    status: 'complete',
    planned: selected ? selected.size : planned.length,
    recorded: seen.size,
    workers: manifests.reduce((s, { m }) => s + m.workers, 0),
    startedAt: manifests.map(({ m }) => m.startedAt).sort()[0] ?? first.startedAt,
    finishedAt:
      manifests
        .map(({ m }) => m.finishedAt ?? '')
        .sort()
        .at(-1) ?? null,
    seconds: Math.round(seconds * 1000) / 1000,
    episodesPerSecond: null,
    resumes: manifests.reduce((s, { m }) => s + m.resumes, 0),
    node: first.node,
    mergedFrom: manifests.map(({ dir }) => resolve(dir)),
    ...(manifests.every(({ m }) => m.checksums === true) ? { checksums: true } : {}),
  };
  writeManifest(out, merged);
  return { out: outAbs, episodes: seen.size, summary };
}

function checkShards(manifests: readonly Shard[]): void {
  const counts = new Set(manifests.map(({ m }) => m.shard?.count ?? 1));
  if (counts.size > 1)
    throw new FaultlineError(
      `merge: the directories were split differently (${[...counts].join(' vs ')} shards); merge shards of one split.`,
    );
  const count = [...counts][0] ?? 1;
  const byIndex = new Map<number, string>();
  for (const { dir, m } of manifests) {
    const index = m.shard?.index ?? 1;
    const other = byIndex.get(index);
    if (other) throw new FaultlineError(`merge: ${other} and ${dir} are both shard ${index}/${count}.`);
    byIndex.set(index, dir);
  }
  const absent = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (absent.length > 0)
    throw new FaultlineError(
      `merge: shard${absent.length > 1 ? 's' : ''} ${absent.map((i) => `${i}/${count}`).join(', ')} missing; run ${absent.length > 1 ? 'them' : 'it'} with --shard and pass every shard directory.`,
    );
}
