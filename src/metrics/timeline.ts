/**
 * The episode as the metrics read it: the event log, the intent ledger (constraints and facts),
 * the final status of every constraint, and every perturbation that fired — indexed once so each
 * metric is a simple pass over the events.
 *
 * Everything here is derived from the recorded episode alone (never from the live env), so the
 * metrics work the same on a fresh `EpisodeResult` and on a trajectory read back from disk.
 */
import { INFRASTRUCTURE_OUTCOMES, type EpisodeResult } from '../team/episode.js';
import type { StepEvent } from '../team/events.js';
import type { FiredPerturbation, PlannedPerturbation } from '../team/perturbation.js';
import type { Fact } from '../team/world.js';
import type { Action } from '../team/actions.js';
import { messageText, normalizeText } from '../team/handoff-audit.js';
import { mentionsFact } from '../facts/index.js';
import { textMemo } from '../core/text-memo.js';
import { breachesBetween, type InvariantBreach } from '../team/ledger.js';

/**
 * What {@link analyzeEpisode} needs from an episode: an `EpisodeResult`, or an episode record
 * joined with the steps of its trajectory file.
 */
export type AnalyzableEpisode = Pick<
  EpisodeResult,
  'outcome' | 'success' | 'grade' | 'error' | 'intent' | 'perturbations'
> & {
  readonly trajectory: readonly { readonly event: StepEvent }[];
};

/** A constraint of the intent ledger with its position in the ledger string. */
export type LedgerConstraint = EpisodeResult['intent']['constraints'][number] & { readonly index: number };

/** The indexed episode. */
export interface Timeline {
  readonly events: readonly StepEvent[];
  readonly constraints: readonly LedgerConstraint[];
  readonly facts: ReadonlyMap<string, Fact>;
  /** Constraint ids violated in the final grade (goals count as violated once the episode is over). */
  readonly violated: ReadonlySet<string>;
  /** Every fired perturbation, in firing order (reset first). */
  readonly fired: readonly FiredPerturbation[];
  /** The fault plan, by perturbation id (for `params`, which only the plan records). */
  readonly planned: ReadonlyMap<string, PlannedPerturbation>;
  /** The number of the last step (0 when the episode has none). */
  readonly lastStep: number;
  readonly outcome: EpisodeResult['outcome'];
  readonly success: boolean;
  readonly finishStatus: EpisodeResult['grade']['finishStatus'];
  readonly error: EpisodeResult['error'];
  readonly entryRole: string;
  readonly request: string;
  /** The facts each role needs for its part. */
  readonly needs: ReadonlyMap<string, readonly string[]>;
  /** Some goal that failed at the start holds at the end (the grade's `progress`). */
  readonly progress: boolean;
  /**
   * Every time an invariant was broken (its ledger status turned `V`), with the step and the
   * role that acted — also breaks a later step restored.
   */
  readonly breaches: readonly InvariantBreach[];
}

/**
 * The constraint with its ledger position. `index` comes first, and is set again after the copy so
 * that it wins over any `index` of the constraint's own: V8 (Node 20) copies an object and then
 * adds a key the copy lacks about 6× slower than it fills a key the copy already has (0.6 against
 * 0.1 µs, for every constraint of every episode analysed).
 */
function withIndex(c: AnalyzableEpisode['intent']['constraints'][number], index: number): LedgerConstraint {
  const out = { index, ...c };
  out.index = index;
  return out;
}

/** Indexes an episode for the metrics. Pure. */
export function timelineOf(episode: AnalyzableEpisode): Timeline {
  const events = episode.trajectory.map((s) => s.event);
  const fired: FiredPerturbation[] = [...episode.perturbations.atReset];
  for (const e of events) if (e.perturbations) fired.push(...e.perturbations);
  return {
    events,
    constraints: episode.intent.constraints.map(withIndex),
    facts: new Map(episode.intent.facts.map((f) => [f.id, f])),
    violated: new Set(episode.grade.violated),
    fired,
    planned: new Map(episode.perturbations.plan.map((p) => [p.id, p])),
    lastStep: events.length === 0 ? 0 : (events[events.length - 1] as StepEvent).step,
    outcome: episode.outcome,
    success: episode.success,
    finishStatus: episode.grade.finishStatus,
    error: episode.error,
    entryRole: episode.intent.entryRole,
    request: episode.intent.request,
    needs: new Map(episode.intent.roles.map((r) => [r.id, r.needs])),
    // Records made before the grade kept it: a goal satisfied at the end stands for progress.
    progress:
      episode.grade.progress ??
      episode.intent.constraints.some((c) => c.scope === 'goal' && episode.grade.satisfied.includes(c.id)),
    breaches: breachesOf(episode.intent.constraints, events),
  };
}

/**
 * The invariant breaches the event log shows, by the rule the env grades them with: only a tool
 * call changes the world, so only its step can break an invariant.
 */
function breachesOf(
  constraints: AnalyzableEpisode['intent']['constraints'],
  events: readonly StepEvent[],
): InvariantBreach[] {
  const out: InvariantBreach[] = [];
  let before = '';
  for (const e of events) {
    // An unchanged ledger breaks nothing (most steps leave it as it was).
    if (e.kind === 'tool' && e.ledger !== before)
      out.push(...breachesBetween(constraints, before, e.ledger, e.step, e.role));
    before = e.ledger;
  }
  return out;
}

/** The outcomes that are not task failures: the agent or the env broke, not the team's work. */
export function isCrash(outcome: EpisodeResult['outcome']): boolean {
  return INFRASTRUCTURE_OUTCOMES.has(outcome);
}

/** A constraint's status character in an event's ledger ('S', 'P' or 'V'; '?' if absent). */
export function statusIn(event: StepEvent, c: LedgerConstraint): string {
  return event.ledger[c.index] ?? '?';
}

/**
 * All the text an action carries — tool arguments, a handoff message, a question, a final
 * answer — normalized the way the handoff audit normalizes, so a value is found in it exactly
 * when the audit would find it.
 */
export function actionText(action: Action | null): string {
  if (!action) return '';
  const cached = TEXT_CACHE.get(action);
  if (cached !== undefined) return cached;
  const text = textOf(action);
  TEXT_CACHE.set(action, text);
  return text;
}

// Several metrics scan the same actions (file contents can be long): normalize each one once.
const TEXT_CACHE = new WeakMap<Action, string>();

function textOf(action: Action): string {
  switch (action.type) {
    case 'tool':
      return normalizeText(messageText(action.args));
    case 'handoff':
      return normalizeText(messageText(action.message));
    case 'ask':
      return normalizeText(action.question);
    case 'finish':
      return normalizeText(action.answer ?? '');
    case 'wait':
      return '';
  }
}

/**
 * True when normalized `text` states the (non-empty) value: literally, or in any form the fact
 * matcher accepts (`version 3.5.3` for `v3.5.3`, `4.2 Gbps` for `4,200 Mbps`), so a wrong value
 * written another way is still found, and so is the real value that clears a text of taint.
 */
export function containsValue(text: string, value: string): boolean {
  const v = normalizedValue(value);
  return v.length > 0 && (text.includes(v) || mentionsFact(text, value));
}

/**
 * A fact value normalized once: the same few values are looked for in every event's text (10,000
 * values kept; they are short, a task has a few dozen).
 */
const normalizedValue = textMemo(normalizeText, 10_000);

/** True for a tool step that changed entities. */
export function isWrite(event: StepEvent): boolean {
  return event.kind === 'tool' && event.ok && (event.writes?.length ?? 0) > 0;
}

/** Sorted, de-duplicated copy (the metrics' lists are always in a fixed order). */
export function sortedUnique<T extends string | number>(items: Iterable<T>): T[] {
  return [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The fact's guess when it is distinctive enough to be evidence of itself in free text: not
 * empty, not a bare number (numbers occur everywhere in code), and neither containing nor
 * contained in the real value. Null otherwise.
 */
export function distinctiveGuess(fact: Fact): string | null {
  const g = normalizeText(fact.guess);
  const v = normalizeText(fact.value);
  if (g.length < 3 || !/[a-z]/.test(g) || v.length === 0 || g.includes(v) || v.includes(g)) return null;
  return fact.guess;
}

/**
 * The constraints that depend on any of `facts`; with no facts, every intent constraint (a change
 * that names no fact is judged on the whole intent).
 */
export function dependentConstraints(t: Timeline, facts: readonly string[]): LedgerConstraint[] {
  if (facts.length === 0) return t.constraints.filter((c) => !c.subgoal);
  return t.constraints.filter((c) => c.facts.some((f) => facts.includes(f)));
}

/**
 * Whether the team followed a change of requirement to `facts` that landed at `step`: every
 * constraint on the changed facts holds at the end, or the team took the change on — some write or
 * the final answer after it states each changed fact's new value, in any form a careful reader
 * accepts. A
 * constraint still violated after the team took the change on has another cause (a hedged
 * answer, a slip on another fact), which the metrics place where it happened, not at the change.
 */
export function followedChange(t: Timeline, step: number, facts: readonly string[]): boolean {
  if (dependentConstraints(t, facts).every((c) => !t.violated.has(c.id))) return true;
  const changed = facts.flatMap((id) => {
    const fact = t.facts.get(id);
    return fact && fact.value.trim() !== '' ? [fact] : [];
  });
  if (changed.length === 0 || changed.length < facts.length) return false;
  // Acting on it is writing it or answering with it: relaying the change in a handoff is not.
  const after = t.events
    .filter((e) => e.step > step && (isWrite(e) || e.kind === 'finish'))
    .map((e) => actionText(e.action));
  return changed.every((f) => after.some((text) => mentionsFact(text, f.value)));
}

/** The last step at which one of `constraints` turned satisfied, or null if none ever did after `after`. */
export function lastSatisfiedStep(t: Timeline, constraints: readonly LedgerConstraint[], after: number): number | null {
  let found: number | null = null;
  let previous: StepEvent | null = null;
  for (const e of t.events) {
    if (
      e.step > after &&
      constraints.some((c) => statusIn(e, c) === 'S' && (previous === null || statusIn(previous, c) !== 'S'))
    )
      found = e.step;
    previous = e;
  }
  return found;
}
