/**
 * The plain-words conclusion of a run, on summaries built by hand: ties, all-fail, one team, no
 * failure, no fault fired, baselines, provider errors — and the failed episode it points at.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RunSummary, SummaryCell } from '../../src/run/summary.js';
import type { FailureHighlight } from '../../src/run/summary-builder.js';
import { FAILURE_MODES, type FailureMode } from '../../src/metrics/modes.js';
import { RECOVERY_CLASSES, type RecoveryClass } from '../../src/metrics/recovery.js';
import { SUMMARY_OUTCOMES } from '../../src/run/summary.js';
import { describeFailure, episodeToOpen, headline } from '../../src/report/headline.js';
import type { EpisodeOutcome } from '../../src/team/episode.js';

interface CellSpec {
  readonly env?: string;
  readonly episodes: number;
  readonly successes: number;
  /** Episodes showing each mode. */
  readonly modes?: Partial<Record<FailureMode, number>>;
  readonly recovery?: Partial<Record<RecoveryClass, number>>;
  readonly offPath?: number;
  /** Trials per task (1: no pass^k beyond k = 1). */
  readonly trials?: number;
  /** pass^trials of the cell (its pass^1 is the success rate). */
  readonly passHat?: number;
  readonly providerErrors?: number;
}

const ZERO = { low: 0, high: 0 };

/** A summary cell with the given numbers (what the conclusion reads; the rest is zero). */
function cell(team: string, spec: CellSpec): SummaryCell {
  const attempted = spec.episodes - (spec.providerErrors ?? 0);
  const trials = spec.trials ?? 1;
  const tasks = Math.max(1, Math.floor(attempted / trials));
  const successRate = attempted === 0 ? 0 : spec.successes / attempted;
  const classes = Object.fromEntries(RECOVERY_CLASSES.map((c) => [c, spec.recovery?.[c] ?? 0])) as Record<
    RecoveryClass,
    number
  >;
  const fired = RECOVERY_CLASSES.reduce((n, c) => n + classes[c], 0);
  const point = (k: number) => ({
    k,
    value: k === 1 ? successRate : k === trials ? (spec.passHat ?? successRate) : successRate,
    ci: ZERO,
    tasks,
  });
  const outcomes = Object.fromEntries(SUMMARY_OUTCOMES.map((o) => [o, 0])) as Record<EpisodeOutcome, number>;
  outcomes.success = spec.successes;
  outcomes.failure = attempted - spec.successes;
  outcomes.provider_error = spec.providerErrors ?? 0;
  return {
    env: spec.env ?? 'filesystem/rename-symbol-v1',
    team,
    episodes: spec.episodes,
    successes: spec.successes,
    successRate,
    successCi: ZERO,
    meanScore: 0,
    meanSteps: 0,
    meanHandoffs: 0,
    meanInvalidActions: 0,
    outcomes,
    failureModes: Object.fromEntries(
      FAILURE_MODES.map((m) => [m, attempted === 0 ? 0 : (spec.modes?.[m] ?? 0) / attempted]),
    ) as Record<FailureMode, number>,
    failureModeCi: Object.fromEntries(FAILURE_MODES.map((m) => [m, ZERO])) as Record<FailureMode, typeof ZERO>,
    consistency: {
      trials,
      tasks,
      excluded: 0,
      passHat: Array.from({ length: trials }, (_, i) => point(i + 1)),
      passAt: Array.from({ length: trials }, (_, i) => point(i + 1)),
      flipRate: null,
      variants: 1,
      allVariantsPass: null,
    },
    recovery: {
      fired,
      offPath: spec.offPath ?? 0,
      classes,
      byType: {},
      meanStepsToRecover: null,
      handled: { value: 0, ci: ZERO, n: fired },
      handledByType: {},
    },
    usage: { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
  };
}

function summary(...cells: SummaryCell[]): RunSummary {
  return { format: 'faultline.summary/1', cells };
}

/** A run like the demo's: the oracle, two flawed teams and the random baseline, three trials. */
const MIXED = summary(
  cell('oracle', { episodes: 30, successes: 30, trials: 3, passHat: 1, recovery: { recovered: 20 } }),
  cell('brittle', {
    episodes: 30,
    successes: 20,
    trials: 3,
    passHat: 0.3,
    modes: { recoveryFailure: 10 },
    recovery: { recovered: 5, ignored_claimed_success: 9, gave_up: 6 },
  }),
  cell('drifting', {
    episodes: 30,
    successes: 0,
    trials: 3,
    passHat: 0,
    modes: { alignmentDrift: 30, cascadingErrors: 12 },
    recovery: { recovered: 18, stuck: 2 },
  }),
  cell('random', { episodes: 30, successes: 0, trials: 3, passHat: 0, modes: { noProgress: 30, cascadingErrors: 30 } }),
);

describe('headline', () => {
  it('names the most reliable team by pass^k, the dominant mode and its team, and how teams met the faults', () => {
    expect(headline(MIXED)).toEqual([
      'Most reliable: oracle, pass^3 100.0% (success 100.0% of 30 episodes); then brittle 30.0%, drifting 0.0% and random 0.0%.',
      'Most common failure mode: alignment drift, in 30 of 90 episodes of the teams other than the baselines, most often in drifting (100.0% of its episodes); by team: brittle recovery failure 33.3%, drifting alignment drift 100.0%, oracle none.',
      'Faults: 60 perturbations fired; handled (recovered or asked): oracle 100.0%, drifting 90.0%, brittle 25.0%; brittle most often ignored the fault and claimed success (9 of 20).',
    ]);
  });

  it('ranks by pass^k, not success, when trials were repeated', () => {
    const lines = headline(
      summary(
        cell('steady', { episodes: 9, successes: 6, trials: 3, passHat: 0.6 }),
        cell('lucky', { episodes: 9, successes: 8, trials: 3, passHat: 0.2 }),
      ),
    );
    expect(lines[0]).toBe('Most reliable: steady, pass^3 60.0% (success 66.7% of 9 episodes); then lucky 20.0%.');
  });

  it('ranks by success with one trial, and says what pass^k needs', () => {
    const lines = headline(
      summary(cell('oracle', { episodes: 10, successes: 10 }), cell('brittle', { episodes: 10, successes: 7 })),
    );
    expect(lines[0]).toBe(
      'Most reliable: oracle, success 100.0% of 10 episodes; then brittle 70.0% (one trial per task: pass^k needs --trials 2 or more).',
    );
  });

  it('names every team of a tie (equal as printed), in id order', () => {
    const lines = headline(
      summary(
        cell('oracle', { episodes: 9, successes: 9, trials: 3, passHat: 1 }),
        cell('lossy-handoff', { episodes: 9, successes: 9, trials: 3, passHat: 1, modes: { handoffContextLoss: 9 } }),
        cell('brittle', { episodes: 9, successes: 3, trials: 3, passHat: 0.1 }),
      ),
    );
    expect(lines[0]).toBe(
      'Most reliable, tied: lossy-handoff and oracle, pass^3 100.0% (success 100.0%); then brittle 10.0%.',
    );
    // Equal pass^k but different success: the higher success ranks first, no tie.
    const split = headline(
      summary(
        cell('a', { episodes: 9, successes: 9, trials: 3, passHat: 0.5 }),
        cell('b', { episodes: 9, successes: 6, trials: 3, passHat: 0.5 }),
      ),
    );
    expect(split[0]).toBe('Most reliable: a, pass^3 50.0% (success 100.0% of 9 episodes); then b 50.0%.');
  });

  it('says so when every episode failed', () => {
    const two = headline(
      summary(
        cell('drifting', { episodes: 6, successes: 0, modes: { alignmentDrift: 6 } }),
        cell('noop', { episodes: 6, successes: 0, modes: { noProgress: 6 } }),
      ),
    );
    expect(two[0]).toBe('No team succeeded: all 12 episodes of drifting and noop failed.');
    expect(two[1]).toBe(
      "Most common failure mode outside the baselines: alignment drift, in 6 of drifting's 6 episodes (100.0%).",
    );
    expect(headline(summary(cell('noop', { episodes: 4, successes: 0 })))[0]).toBe(
      'noop failed all 4 of its episodes.',
    );
  });

  it('speaks of the one team of a one-team run', () => {
    const lines = headline(
      summary(
        cell('oracle', { env: 'deploy/rollout-v2', episodes: 6, successes: 6, trials: 2, passHat: 1 }),
        cell('oracle', { episodes: 6, successes: 3, trials: 2, passHat: 0.25, modes: { recoveryFailure: 3 } }),
      ),
    );
    expect(lines).toEqual([
      // pass^2 over both cells, weighted by their tasks: (1 × 3 + 0.25 × 3) / 6.
      'oracle: pass^2 62.5% (success 75.0% of 12 episodes).',
      "Most common failure mode: recovery failure, in 3 of oracle's 12 episodes (25.0%).",
      'Faults: no perturbation fired, so recovery was not tested; run under a fault profile (e.g. --perturb production).',
    ]);
  });

  it('says when no failure mode was seen, and when only the baselines showed one', () => {
    const clean = headline(summary(cell('oracle', { episodes: 5, successes: 5, recovery: { recovered: 3 } })));
    expect(clean.slice(1)).toEqual([
      'No failure mode was seen in any episode.',
      'Faults: 3 perturbations fired; handled (recovered or asked): oracle 100.0%; every fault was handled.',
    ]);
    const baselinesOnly = headline(
      summary(
        cell('oracle', { episodes: 5, successes: 5 }),
        cell('noop', { episodes: 5, successes: 0, modes: { noProgress: 5 } }),
      ),
    );
    expect(baselinesOnly[1]).toBe('No failure mode was seen outside the baselines (noop no progress 100.0%).');
  });

  it('says when no perturbation fired, or only off the task path', () => {
    expect(headline(summary(cell('oracle', { episodes: 5, successes: 5, offPath: 2 })))[2]).toBe(
      "Faults: only 2 off the task's path, which no team needed to handle, so recovery was not tested; run under a fault profile (e.g. --perturb production).",
    );
  });

  it('leaves episodes that never reached their provider out, unless errors count', () => {
    const cells = summary(
      cell('llm', { episodes: 10, successes: 4, providerErrors: 2 }),
      cell('oracle', { episodes: 10, successes: 10 }),
    );
    expect(headline(cells)[0]).toMatch(/then llm 50\.0%/);
    // With --count-errors they are failed attempts (the cell's own rate says so too).
    const counted = summary(
      { ...cell('llm', { episodes: 10, successes: 4, providerErrors: 2 }), successRate: 0.4 },
      cell('oracle', { episodes: 10, successes: 10 }),
    );
    expect(headline(counted, { countErrors: true })[0]).toMatch(/then llm 40\.0%/);
    expect(headline(summary(cell('llm', { episodes: 3, successes: 0, providerErrors: 3 })))).toEqual([
      'No episode reached its model provider, so there is nothing to compare yet (re-run them with --resume).',
    ]);
    expect(headline(summary())).toEqual(['No episode was recorded.']);
  });

  it('gives the same words for the same results in any cell order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...MIXED.cells], { minLength: MIXED.cells.length }), (cells) => {
        expect(headline(summary(...cells))).toEqual(headline(MIXED));
      }),
      { numRuns: 30 },
    );
  });
});

function failure(
  team: string,
  mode: FailureMode | null,
  env = 'filesystem/rename-symbol-v1',
  seed = 0,
): FailureHighlight {
  const id = `${env.replace('/', '.')}__${team}__s${seed}__t0`;
  return {
    id,
    envId: env,
    team,
    seed,
    variant: 0,
    trial: 0,
    outcome: 'failure',
    primary: mode ? { mode, step: 7, role: 'executor', mast: null } : null,
    trajectoryFile: `trajectories/${id}.jsonl`,
  };
}

describe('episodeToOpen', () => {
  it("opens the dominant team's failure of the dominant mode, never a baseline's", () => {
    const failures = [
      failure('brittle', 'recoveryFailure'),
      failure('drifting', 'cascadingErrors'),
      failure('drifting', 'alignmentDrift', 'filesystem/rename-symbol-v1', 1),
      failure('random', 'noProgress'),
    ];
    expect(episodeToOpen(MIXED, failures)?.id).toBe('filesystem.rename-symbol-v1__drifting__s1__t0');
  });

  it('falls back to the first failure with a team failure mode, then to the first failure', () => {
    expect(
      episodeToOpen(MIXED, [
        failure('brittle', 'noProgress'),
        failure('brittle', 'recoveryFailure', 'deploy/rollout-v2'),
      ])?.id,
    ).toBe('deploy.rollout-v2__brittle__s0__t0');
    expect(episodeToOpen(MIXED, [failure('brittle', null), failure('random', 'cascadingErrors')])?.id).toBe(
      'filesystem.rename-symbol-v1__brittle__s0__t0',
    );
    expect(episodeToOpen(MIXED, [failure('random', 'cascadingErrors'), failure('noop', 'noProgress')])).toBeNull();
  });

  it('describes the failure with where its primary mode began', () => {
    expect(describeFailure(failure('drifting', 'alignmentDrift'))).toBe(
      'drifting failed filesystem/rename-symbol-v1 (seed 0, trial 0) with alignment drift from step 7 (executor)',
    );
    expect(describeFailure({ ...failure('brittle', null), outcome: 'gave_up', variant: 2 })).toBe(
      'brittle failed filesystem/rename-symbol-v1 (seed 0, variant 2, trial 0) with outcome gave_up',
    );
  });
});
