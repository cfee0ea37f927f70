/**
 * The failure-mode attributes of each step: which root causes, drift onsets, handoff audits,
 * cascade sources and perturbation responses the analysis places at a step. Pure: computed from
 * an episode's analysis alone, so a trace exported from a trajectory file read back from disk
 * carries the same attributes as one exported from the live run.
 */
import type { Attributes } from '@opentelemetry/api';
import type { EpisodeMetrics } from '../../metrics/analyze.js';
import type { StepEvent } from '../../team/events.js';
import { FAULTLINE } from './semconv.js';

/** A string-array attribute, or nothing when the list is empty. */
function list(into: Attributes, key: string, values: readonly string[]): void {
  if (values.length > 0) into[key] = [...values];
}

/**
 * The attributes of one step's span that describe the step itself: its kind, tool or handoff
 * receiver, whether it failed, and the perturbations that fired during it.
 */
export function stepEventAttributes(event: StepEvent): Attributes {
  const a: Attributes = {
    [FAULTLINE.step]: event.step,
    [FAULTLINE.role]: event.role,
    [FAULTLINE.actionType]: event.kind,
    [FAULTLINE.clock]: event.clock,
    [FAULTLINE.ok]: event.ok,
    [FAULTLINE.ledger]: event.ledger,
  };
  const action = event.action;
  if (action?.type === 'tool') a[FAULTLINE.tool] = action.tool;
  if (action?.type === 'handoff') a[FAULTLINE.handoffTo] = action.to;
  if (event.error) a[FAULTLINE.errorCode] = event.error.code;
  list(a, FAULTLINE.reads, event.reads ?? []);
  list(a, FAULTLINE.writes, event.writes ?? []);
  const fired = event.perturbations ?? [];
  if (fired.length > 0) {
    a[FAULTLINE.perturbationFired] = true;
    list(
      a,
      FAULTLINE.perturbationIds,
      fired.map((p) => p.id),
    );
    list(
      a,
      FAULTLINE.perturbationTypes,
      fired.map((p) => p.type),
    );
    list(
      a,
      FAULTLINE.perturbationKinds,
      fired.map((p) => p.kind),
    );
  }
  if (event.handoff) {
    list(a, FAULTLINE.handoffRequired, event.handoff.required);
  }
  return a;
}

/**
 * Per step number, the failure-mode attributes the analysis places there: the modes whose root
 * cause is that step (and whether it is the primary one), the handoff audit's lost and missing
 * facts, drift onsets, cascade sources, and how the team responded to a perturbation that fired
 * there. Step 0 holds what the analysis places at the reset (a perturbation that struck it); steps
 * with none are absent.
 */
export function failureModeAttributesByStep(analysis: EpisodeMetrics): ReadonlyMap<number, Attributes> {
  const byStep = new Map<number, Attributes>();
  const at = (step: number): Attributes => {
    let a = byStep.get(step);
    if (!a) byStep.set(step, (a = {}));
    return a;
  };
  const push = (step: number, key: string, value: string): void => {
    const a = at(step);
    const current = a[key];
    a[key] = Array.isArray(current) ? [...(current as string[]), value] : [value];
  };

  for (const cause of analysis.verdict.causes) {
    push(cause.step, FAULTLINE.rootOf, cause.mode);
    if (cause.mast) push(cause.step, FAULTLINE.rootMast, cause.mast);
  }
  const primary = analysis.verdict.primary;
  if (primary) {
    const a = at(primary.step);
    a[FAULTLINE.primaryMode] = primary.mode;
    a[FAULTLINE.primaryDetail] = primary.detail;
  }

  for (const h of analysis.handoffLoss.handoffs) {
    const a = at(h.step);
    list(a, FAULTLINE.handoffCarried, h.carried);
    list(a, FAULTLINE.handoffMissing, h.missing);
    list(a, FAULTLINE.handoffLost, h.lost);
    list(a, FAULTLINE.handoffHarmful, h.harmful);
    list(a, FAULTLINE.handoffMisstated, h.misstated);
    list(a, FAULTLINE.handoffTransit, h.transit);
  }
  const lossRoot = analysis.handoffLoss.root;
  if (analysis.handoffLoss.occurred && lossRoot) at(lossRoot.step)[FAULTLINE.handoffLossRoot] = true;

  for (const onset of analysis.drift.onsets) push(onset.step, FAULTLINE.driftOnset, onset.constraint);
  const driftRoot = analysis.drift.onset;
  if (analysis.drift.occurred && driftRoot) at(driftRoot.step)[FAULTLINE.driftRoot] = true;

  for (const c of analysis.cascades.cascades) {
    push(c.source.step, FAULTLINE.cascadeSource, c.source.id);
  }
  const cascadeRoot = analysis.cascades.root;
  if (analysis.cascades.occurred && cascadeRoot) at(cascadeRoot.source.step)[FAULTLINE.cascadeRoot] = true;

  for (const r of analysis.recovery.responses) {
    push(r.step, FAULTLINE.recoveryResponse, `${r.id}:${r.response}`);
  }
  const recoveryRoot = analysis.recovery.root;
  if (analysis.recovery.occurred && recoveryRoot) at(recoveryRoot.step)[FAULTLINE.recoveryRoot] = true;

  return byStep;
}
