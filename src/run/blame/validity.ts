/**
 * The validity of blame, measured: run the one-defect teams (`validity-teams.ts`), blame every
 * failed episode, and compare with where each team says its defect acted. Blame is right about
 * the role when it names the defect's role, and about the step when its decisive step is within
 * one step of the defect's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTINS_SETUP, loadBuiltins } from '../../builtins.js';
import type { Seed } from '../../core/rng.js';
import { runEvaluation } from '../runner.js';
import type { EpisodeBlame } from './episode-blame.js';
import { blameRun } from './run-blame.js';
import { ONE_DEFECT_SETUP, ONE_DEFECT_TEAMS, whereDefectActs, type OneDefectTeamId } from './validity-teams.js';

/** Options of {@link blameValidity}. */
export interface BlameValidityOptions {
  /** Env ids (resolved like `faultline run --env`). @defaultValue every built-in env */
  readonly envs?: readonly string[];
  readonly seeds: readonly Seed[];
  /** Episode threads for the runs and for blame. @defaultValue 1 */
  readonly workers?: number;
  /** Told as each team's run and blame start. */
  readonly onProgress?: (message: string) => void;
}

/** One failed episode of a one-defect team: where the defect acted and what blame said. */
export interface JudgedBlame {
  readonly team: OneDefectTeamId;
  readonly episode: string;
  readonly defect: { readonly role: string; readonly step: number } | null;
  readonly blamed: { readonly role: string | null; readonly step: number | null };
  readonly roleRight: boolean;
  readonly stepWithinOne: boolean;
  readonly stepExact: boolean;
}

/** The figures of one team (or of all, `team: 'all'`). */
export interface BlameValidityRow {
  readonly team: OneDefectTeamId | 'all';
  readonly episodes: number;
  /** Failed episodes whose defect acted (the ones judged). */
  readonly failed: number;
  readonly roleRight: number;
  readonly stepWithinOne: number;
  readonly stepExact: number;
  /** Failed episodes where no single corrected action flipped the outcome. */
  readonly undecided: number;
}

/** The result of {@link blameValidity}. */
export interface BlameValidityReport {
  readonly format: 'faultline.blame-validity/1';
  readonly envs: readonly string[];
  readonly seeds: readonly Seed[];
  readonly rows: readonly BlameValidityRow[];
  readonly judged: readonly JudgedBlame[];
}

/** Runs the experiment (see the module comment). Deterministic: the figures depend on envs and seeds only. */
export async function blameValidity(options: BlameValidityOptions): Promise<BlameValidityReport> {
  loadBuiltins();
  const workers = options.workers ?? 1;
  const root = mkdtempSync(join(tmpdir(), 'faultline-blame-validity-'));
  const rows: BlameValidityRow[] = [];
  const judged: JudgedBlame[] = [];
  let envIds: readonly string[] = [];
  try {
    for (const team of ONE_DEFECT_TEAMS) {
      options.onProgress?.(`running ${team}`);
      const dir = join(root, team);
      const run = await runEvaluation({
        envs: options.envs ?? ['all'],
        teams: [team],
        seeds: options.seeds,
        perturb: 'clean',
        out: dir,
        workers,
        setup: [BUILTINS_SETUP, ONE_DEFECT_SETUP],
        keepRecords: true,
      });
      envIds = [...new Set(run.records.map((r) => r.envId))].sort();
      options.onProgress?.(`blaming ${team}'s failures`);
      const blame = await blameRun({ dir, workers, setup: [ONE_DEFECT_SETUP] });
      const records = new Map(run.records.map((r) => [r.id, r]));
      const mine: JudgedBlame[] = [];
      for (const b of blame.episodes) {
        const record = records.get(b.episode);
        if (record) mine.push(judge(team, b, await whereDefectActs(team, record)));
      }
      judged.push(...mine);
      rows.push(row(team, run.records.length, mine));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  rows.push(
    row(
      'all',
      rows.reduce((n, r) => n + r.episodes, 0),
      judged,
    ),
  );
  return { format: 'faultline.blame-validity/1', envs: envIds, seeds: options.seeds, rows, judged };
}

function judge(team: OneDefectTeamId, blame: EpisodeBlame, defect: { role: string; step: number } | null): JudgedBlame {
  const step = blame.step;
  return {
    team,
    episode: blame.episode,
    defect,
    blamed: { role: blame.role, step },
    roleRight: defect !== null && blame.role === defect.role,
    stepWithinOne: defect !== null && step !== null && Math.abs(step - defect.step) <= 1,
    stepExact: defect !== null && step === defect.step,
  };
}

function row(team: BlameValidityRow['team'], episodes: number, judged: readonly JudgedBlame[]): BlameValidityRow {
  const failed = judged.filter((j) => j.defect !== null);
  return {
    team,
    episodes,
    failed: failed.length,
    roleRight: failed.filter((j) => j.roleRight).length,
    stepWithinOne: failed.filter((j) => j.stepWithinOne).length,
    stepExact: failed.filter((j) => j.stepExact).length,
    undecided: failed.filter((j) => j.blamed.step === null).length,
  };
}
