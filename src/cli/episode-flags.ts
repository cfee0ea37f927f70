/**
 * `--episode ID` and `--only-failed DIR` of `faultline run`: which episodes to run, and the plan
 * flags they imply when not given — the envs, teams, seeds, trials … of the ids themselves, or
 * those of the earlier run whose failed episodes run again (its run.json), like pytest's `--lf`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { listEnvs } from '../core/registry.js';
import { readManifest, formatSeedList, type RunConfig } from '../run/manifest.js';
import { scanRecordedEpisodes } from '../run/record-scan.js';
import { isFailedEpisode } from '../run/episode-verdict.js';
import { EPISODE_ID_FORM, parseEpisodeId, type EpisodeKey } from '../run/episode-id.js';
import { didYouMean } from '../run/did-you-mean.js';

/** Plan flags a selection implies, in the form the flags take. */
export interface ImpliedFlags {
  readonly env?: string[];
  readonly team?: string[];
  readonly seeds?: string;
  readonly trials?: number;
  readonly variants?: number;
  readonly worldSize?: number;
  readonly perturb?: string;
  readonly maxSteps?: number;
  readonly maxActionBytes?: number;
  readonly import?: string[];
  readonly countErrors?: boolean;
}

/** The episodes to run and the flags they imply. */
export interface EpisodeSelection {
  readonly ids: readonly string[];
  readonly implied: ImpliedFlags;
}

/** The keys of `--episode` ids, each checked: its form, and that its env is registered. */
function episodeKeys(ids: readonly string[]): EpisodeKey[] {
  const envs = listEnvs().map((s) => s.id);
  return ids.map((id) => {
    const key = parseEpisodeId(id);
    if (!key)
      throw new InvalidArgumentError(
        '--episode',
        id,
        EPISODE_ID_FORM,
        'copy the id from the run\'s episodes.jsonl (its "id" field) or from a trajectory file\'s name',
      );
    if (!envs.includes(key.envId))
      throw new InvalidArgumentError(
        '--episode',
        id,
        `an episode of a registered env (${key.envId} is not one)`,
        `${didYouMean(key.envId, envs)}run \`faultline list\` to see the envs, or register yours in a module passed with --import`,
      );
    return key;
  });
}

/** `--episode` ids, and the plan they imply: their envs, teams and seeds, trials and variants enough for each. */
export function episodeFlagSelection(ids: readonly string[]): EpisodeSelection {
  const keys = episodeKeys(ids);
  const sizes = [...new Set(keys.map((k) => k.worldSize))];
  if (sizes.length > 1)
    throw new InvalidArgumentError(
      '--episode',
      ids,
      'episodes of one world size (one run has one --world-size)',
      'run the episodes of each world size (__wSIZE in the id) in a separate run',
    );
  const worldSize = sizes[0];
  return {
    ids,
    implied: {
      env: [...new Set(keys.map((k) => k.envId))],
      team: [...new Set(keys.map((k) => k.team))],
      seeds: formatSeedList(keys.map((k) => k.seed)),
      trials: Math.max(...keys.map((k) => k.trial)) + 1,
      variants: Math.max(...keys.map((k) => k.variant ?? 0)) + 1,
      ...(worldSize !== undefined ? { worldSize } : {}),
    },
  };
}

/** The flags that reproduce a recorded config. */
function flagsOf(config: RunConfig): ImpliedFlags {
  return {
    env: [...config.envs],
    team: [...config.teams],
    seeds: formatSeedList(config.seeds),
    trials: config.trials,
    variants: config.variants,
    perturb: config.perturb,
    ...(config.worldSize !== undefined ? { worldSize: config.worldSize } : {}),
    ...(config.maxSteps !== null ? { maxSteps: config.maxSteps } : {}),
    ...(config.maxActionBytes !== undefined ? { maxActionBytes: config.maxActionBytes } : {}),
    import: [...config.imports],
    ...(config.countErrors ? { countErrors: true } : {}),
  };
}

/**
 * The failed episodes of the run recorded in `dir` (every outcome but success, see
 * `isFailedEpisode`), and that run's flags. `out` is this run's `--out`: it may not be `dir`,
 * whose records the new run would otherwise erase.
 */
export function onlyFailedSelection(dir: string, out: string | undefined): EpisodeSelection {
  const manifest = existsSync(dir) ? readManifest(dir) : null;
  if (!manifest)
    throw new InvalidArgumentError(
      '--only-failed',
      dir,
      `a run directory (written by \`faultline run --out DIR\`, with run.json and episodes.jsonl); ${existsSync(dir) ? 'this one has no run.json' : 'it does not exist'}`,
      'pass the --out directory of an earlier run',
    );
  if (out !== undefined && resolve(out) === resolve(dir))
    throw new InvalidArgumentError(
      '--out',
      out,
      'another directory than --only-failed (a new run there would erase the records it reads)',
      `pass e.g. --out ${dir.replace(/\/+$/, '')}-failed`,
    );
  const failed: string[] = [];
  scanRecordedEpisodes(dir, {}, (r) => {
    if (isFailedEpisode(r)) failed.push(r.id);
  });
  return { ids: failed, implied: flagsOf(manifest.config) };
}

/** The plan flags given on the command line, each narrowing a `--only-failed` selection. */
export interface PlanNarrowing {
  readonly envs?: readonly string[];
  readonly teams?: readonly string[];
  readonly seeds?: readonly number[];
  readonly trials?: number;
  readonly variants?: number;
  /** Given as `--world-size`: undefined there means the families' own size. */
  readonly worldSize?: number | undefined;
}

/**
 * The ids of a `--only-failed` selection that the flags given on the command line still hold:
 * `--env` or `--team` given there narrows what runs again.
 */
export function withinPlan(ids: readonly string[], plan: PlanNarrowing): string[] {
  const envs = plan.envs && new Set(plan.envs);
  const teams = plan.teams && new Set(plan.teams);
  const seeds = plan.seeds && new Set(plan.seeds);
  return ids.filter((id) => {
    const k = parseEpisodeId(id);
    return (
      k !== null &&
      (!envs || envs.has(k.envId)) &&
      (!teams || teams.has(k.team)) &&
      (!seeds || seeds.has(k.seed)) &&
      (plan.trials === undefined || k.trial < plan.trials) &&
      (plan.variants === undefined || (k.variant ?? 0) < plan.variants) &&
      (!('worldSize' in plan) || k.worldSize === plan.worldSize)
    );
  });
}
