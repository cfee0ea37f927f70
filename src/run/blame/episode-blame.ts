/**
 * Blame for one failed episode, by intervention: re-run it as recorded (it must fail again the
 * same way), then with each role replaced by its reference agent, then with one action at a time
 * corrected — the earliest step first — until a single corrected action flips failure to
 * success. That step is the decisive step and its role is the one blamed: a role swap can flip a
 * failure whose cause lies upstream (a privileged reference executor does not need the brief it
 * was sent), so swaps are listed but the step decides.
 */
import type { EpisodeRecord } from '../records.js';
import { INFRASTRUCTURE_OUTCOMES, type EpisodeOutcome } from '../../team/episode.js';
import { SAME_ACTION_MARK, type Intervention } from './intervention.js';

/** What became of one intervened episode. */
export type InterventionResult =
  /** It succeeded: the intervention flips the failure. */
  | 'flips'
  /** It failed again. */
  | 'holds'
  /** The reference action equals the team's own: nothing to correct at that step. */
  | 'same'
  /** It could not be judged: an infrastructure outcome (a model answer not recorded, offline), or a thread error. */
  | 'unknown';

/** One intervention and its result. */
export interface TriedIntervention {
  readonly intervention: Intervention;
  /** The role the intervention replaced (the acting role of a step). */
  readonly role: string;
  readonly result: InterventionResult;
  /** The intervened episode's outcome, or null when it did not run. */
  readonly outcome: EpisodeOutcome | null;
  /** Why it is unknown, when it is. */
  readonly reason?: string;
}

/** A failed episode as recorded: what blame needs from its record and trajectory. */
export interface FailedEpisode {
  readonly record: EpisodeRecord;
  /** The acting role of every recorded step, in order (index 0 is step 1). */
  readonly stepRoles: readonly string[];
}

/** The blame of one failed episode. */
export interface EpisodeBlame {
  readonly episode: string;
  readonly outcome: EpisodeOutcome;
  /** Whether re-running the episode as recorded gave the recorded trajectory (digest). */
  readonly reproduced: boolean;
  /** The blamed role: the role of the decisive step (null when no single corrected action flips it). */
  readonly role: string | null;
  /** The earliest decisive step (null when none was found within the bound). */
  readonly step: number | null;
  /** Every intervention found to flip the failure: each role swap that does, and the decisive step. */
  readonly flips: readonly (Intervention & { readonly role: string })[];
  /** Every role swap, with its result. */
  readonly swaps: readonly TriedIntervention[];
  /** Steps whose correction could not be judged, before the decisive step. */
  readonly unknownSteps: readonly number[];
  /** Step interventions judged (the bound cuts them at `--max-interventions` minus the swaps). */
  readonly stepsTried: number;
  /** True when the bound stopped the search before a decisive step was found. */
  readonly bounded: boolean;
  /** Why the first intervention that could not be judged was not (absent when all were). */
  readonly problem?: string;
  /** The metrics' primary cause of the failure, for comparison. */
  readonly metric: { readonly mode: string; readonly step: number; readonly role: string } | null;
}

/** Runs one intervention of the episode and says what became of it. */
export type RunIntervention = (intervention: Intervention, role: string) => Promise<TriedIntervention>;

/** What {@link blameEpisode} is given besides the episode. */
export interface BlameEpisodeOptions {
  /** Re-runs the episode without intervention: resolves with its digest and outcome, or null if it did not run. */
  readonly rerun: () => Promise<{ digest: string; outcome: EpisodeOutcome } | null>;
  readonly intervene: RunIntervention;
  /** Most interventions for this episode, swaps included. */
  readonly maxInterventions: number;
  /** Step interventions run at once (more than one may run past the decisive step; the result does not change). */
  readonly batch: number;
}

/** Blames one failed episode (see the module comment). Deterministic whatever `batch` is. */
export async function blameEpisode(failed: FailedEpisode, options: BlameEpisodeOptions): Promise<EpisodeBlame> {
  const { record, stepRoles } = failed;
  const roles = [...new Set(stepRoles)];
  const [again, ...swaps] = await Promise.all([
    options.rerun(),
    ...roles.slice(0, options.maxInterventions).map((role) => options.intervene({ kind: 'swap', role }, role)),
  ]);
  const budget = Math.max(0, options.maxInterventions - swaps.length);
  const steps = stepRoles.slice(0, budget).map((role, i) => ({ step: i + 1, role }));
  const unknownSteps: number[] = [];
  let problem = swaps.find((r) => r.result === 'unknown' && r.reason !== undefined)?.reason;
  let decisive: TriedIntervention | null = null;
  let tried = 0;
  for (let at = 0; at < steps.length && decisive === null; at += options.batch) {
    const batch = steps.slice(at, at + options.batch);
    const results = await Promise.all(batch.map((s) => options.intervene({ kind: 'step', step: s.step }, s.role)));
    for (const r of results) {
      tried++;
      if (r.result === 'flips') {
        decisive = r;
        break;
      }
      if (r.result === 'unknown' && r.intervention.kind === 'step') {
        unknownSteps.push(r.intervention.step);
        problem ??= r.reason;
      }
    }
  }
  const decisiveStep = decisive?.intervention.kind === 'step' ? decisive.intervention.step : null;
  const flips = [
    ...swaps.filter((s) => s.result === 'flips').map((s) => ({ ...s.intervention, role: s.role })),
    ...(decisive && decisiveStep !== null ? [{ kind: 'step' as const, step: decisiveStep, role: decisive.role }] : []),
  ];
  const primary = record.metrics?.primary ?? null;
  return {
    episode: record.id,
    outcome: record.outcome,
    reproduced: again !== null && again.digest === record.digest && again.outcome === record.outcome,
    role: decisive?.role ?? null,
    step: decisiveStep,
    flips,
    swaps,
    unknownSteps,
    stepsTried: tried,
    bounded: decisive === null && stepRoles.length > budget,
    ...(problem !== undefined ? { problem } : {}),
    metric: primary ? { mode: primary.mode, step: primary.step, role: primary.role } : null,
  };
}

/** The result of an intervened episode, from its outcome and error message. */
export function judgeIntervention(outcome: EpisodeOutcome, error: string | null): InterventionResult {
  if (error !== null && error.includes(SAME_ACTION_MARK)) return 'same';
  if (outcome === 'success') return 'flips';
  return INFRASTRUCTURE_OUTCOMES.has(outcome) ? 'unknown' : 'holds';
}

/** Whether an episode outcome is a failure blame explains (not a success, not the infrastructure's). */
export function isBlameableFailure(outcome: EpisodeOutcome): boolean {
  return outcome !== 'success' && !INFRASTRUCTURE_OUTCOMES.has(outcome);
}
