/**
 * Recovery: for every perturbation that fired, what the team did about it, judged against the
 * perturbation's recovery label. A persistent perturbation (a retired tool) that fires on every
 * call is one perturbation, judged from its first firing.
 *
 * A response is `recovered` when the label's remedy shows in the log —
 * - `retry` (tool faults): the same tool call (same tool, same arguments) later succeeded;
 * - `wait`: it later succeeded after at least `retryAfter` ticks (from the error's `detail`, else
 *   the plan's `params.retryAfter`);
 * - `fallback`: the documented fallback for that failure (the plan's `params.fallback`, else the
 *   error's `detail.fallback`) or the original call later succeeded — another tool called with
 *   the same arguments is not a fallback;
 * - `clarify`: the role met by it (any role, for a request) asked the user afterwards, or got the
 *   lost facts again (a teammate resent them) — or nothing lost mattered (every constraint on its
 *   facts holds);
 * - `escalate` (a restart): a teammate briefed the role again;
 * - `verify` and `ignore` on bad data (kind `data`): the data never reached a write, handoff or
 *   answer, or its cascade was contained (taint.ts decides, by value);
 * - `ignore` otherwise: the episode was unaffected (no facts named, or their constraints hold);
 * - a requirement change: the team followed it (`followedChange`: the constraints on the changed
 *   facts hold at the end, or it acted on every changed fact's new value — a constraint still
 *   violated then has another cause, e.g. a hedged answer, charged where it happened);
 * — and, for anything but bad data and faulted tool calls, when the episode succeeded anyway
 * (the effect did not persist). A faulted call the team never made again is not excused by a
 * lucky success. Otherwise the response is, in this order: `crashed` (the agent failed or timed out
 * after it fired), `asked` (an `escalate` label met by an ask or by giving up; any other label
 * met by an ask, unless the team then claimed success), `stuck` (the same failing action three
 * times in a row, the faulted call included), `gave_up`, `ignored_claimed_success` (finished
 * `done` while the effect persisted), and `stuck` for an episode that ran out of steps.
 *
 * A tool fault that caught a call off the task's path (`offPath`: no write, no read the task
 * learns from or edits on — see `src/perturb/path.ts`) is still classified but labelled
 * `offPath`: the task never needed that call, so no recovery was due, and a team that went past
 * it counts neither for recovery rates nor for the mode ({@link leftOut}). Only a team that
 * stopped over it (gave up, got stuck, crashed) is still charged: then the fault did fail the
 * task. A persistent fault is judged from its first firing on the path, when it has one.
 *
 * The mode **occurred** when some fired perturbation that is not {@link leftOut} is neither
 * `recovered` nor `asked`.
 */
import { canonicalJson } from '../core/canonical.js';
import type { StepEvent } from '../team/events.js';
import type { FiredPerturbation, PerturbationKind, PerturbationSite, RecoveryLabel } from '../team/perturbation.js';
import type { CascadeMetrics } from './cascade.js';
import { statedFacts } from './handoff-loss.js';
import type { KnowledgeLog } from './knowledge.js';
import { isRequirementChange } from './knowledge.js';
import type { Timeline } from './timeline.js';
import { dependentConstraints, followedChange, isCrash, lastSatisfiedStep } from './timeline.js';

/** How a team responded to one perturbation. */
export type RecoveryClass = 'recovered' | 'asked' | 'ignored_claimed_success' | 'stuck' | 'gave_up' | 'crashed';

/** Every class, in report order. */
export const RECOVERY_CLASSES: readonly RecoveryClass[] = [
  'recovered',
  'asked',
  'ignored_claimed_success',
  'stuck',
  'gave_up',
  'crashed',
];

/** The classes that count as handling a perturbation well. */
export function isHandled(c: RecoveryClass): boolean {
  return c === 'recovered' || c === 'asked';
}

/**
 * Whether a response is left out of recovery rates and the mode: a tool fault off the task's path
 * that the team went past (recovered, asked, or carried on). One it stopped over still counts.
 */
export function leftOut(r: { readonly offPath?: true; readonly response: RecoveryClass }): boolean {
  return r.offPath === true && r.response !== 'gave_up' && r.response !== 'stuck' && r.response !== 'crashed';
}

/** The team's response to one fired perturbation. */
export interface PerturbationResponse {
  readonly id: string;
  readonly type: string;
  readonly kind: PerturbationKind;
  readonly site: PerturbationSite;
  readonly label: RecoveryLabel;
  readonly step: number;
  readonly role: string;
  readonly response: RecoveryClass;
  /** Steps from the perturbation to the recovering action (null when not measurable). */
  readonly stepsToRecover: number | null;
  /** A short account of the evidence. */
  readonly reason: string;
  /** The fault caught only calls off the task's path (see {@link leftOut}). */
  readonly offPath?: true;
}

/** Recovery over an episode. */
export interface RecoveryMetrics {
  readonly responses: readonly PerturbationResponse[];
  /** Some fired perturbation, not {@link leftOut}, was neither recovered nor asked about. */
  readonly occurred: boolean;
  /** The earliest perturbation, not {@link leftOut}, that was not handled. */
  readonly root: PerturbationResponse | null;
}

/** Computes the recovery metrics. */
export function analyzeRecovery(t: Timeline, knowledge: KnowledgeLog, cascades: CascadeMetrics): RecoveryMetrics {
  // A persistent perturbation (a retired tool) fires on every call it catches; the team's response
  // to it is one response, judged from its first firing on the task's path (else its first).
  const first = new Map<string, FiredPerturbation>();
  for (const p of t.fired) {
    const seen = first.get(p.id);
    if (!seen || (seen.offPath && !p.offPath)) first.set(p.id, p);
  }
  const responses = [...first.values()].sort((a, b) => a.step - b.step).map((p) => respond(t, knowledge, cascades, p));
  const root = responses.find((r) => !leftOut(r) && !isHandled(r.response)) ?? null;
  return { responses, occurred: root !== null, root };
}

/** A recovering action found in the log: at which step (null: not a single step), and why. */
interface Remedy {
  readonly at: number | null;
  readonly reason: string;
}

function respond(
  t: Timeline,
  knowledge: KnowledgeLog,
  cascades: CascadeMetrics,
  p: FiredPerturbation,
): PerturbationResponse {
  const base = {
    id: p.id,
    type: p.type,
    kind: p.kind,
    site: p.site,
    label: p.recovery,
    step: p.step,
    role: p.role,
    ...(p.offPath ? { offPath: true as const } : {}),
  };
  // Whatever the label, an episode that succeeded shows the effect did not persist — except for
  // bad data, whose traces in the final state the taint metric checks exactly.
  // A faulted call never made again, a damaged handoff never re-requested, a lost memory never
  // re-briefed: the team did not recover, and a lucky success does not excuse it.
  const mustAct = mustActOn(t, p);
  const remedy =
    remedyOf(t, knowledge, cascades, p) ??
    (t.success && p.kind !== 'data' && !mustAct
      ? { at: null, reason: 'the episode succeeded: the effect did not persist' }
      : null);
  if (remedy)
    return withOffPath(base, {
      response: 'recovered',
      stepsToRecover: remedy.at === null ? null : Math.max(0, remedy.at - p.step),
      reason: remedy.reason,
    });
  const [response, reason] = failureClass(t, p);
  const asked = firstAfter(t, responseFrom(p), (e) => e.kind === 'ask');
  return withOffPath(base, {
    response,
    stepsToRecover: response === 'asked' && asked ? asked.step - p.step : null,
    reason,
  });
}

/**
 * A response with its `offPath` label last (so that responses on the path read as before). Written
 * field by field: spreading `base` and adding the judged fields made V8 (Node 20) add keys to a
 * copy, several times slower, for every perturbation of every episode analysed.
 */
function withOffPath(
  base: Omit<PerturbationResponse, 'response' | 'stepsToRecover' | 'reason'>,
  judged: Pick<PerturbationResponse, 'response' | 'stepsToRecover' | 'reason'>,
): PerturbationResponse {
  const { id, type, kind, site, label, step, role } = base;
  const { response, stepsToRecover, reason } = judged;
  return base.offPath
    ? { id, type, kind, site, label, step, role, response, stepsToRecover, reason, offPath: true }
    : { id, type, kind, site, label, step, role, response, stepsToRecover, reason };
}

/**
 * Perturbations whose label demands an action: not taking it is a failure even if nothing broke.
 * A damaged handoff demands one only if the receiver needed facts from it (a damaged request for
 * a resend, say, still gets its answer).
 */
function mustActOn(t: Timeline, p: FiredPerturbation): boolean {
  const toolSite = p.site === 'tool-call' || p.site === 'tool-result';
  if (toolSite) return p.recovery === 'retry' || p.recovery === 'wait' || p.recovery === 'fallback';
  if (p.site === 'handoff') {
    // Only a fact the receiver still needed, lost in transit, calls for a re-request.
    const audit = t.events.find((e) => e.step === p.step)?.handoff;
    const lost = new Set(p.facts ?? []);
    return (audit?.required ?? []).some((f) => lost.has(f));
  }
  return p.site === 'memory';
}

function remedyOf(t: Timeline, knowledge: KnowledgeLog, cascades: CascadeMetrics, p: FiredPerturbation): Remedy | null {
  if (isRequirementChange(p.type)) {
    const deps = dependentConstraints(t, p.facts ?? []);
    if (!followedChange(t, p.step, p.facts ?? [])) return null;
    const at = lastSatisfiedStep(t, deps, p.step);
    const reason = deps.some((c) => t.violated.has(c.id))
      ? 'the team acted on the changed facts (a constraint still violated has another cause)'
      : 'the constraints on the changed facts hold at the end (the newest intent won)';
    return { at: at ?? p.step, reason };
  }
  const toolSite = p.site === 'tool-call' || p.site === 'tool-result';
  switch (p.recovery) {
    case 'retry':
    case 'wait':
    case 'fallback': {
      if (toolSite) {
        return retried(t, p);
      }
      return effectGone(t, knowledge, p);
    }
    case 'clarify': {
      // Asking the user, or getting the lost facts from a teammate again (a resend), settles it.
      const ask = firstAfter(
        t,
        responseFrom(p),
        (e) => e.kind === 'ask' && (e.role === p.role || p.site !== 'handoff'),
      );
      const regained = regainedAt(t, knowledge, p);
      const at = Math.min(ask?.step ?? Infinity, regained ?? Infinity);
      if (at !== Infinity)
        return {
          at,
          reason:
            ask?.step === at
              ? `the ${ask.role} asked the user`
              : `the ${p.role} got ${(p.facts ?? []).join(', ')} again`,
        };
      if (p.site === 'handoff' && mustActOn(t, p)) {
        // A damaged brief must be re-requested: asking the sender back counts, silence does not.
        const sender = t.events.find((e) => e.step === p.step)?.role;
        const back = firstAfter(
          t,
          p.step,
          (e) => e.kind === 'handoff' && e.role === p.role && e.handoff?.to === sender,
        );
        const reRequested =
          back &&
          t.events.some(
            (e) => e.step > back.step && e.kind === 'handoff' && e.role === sender && e.handoff?.to === p.role,
          );
        return reRequested ? { at: back.step, reason: `the ${p.role} asked for the brief again` } : null;
      }
      // A damaged brief that cost its receiver nothing it still needed (a cut request for a
      // resend, facts it already knew) left nothing to recover from, whatever else went wrong.
      if (p.site === 'handoff')
        return { at: null, reason: `the ${p.role} lost nothing it still needed from the damaged handoff` };
      // Nothing asked: fine only if nothing was lost that mattered.
      return effectGone(t, knowledge, p);
    }
    case 'escalate': {
      // A role that lost its memory is back on track once a teammate briefed it again; asking the
      // user is handled below as `asked`.
      const rebriefed =
        p.site === 'memory'
          ? firstAfter(t, p.step, (e) => e.kind === 'handoff' && e.handoff?.to === p.role && briefs(e))
          : undefined;
      return rebriefed ? { at: rebriefed.step, reason: `the ${rebriefed.role} briefed the ${p.role} again` } : null;
    }
    case 'verify': {
      const judged = dataJudged(cascades, p);
      if (judged !== undefined) return judged;
      if (toolSite && retried(t, p))
        return { at: (retried(t, p) as Remedy).at, reason: 'the result was fetched again' };
      return effectGone(t, knowledge, p);
    }
    case 'ignore': {
      // Bad data to be ignored (a distractor, an injected instruction) is judged by where it went.
      const judged = dataJudged(cascades, p);
      if (judged !== undefined) return judged;
      // Otherwise nothing to recover from, unless it touched facts that the end state got wrong.
      if (!p.facts?.length || dependentConstraints(t, p.facts).every((c) => !t.violated.has(c.id)))
        return { at: p.step, reason: 'the episode was unaffected' };
      return null;
    }
  }
}

/**
 * For a data perturbation: recovered when its data never reached a write, handoff or answer, or
 * its cascade was contained; not recovered otherwise. Undefined for other perturbations.
 */
function dataJudged(cascades: CascadeMetrics, p: FiredPerturbation): Remedy | null | undefined {
  const cascade = cascades.cascades.find((c) => c.source.kind === 'data' && c.source.id === p.id);
  if (!cascade) return undefined;
  if (cascade.amplification === 0)
    return { at: null, reason: 'the perturbed data never reached a write, handoff or answer' };
  if (cascade.contained) return { at: null, reason: 'the perturbed data spread but was contained before the end' };
  return null;
}

/**
 * A tool fault's call, repeated with success afterwards (after `retryAfter` ticks for `wait`),
 * or — for `fallback` — its documented fallback.
 */
function retried(t: Timeline, p: FiredPerturbation): Remedy | null {
  const index = t.events.findIndex((e) => e.step === p.step && e.kind === 'tool');
  const faulted = t.events[index];
  if (!faulted) return null;
  const call = callKey(faulted);
  const planned = t.planned.get(p.id)?.params ?? {};
  const retryAfter = numberOr(faulted.error?.detail?.['retryAfter'], numberOr(planned['retryAfter'], 0));
  const fallback =
    typeof planned['fallback'] === 'string'
      ? planned['fallback']
      : typeof faulted.error?.detail?.['fallback'] === 'string'
        ? faulted.error.detail['fallback']
        : null;
  // The rate-limit window opens at the clock the faulted call started at.
  const start = index > 0 ? (t.events[index - 1] as StepEvent).clock : 0;
  // A retry is the faulted role's next tool call: the same call again (waits and asks may come
  // between, and it may fail again and be retried), or the same call through its fallback.
  for (let i = index + 1; i < t.events.length; i++) {
    const e = t.events[i] as StepEvent;
    if (e.kind !== 'tool' || e.role !== p.role) continue;
    const same = callKey(e) === call;
    // Only the documented fallback stands in for a retired tool: a look-alike tool called with the
    // same arguments is not what the error said to use.
    const viaFallback = fallback !== null && toolOf(e) === fallback;
    if (!same && !viaFallback) return null;
    if (!e.ok || e.perturbations?.some((x) => x.id === p.id)) continue;
    const before = (t.events[i - 1] as StepEvent).clock;
    if (p.recovery === 'wait' && before - start < retryAfter) continue;
    if (same)
      return {
        at: e.step,
        reason:
          p.recovery === 'wait'
            ? `retried after ${before - start} ticks (retry-after ${retryAfter})`
            : 'the same call later succeeded',
      };
    return { at: e.step, reason: `the fallback ${toolOf(e)} succeeded` };
  }
  return null;
}

/**
 * The step at which the role met by the perturbation had every fact it lost again, or null. A
 * memory loss that names no fact lost everything: what counts is what the role needs.
 */
function regainedAt(t: Timeline, knowledge: KnowledgeLog, p: FiredPerturbation): number | null {
  const facts = p.facts?.length ? p.facts : p.site === 'memory' ? (t.needs.get(p.role) ?? []) : [];
  if (facts.length === 0) return null;
  const regained = facts.map((f) => knowledge.toldAfter(p.role, f, p.step));
  return regained.every((s) => s !== null) ? Math.max(...regained) : null;
}

/**
 * For perturbations on facts (a handoff damaged in transit, a wiped memory, a hidden fact):
 * recovered when the role got the facts again, or when nothing that depends on them broke.
 */
function effectGone(t: Timeline, knowledge: KnowledgeLog, p: FiredPerturbation): Remedy | null {
  const facts = p.facts ?? [];
  if (facts.length === 0) return t.success ? { at: null, reason: 'the episode succeeded' } : null;
  const regained = regainedAt(t, knowledge, p);
  if (regained !== null) return { at: regained, reason: `the ${p.role} got ${facts.join(', ')} again` };
  if (dependentConstraints(t, facts).every((c) => !t.violated.has(c.id)))
    return { at: null, reason: `every constraint on ${facts.join(', ')} holds at the end` };
  return null;
}

function failureClass(t: Timeline, p: FiredPerturbation): [RecoveryClass, string] {
  if (isCrash(t.outcome) && (t.error === null || t.error.step >= p.step))
    return ['crashed', `the episode ended with ${t.outcome}`];
  const asked = firstAfter(t, responseFrom(p), (e) => e.kind === 'ask');
  if (p.recovery === 'escalate' && (asked || t.finishStatus === 'gave_up'))
    return ['asked', asked ? `the ${asked.role} asked the user` : 'the team stopped and reported it'];
  if (asked && t.finishStatus !== 'done') return ['asked', `the ${asked.role} asked the user`];
  const loop = repeatedFailure(t, p.step);
  if (loop)
    return [
      'stuck',
      `the ${loop.role} repeated a failing ${loop.kind} action ${loop.times} times from step ${loop.step}`,
    ];
  if (t.finishStatus === 'gave_up') return ['gave_up', 'the team gave up'];
  if (t.finishStatus === 'done')
    return ['ignored_claimed_success', 'the team finished as done while the effect persisted'];
  return [
    'stuck',
    t.outcome === 'truncated'
      ? 'no recovery before the step limit'
      : `the episode ended (${t.outcome}) without recovery`,
  ];
}

/** The first run of ≥ 3 identical failing actions by one role, from `step` on (the faulted call counts). */
function repeatedFailure(
  t: Timeline,
  step: number,
): { role: string; kind: string; step: number; times: number } | null {
  type Run = { key: string; role: string; kind: string; step: number; times: number };
  let run = null as Run | null;
  for (const e of t.events) {
    if (e.step < step) continue;
    const key = e.ok ? null : `${e.role}\u0000${canonicalJson(e.action)}`;
    if (key !== null && run !== null && run.key === key) run.times++;
    else run = key === null ? null : { key, role: e.role, kind: e.kind, step: e.step, times: 1 };
    if (run !== null && run.times >= 3) return run;
  }
  return null;
}

/** A handoff that carries facts (by value or as structured fields, right or not): a brief. */
function briefs(e: StepEvent): boolean {
  return (
    (e.handoff?.carried.length ?? 0) > 0 || (e.action?.type === 'handoff' && statedFacts(e.action.message).size > 0)
  );
}

/** The first event at or after `step` that matches. */
function firstAfter(t: Timeline, step: number, pred: (e: StepEvent) => boolean): StepEvent | undefined {
  return t.events.find((e) => e.step >= step && pred(e));
}

/**
 * The first step that can respond to a perturbation: a restart or a user message lands before
 * the step's action (the acting role responds at once); any other fault acts during the step.
 */
function responseFrom(p: FiredPerturbation): number {
  return p.site === 'memory' || p.site === 'user' ? p.step : p.step + 1;
}

function toolOf(e: StepEvent): string | null {
  return e.action?.type === 'tool' ? e.action.tool : null;
}

function callKey(e: StepEvent): string {
  return e.action?.type === 'tool' ? canonicalJson({ tool: e.action.tool, args: e.action.args }) : '';
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
