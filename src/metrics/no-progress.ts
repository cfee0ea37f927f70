/**
 * No progress (MAST FM-3.1, premature termination): the team stopped or stalled without
 * attempting the task.
 *
 * It **occurred** when the episode failed (not a crash: an agent that broke is recorded apart)
 * and, over the whole episode,
 * 1. no role changed the world (no successful write, move, delete, deploy …), and
 * 2. no goal that failed when the episode started holds at the end (the grade's `progress`:
 *    a goal that already held, such as a passing test suite, is no progress),
 * unless the stop was the correct response to a perturbation whose label is `escalate` at or
 * before it, which the team handed back by asking the user: stopping is then the remedy (a
 * change of requirement whose constraints hold only because nothing was touched excuses
 * nothing) —
 * or the recovery metric already accounts for it: a perturbation at or before the stop that the
 * team answered by giving up or getting stuck (a fault it did not retry is a failure to recover,
 * and labelling the same stop twice would count one failure in two modes).
 *
 * So a team that reads around and finishes, gives up before its first write, or waits and loops
 * on reads until the step limit made no progress; a team that asks for clarification and then
 * does the work, or takes another valid path to the goal, changed the world and did not. A team
 * that attempted the work and got it wrong (a wrong value written, a wrong answer) is judged by
 * the other modes, never by this one.
 *
 * The **stop** is where the team stopped working. After its last new tool call or question comes
 * a trailing stretch of handoffs, waits, invalid actions and repeated calls (made twice before
 * word for word by the same role) that ends the episode; its leading handoffs that delegate (to a role that
 * never handed work to the sender) pass work on, and so does the repair of a brief damaged in
 * transit (up to the step its receiver had the lost facts again); the stop is the first step after them —
 * work handed back undone, a wait, a repeat, or the finishing step itself.
 */
import { canonicalJson } from '../core/canonical.js';
import type { StepEvent } from '../team/events.js';
import type { RecoveryMetrics } from './recovery.js';
import type { Timeline } from './timeline.js';
import { isCrash, isWrite } from './timeline.js';

/** How a team that made no progress ended. */
export type StopKind = 'finished' | 'gave_up' | 'stalled';

/** Where and how a team stopped working. */
export interface Stop {
  readonly step: number;
  readonly role: string;
  readonly how: StopKind;
}

/** No progress over an episode. */
export interface NoProgressMetrics {
  /** Successful world-changing calls in the episode. */
  readonly writes: number;
  /** Some goal that failed at the start holds at the end. */
  readonly progress: boolean;
  /** The stop was the handled response to an `escalate` perturbation. */
  readonly excused: boolean;
  /** The team gave up or got stuck on a perturbation at or before the stop: a recovery failure. */
  readonly afterFault: boolean;
  /** Where the team stopped (null when the episode has no steps, or it succeeded). */
  readonly stop: Stop | null;
  readonly occurred: boolean;
}

/** Computes the no-progress metrics. Pure. */
export function analyzeNoProgress(t: Timeline, recovery: RecoveryMetrics): NoProgressMetrics {
  const writes = t.events.filter(isWrite).length;
  const stop = t.success ? null : stopOf(t, recovery);
  // Only handing the decision back excuses the stop: a change of requirement whose constraints
  // hold because nothing was touched counts as `recovered`, yet the team still never started.
  const excused =
    stop !== null &&
    recovery.responses.some((r) => r.label === 'escalate' && r.response === 'asked' && r.step <= stop.step);
  const afterFault =
    stop !== null &&
    recovery.responses.some((r) => (r.response === 'gave_up' || r.response === 'stuck') && r.step <= stop.step);
  const occurred =
    !t.success && !isCrash(t.outcome) && writes === 0 && !t.progress && !excused && !afterFault && stop !== null;
  return { writes, progress: t.progress, excused, afterFault, stop, occurred };
}

function stopOf(t: Timeline, recovery: RecoveryMetrics): Stop | null {
  const events = t.events;
  const last = events[events.length - 1];
  if (!last) return null;
  const how: StopKind = t.finishStatus === 'gave_up' ? 'gave_up' : t.finishStatus === 'done' ? 'finished' : 'stalled';
  const idle = idleSteps(events);
  let k = events.length - 1;
  // A finishing step ends the stretch but is not idle itself.
  if (last.kind === 'finish') k--;
  while (k >= 0 && idle[k]) k--;
  // Passing work on is not stopping: skip the handoffs that delegate (to a role that has never
  // handed work to the sender). The stop is where work came back undone, or the team waited,
  // repeated itself or finished.
  // Nor is repairing a damaged brief: the resend exchanges after a lost fact, and the steps from a
  // handoff damaged in transit to the one its receiver had the lost facts again.
  const exchange = resendExchanges(t);
  const repairs = recovery.responses.flatMap((r) =>
    r.site === 'handoff' && r.response === 'recovered' && r.stepsToRecover !== null
      ? [{ from: r.step, to: r.step + r.stepsToRecover }]
      : [],
  );
  const repairing = (i: number): boolean => {
    const step = (events[i] as StepEvent).step;
    return events[i]?.kind === 'handoff' && repairs.some((w) => step >= w.from && step <= w.to);
  };
  let s = k + 1;
  while (
    s < events.length - 1 &&
    (exchange.has(events[s]?.step ?? -1) || delegates(events, s, exchange) || repairing(s))
  )
    s++;
  const first = events[s] ?? last;
  return { step: first.step, role: first.role, how };
}

/**
 * The event at `i` is a handoff to a role that never handed work to its sender before (asking
 * for a damaged handoff again, in `exchange`, hands no work back).
 */
function delegates(events: readonly StepEvent[], i: number, exchange: ReadonlySet<number>): boolean {
  const e = events[i];
  if (e?.kind !== 'handoff' || e.action?.type !== 'handoff') return false;
  const to = e.action.to;
  return !events
    .slice(0, i)
    .some(
      (x) =>
        x.kind === 'handoff' &&
        x.role === to &&
        x.action?.type === 'handoff' &&
        x.action.to === e.role &&
        !exchange.has(x.step),
    );
}

/**
 * Steps of the handoffs that repair a damaged one: the receiver's next handoff back to the sender
 * (asking for it again) and the sender's next handoff to the receiver after that (the resend).
 * Both still pass the same work on; neither is where the team stopped.
 */
function resendExchanges(t: Timeline): Set<number> {
  const steps = new Set<number>();
  const asks = new Set<number>();
  const handoffs = t.events.filter((e) => e.kind === 'handoff' && e.action?.type === 'handoff');
  const toOf = (e: StepEvent): string | null => (e.action?.type === 'handoff' ? e.action.to : null);
  for (const p of t.fired) {
    // A damaged request for a resend is answered by the resend already under way (a damaged
    // resend is asked for again, like every damaged handoff).
    if (p.site !== 'handoff' || asks.has(p.step)) continue;
    const damaged = handoffs.find((e) => e.step === p.step);
    // Only a needed fact lost in transit calls for asking again (as in recovery.ts): otherwise the
    // receiver's next handoff back is its own.
    const lost = new Set(p.facts ?? []);
    if (!damaged || !(damaged.handoff?.required ?? []).some((f) => lost.has(f))) continue;
    const from = damaged.role;
    const to = toOf(damaged);
    const ask = handoffs.find((e) => e.step > p.step && e.role === to && toOf(e) === from);
    if (!ask) continue;
    steps.add(ask.step);
    asks.add(ask.step);
    const resend = handoffs.find((e) => e.step > ask.step && e.role === from && toOf(e) === to);
    if (resend) steps.add(resend.step);
  }
  return steps;
}

/**
 * Per event: the step gathered nothing new — a handoff, a wait, an invalid action, or a call the
 * role makes for the third time or more (reading a source twice is how a careful team checks it;
 * a third time is a loop), not counting the times a fault hit it.
 */
function idleSteps(events: readonly StepEvent[]): boolean[] {
  const times = new Map<string, number>();
  return events.map((e) => {
    if (e.kind === 'wait' || e.kind === 'invalid' || e.kind === 'handoff' || e.action === null) return true;
    if (e.kind === 'finish') return false;
    const key = `${e.role}\u0000${canonicalJson(e.action)}`;
    // A call a fault hit does not count: doing it again is the remedy, not a loop.
    const faulted = (e.perturbations ?? []).some((p) => p.site === 'tool-call' || p.site === 'tool-result');
    const n = (times.get(key) ?? 0) + (faulted ? 0 : 1);
    times.set(key, n);
    return n >= 3;
  });
}
