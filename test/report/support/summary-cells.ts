/**
 * Summary cells and comparisons built by hand for the terminal-table tests: a realistic run
 * (nine envs × four teams, three trials, faults fired), with what a test varies given as
 * overrides.
 */
import { recoveryBreakdown } from '../../../src/metrics/aggregate.js';
import type { FailureModeRates } from '../../../src/metrics/aggregate.js';
import { FAILURE_MODES, type FailureMode } from '../../../src/metrics/modes.js';
import type { CellComparison, RunComparison } from '../../../src/run/compare.js';
import type { RunSummary, SummaryCell } from '../../../src/run/summary.js';
import type { PairedDifference } from '../../../src/stats/paired.js';

/** The env ids of the built-in worlds. */
export const ENVS = [
  'deploy/diagnose-rollback-v2',
  'deploy/rollout-v2',
  'filesystem/rename-symbol-v1',
  'filesystem/split-module-v1',
  'flaky-api/migrate-records-v1',
  'flaky-api/reconcile-refunds-v1',
  'mock-web/compare-products-v1',
  'mock-web/research-report-v1',
  'pipeline/research-to-config-v1',
];

/** What a test may set on a cell. */
export interface CellSpec {
  env?: string;
  team?: string;
  episodes?: number;
  successes?: number;
  trials?: number;
  modes?: Partial<FailureModeRates>;
  errors?: number;
  usage?: SummaryCell['usage'];
  variants?: number;
}

/** One summary cell; rates follow from `episodes` and `successes`. */
export function cell(spec: CellSpec = {}): SummaryCell {
  const episodes = spec.episodes ?? 15;
  const successes = spec.successes ?? 10;
  const rate = successes / episodes;
  const trials = spec.trials ?? 3;
  const modes = Object.fromEntries(FAILURE_MODES.map((m) => [m, spec.modes?.[m] ?? 0])) as Record<FailureMode, number>;
  const ci = { low: Math.max(0, rate - 0.25), high: Math.min(1, rate + 0.18) };
  const point = (k: number) => ({ k, value: rate ** k, ci, tasks: 5 });
  const errors = spec.errors ?? 0;
  return {
    env: spec.env ?? ENVS[0]!,
    team: spec.team ?? 'brittle',
    episodes,
    successes,
    successRate: rate,
    successCi: ci,
    meanScore: 0.73,
    meanSteps: 34.7,
    meanHandoffs: 2.3,
    meanInvalidActions: 0,
    outcomes: {
      success: successes,
      failure: episodes - successes - errors,
      gave_up: 0,
      truncated: 0,
      agent_error: errors,
      timeout: 0,
      env_error: 0,
      provider_error: 0,
    },
    failureModes: modes,
    failureModeCi: Object.fromEntries(FAILURE_MODES.map((m) => [m, { low: 0, high: 0.2 }])) as Record<
      FailureMode,
      { low: number; high: number }
    >,
    consistency: {
      trials,
      tasks: 5,
      excluded: 0,
      passHat: Array.from({ length: trials }, (_, i) => point(i + 1)),
      passAt: Array.from({ length: trials }, (_, i) => point(i + 1)),
      flipRate: trials > 1 ? { value: 0.4, ci: { low: 0.1, high: 0.8 }, n: 5 } : null,
      variants: spec.variants ?? 1,
      allVariantsPass: (spec.variants ?? 1) > 1 ? { value: 0.5, ci: { low: 0.2, high: 0.8 }, n: 10 } : null,
    },
    recovery: recoveryBreakdown([]),
    usage: spec.usage ?? { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
  };
}

/** The run of the issue: every env × oracle, brittle, lossy-handoff, random under production, three trials. */
export function productionRun(): RunSummary {
  const cells: SummaryCell[] = [];
  for (const env of ENVS) {
    cells.push(cell({ env, team: 'brittle', successes: 9, modes: { recoveryFailure: 0.6, cascadingErrors: 0.067 } }));
    cells.push(cell({ env, team: 'lossy-handoff', successes: 15, modes: { handoffContextLoss: 1 } }));
    cells.push(cell({ env, team: 'oracle', successes: 15 }));
    cells.push(
      cell({
        env,
        team: 'random',
        successes: 0,
        modes: { handoffContextLoss: 1, noProgress: 0.867, recoveryFailure: 0.067, cascadingErrors: 0.067 },
      }),
    );
  }
  return summaryOf(cells);
}

/** A summary of `cells`. */
export function summaryOf(cells: readonly SummaryCell[]): RunSummary {
  return { format: 'faultline.summary/1', cells };
}

/** A paired difference from A's and B's rates. */
export function paired(rateA: number, rateB: number, significant = false, n = 15): PairedDifference {
  const difference = rateB - rateA;
  return {
    n,
    rateA,
    rateB,
    difference,
    ci: { low: difference - 0.2, high: difference + 0.2 },
    onlyA: 0,
    onlyB: 0,
    p: significant ? 0.01 : 0.5,
    significant,
  };
}

/** A comparison of production (A) with chaos (B): the flawed team loses, the oracle holds. */
export function chaosComparison(): RunComparison {
  const zero = Object.fromEntries(FAILURE_MODES.map((m) => [m, paired(0, 0)])) as Record<FailureMode, PairedDifference>;
  const cells: CellComparison[] = ENVS.flatMap((env) => [
    {
      env,
      teamA: 'brittle',
      teamB: 'brittle',
      success: paired(0.6, 0.133, true),
      failureModes: {
        ...zero,
        recoveryFailure: paired(0.6, 1, true),
        cascadingErrors: paired(0, 0.267),
        alignmentDrift: paired(0, 0.067),
      },
    },
    { env, teamA: 'oracle', teamB: 'oracle', success: paired(1, 1), failureModes: zero },
  ]);
  return {
    format: 'faultline.compare/1',
    shared: 270,
    onlyA: 0,
    onlyB: 0,
    overall: {
      ...cells[0]!,
      env: '*',
      teamA: 'brittle,oracle',
      teamB: 'brittle,oracle',
      success: paired(0.8, 0.567, true, 270),
    },
    cells,
    warnings: [
      "the runs used different perturbation profiles (A: production, B: chaos): differences mix the teams' effect with the faults'",
    ],
  };
}
