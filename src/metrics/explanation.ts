/**
 * What explains a violated constraint. Drift is the residual mode: an intent constraint that
 * ends violated counts as drift only when none of these causes accounts for it —
 *
 * - a **harmful context loss** explains the constraints that depend on the lost fact;
 * - a **cascade from perturbed data** that was not contained explains the constraints on the
 *   perturbed facts (or, when it names none, everything that broke after the data was first used,
 *   but an invariant a write broke: that write is evidence of its own);
 * - a **cascade from the team's own wrong value** that another role acted on (see cascade.ts)
 *   explains the constraints on its facts: the error was amplified downstream, not drifted into;
 * - an **unhandled perturbation** explains the constraints on its facts (for a memory loss,
 *   the facts the role needs); a tool fault with no facts explains the goals left unmet after it
 *   (work it blocked), and when the team gave up or ran out of steps, every unmet goal;
 * - a **crash** (agent error, timeout, env error) explains every unmet goal: the team never got
 *   to finish;
 * - **no progress** explains every unmet goal: the team never attempted them;
 * - an **injection followed** explains the invariants the obeying call broke.
 *
 * A change of requirement the team did not follow explains nothing: following the newest intent
 * is exactly what the drift metric measures.
 *
 * A constraint that depends on no fact (e.g. "the final answer states the number of changed
 * files"), or whose violation the log shows no sign of (a goal simply never met, onset `end`), is
 * collateral of whatever cause came before it: drift needs evidence of its own when another
 * cause is at hand (the declared fact dependencies of a constraint are not always all it
 * depends on — splitting the wrong module leaves the right one over the line limit).
 */
import type { CascadeMetrics } from './cascade.js';
import type { HandoffLossMetrics } from './handoff-loss.js';
import type { InjectionMetrics } from './injection.js';
import type { NoProgressMetrics } from './no-progress.js';
import type { FailureMode } from './modes.js';
import type { RecoveryMetrics } from './recovery.js';
import { isHandled, leftOut } from './recovery.js';
import { isRequirementChange } from './knowledge.js';
import type { LedgerConstraint, Timeline } from './timeline.js';
import { dependentConstraints, isCrash } from './timeline.js';

/** A cause that can explain violations. */
export interface Cause {
  readonly mode: Exclude<FailureMode, 'alignmentDrift'> | 'crash';
  readonly step: number;
  /** Constraints it explains outright. */
  readonly constraints: ReadonlySet<string>;
  /** It also explains goals whose violation starts at or after this step. */
  readonly goalsFrom?: number;
  /** It also explains any violation that starts at or after this step. */
  readonly anyFrom?: number;
}

/** The outcomes besides the four modes that can explain violations. */
export interface OutcomeCauses {
  readonly noProgress?: NoProgressMetrics;
  readonly injections?: InjectionMetrics;
}

/** Collects the causes of an episode, from the other modes' metrics. */
export function causesOf(
  t: Timeline,
  loss: HandoffLossMetrics,
  cascades: CascadeMetrics,
  recovery: RecoveryMetrics,
  outcomes: OutcomeCauses = {},
): Cause[] {
  const causes: Cause[] = [];
  // The most specific accounts first: what the team obeyed, and that it never tried.
  for (const f of outcomes.injections?.followed ?? []) {
    const broken = t.breaches.filter((b) => b.step === f.step).map((b) => b.constraint);
    causes.push({ mode: 'injectionFollowed', step: f.step, constraints: new Set(broken) });
  }
  const stop = outcomes.noProgress?.stop;
  if (outcomes.noProgress?.occurred && stop)
    causes.push({ mode: 'noProgress', step: stop.step, constraints: new Set(), goalsFrom: 0 });
  for (const h of loss.handoffs) {
    if (h.harmed.length > 0) causes.push({ mode: 'handoffContextLoss', step: h.step, constraints: new Set(h.harmed) });
  }
  for (const c of cascades.cascades) {
    if (c.source.kind === 'own-value' && c.occurred) {
      causes.push({ mode: 'cascadingErrors', step: c.source.step, constraints: new Set(c.source.constraints) });
      continue;
    }
    if (c.source.kind !== 'data' || c.contained || c.amplification === 0) continue;
    const firstUse = c.trace.items.find((i) => i.kind !== 'read')?.step ?? c.source.step;
    causes.push(
      c.source.facts.length > 0
        ? { mode: 'cascadingErrors', step: c.source.step, constraints: new Set(c.source.constraints) }
        : { mode: 'cascadingErrors', step: c.source.step, constraints: new Set(), anyFrom: firstUse },
    );
  }
  const stopped = t.finishStatus === 'gave_up' || t.outcome === 'truncated';
  for (const r of recovery.responses) {
    // Not following a change of requirement is drift itself, not an explanation of it; a fault off
    // the task's path the team went past changed nothing the task needed.
    if (isHandled(r.response) || isRequirementChange(r.type) || leftOut(r)) continue;
    const p = t.fired.find((x) => x.id === r.id);
    // A restart that names no fact wiped everything: what the role needed is what it lost.
    const facts = p?.facts?.length ? p.facts : p?.site === 'memory' ? (t.needs.get(p.role) ?? []) : [];
    causes.push({
      mode: 'recoveryFailure',
      step: r.step,
      constraints: new Set(facts.length > 0 ? dependentConstraints(t, facts).map((c) => c.id) : []),
      ...(facts.length === 0 || stopped ? { goalsFrom: stopped ? 0 : r.step } : {}),
    });
  }
  if (isCrash(t.outcome))
    causes.push({ mode: 'crash', step: t.error?.step ?? t.lastStep, constraints: new Set(), goalsFrom: 0 });
  return causes;
}

/**
 * The cause that explains a violated constraint, if any. `onset` is where its violation started
 * and `evidence` whether the log shows how (`end`: it does not).
 */
export function explain(
  causes: readonly Cause[],
  c: LedgerConstraint,
  onset: { readonly step: number; readonly evidence: string },
): Cause | null {
  for (const cause of causes) {
    if (cause.constraints.has(c.id)) return cause;
    if (cause.goalsFrom !== undefined && c.scope === 'goal' && onset.step >= cause.goalsFrom) return cause;
    if (cause.anyFrom !== undefined && onset.step >= cause.anyFrom && !ownBreach(c, onset)) return cause;
  }
  const collateral = c.facts.length === 0 || onset.evidence === 'end';
  return collateral ? (causes.find((cause) => cause.step <= onset.step) ?? null) : null;
}

/**
 * An invariant a write broke carries its own evidence (the step and role of the write): a blanket
 * cause — bad data that names no fact — does not explain it away; only a cause that names the
 * constraint does (an obeyed injection names the invariants its call broke).
 */
function ownBreach(c: LedgerConstraint, onset: { readonly evidence: string }): boolean {
  return c.scope === 'invariant' && onset.evidence === 'invariant';
}
