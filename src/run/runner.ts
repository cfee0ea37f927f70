/**
 * The runner: every (env × team × seed × trial), in a fixed order, recorded as it goes.
 */
import { spec as specOf, listEnvs } from '../core/registry.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { Seed } from '../core/rng.js';
import { findTeam, listTeams, type Team } from '../team/agent.js';
import { runEpisode, type EpisodeBudget, type EpisodeResult } from '../team/episode.js';
import { RunRecorder } from './recorder.js';
import { perturbationEngine } from '../team/perturbation.js';
import { toEpisodeRecord, type EpisodeRecord } from './records.js';
import { summarize, type RunSummary } from './summary.js';

/** What to run. */
export interface RunOptions {
  /** Env ids, or `['all']` for every registered env. */
  readonly envs: readonly string[];
  /** Team ids (registered teams). */
  readonly teams: readonly string[];
  readonly seeds: readonly Seed[];
  /** @defaultValue 1 */
  readonly trials?: number;
  /** Run directory; nothing is written when omitted. */
  readonly out?: string;
  readonly budget?: EpisodeBudget;
  /** The perturbation profile. @defaultValue 'clean' */
  readonly perturb?: string;
  /** Called after each episode (for progress output). */
  readonly onEpisode?: (record: EpisodeRecord, done: number, total: number) => void;
}

/** The outcome of a run. */
export interface RunResult {
  readonly summary: RunSummary;
  readonly records: readonly EpisodeRecord[];
}

/** Resolves `all` and validates env ids (clear error for unknown ones). */
export function resolveEnvIds(ids: readonly string[]): string[] {
  if (ids.length === 1 && ids[0] === 'all') return listEnvs().map((s) => s.id);
  return ids.map((id) => specOf(id).id);
}

/** Resolves team ids to registered teams (clear error for unknown ones). */
export function resolveTeams(ids: readonly string[]): Team[] {
  return ids.map((id) => {
    const team = findTeam(id);
    if (!team) {
      throw new InvalidArgumentError('--team', id, `a registered team (${listTeams().map((t) => t.id).join(', ')})`, 'run `faultline list` to see the teams');
    }
    return team;
  });
}

/** Validates a perturbation profile id (clear error listing the profiles). */
export function resolveProfile(id: string): string {
  const engine = perturbationEngine();
  if (id === 'clean' || engine?.hasProfile(id)) return id;
  const known = ['clean', ...(engine?.profiles().map((p) => p.id).filter((p) => p !== 'clean') ?? [])];
  throw new InvalidArgumentError('--perturb', id, `a perturbation profile (${known.join(', ')})`, 'run `faultline list` to see the profiles');
}

/** Runs every episode of the plan in (env, team, seed, trial) order. */
export async function runEvaluation(options: RunOptions): Promise<RunResult> {
  const envIds = resolveEnvIds(options.envs);
  const teams = resolveTeams(options.teams);
  const trials = options.trials ?? 1;
  if (!Number.isInteger(trials) || trials < 1) throw new InvalidArgumentError('--trials', trials, 'an integer >= 1', 'pass --trials 1');
  if (options.seeds.length === 0) throw new InvalidArgumentError('--seeds', options.seeds, 'at least one seed', 'pass --seeds 0-49');
  const perturb = options.perturb ?? 'clean';
  resolveProfile(perturb);
  const recorder = options.out ? new RunRecorder(options.out) : null;
  const total = envIds.length * teams.length * options.seeds.length * trials;
  const records: EpisodeRecord[] = [];
  const sortedTeams = [...teams].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const envId of [...envIds].sort()) {
    const maxSteps = options.budget?.maxSteps ?? specOf(envId).maxEpisodeSteps ?? 1000;
    for (const team of sortedTeams) {
      for (const seed of options.seeds) {
        for (let trial = 0; trial < trials; trial++) {
          const result: EpisodeResult = await runEpisode({ env: envId, team, seed, trial, perturb, budget: { ...options.budget, maxSteps } });
          const record = recorder ? recorder.record(result, maxSteps) : toEpisodeRecord(result);
          records.push(record);
          options.onEpisode?.(record, records.length, total);
        }
      }
    }
  }
  const summary = summarize(records);
  recorder?.writeSummary(summary);
  return { summary, records };
}
