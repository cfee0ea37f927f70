/**
 * Cascading errors: for every taint source, its root cause, blast radius, amplification and
 * whether the team contained it before the episode ended.
 *
 * - **Contained**: every constraint the source broke (or, for bad data, that depends on the
 *   perturbed facts) is satisfied at the end, and — when the wrong value is known — no entity's
 *   final content and not the final answer still carries it. This is how a reviewer that caught
 *   the error shows up: the damage is gone from the final state.
 * - **Spread**: the taint reached a role other than the source's, or an entity beyond the
 *   source's own. For a team's own wrong value (`own-value`), only when it was a slip — one
 *   wrong value, in one action — that another role acted on (wrote, handed off or answered with
 *   it). Wrong values for several facts at once, or one its author states again in another of
 *   its own actions, are that role working from another intent: drift, with its onset at the
 *   source; so is a slip no other role took up.
 *   A slip whose value is still in the world at the end and that breaks a constraint depending on
 *   no fact (the tests) spread too: it reached the world's behaviour, not one fact's statement.
 * - For an own wrong value, **contained** means every constraint on its facts holds at the end
 *   (a plausible value can occur legitimately in the final state; the constraints decide).
 * - The mode **occurred** when some source spread and was not contained.
 */
import type { TaintSource, TaintTrace } from './taint.js';
import { taintSources, traceTaint } from './taint.js';
import type { Timeline } from './timeline.js';
import { actionText, containsValue, isWrite } from './timeline.js';
import { knowledgeLog, type KnowledgeLog } from './knowledge.js';

/** One source's cascade. */
export interface Cascade {
  readonly source: TaintSource;
  readonly trace: TaintTrace;
  /** Roles reached besides the source's role. */
  readonly otherRoles: readonly string[];
  /** Entities reached besides the source's own. */
  readonly otherEntities: readonly string[];
  /** Tainted things produced downstream (writes, handoffs, answers), per one source. */
  readonly amplification: number;
  readonly spread: boolean;
  readonly contained: boolean;
  /** Spread and not contained. */
  readonly occurred: boolean;
}

/** Cascading errors over an episode. */
export interface CascadeMetrics {
  /** One entry per taint source, in step order. */
  readonly cascades: readonly Cascade[];
  readonly occurred: boolean;
  /** The earliest cascade that occurred. */
  readonly root: Cascade | null;
}

/** Computes the cascade metrics. */
export function analyzeCascades(t: Timeline, knowledge: KnowledgeLog = knowledgeLog(t)): CascadeMetrics {
  const cascades = taintSources(t, knowledge).map((source) => cascadeOf(t, source, knowledge));
  const root = cascades.find((c) => c.occurred) ?? null;
  return { cascades, occurred: root !== null, root };
}

function cascadeOf(t: Timeline, found: TaintSource, knowledge: KnowledgeLog): Cascade {
  const traced = traceTaint(t, found, knowledge);
  // A wrong value still in the world at the end breaks what depends on no fact but on the world
  // working (its tests pass): those violations are its damage, reached by entity.
  const factless =
    found.kind === 'own-value' && traced.remaining.length > 0
      ? t.constraints.filter((c) => c.facts.length === 0 && t.violated.has(c.id)).map((c) => c.id)
      : [];
  const source = factless.length > 0 ? { ...found, constraints: [...found.constraints, ...factless] } : found;
  const trace = source === found ? traced : { ...traced, source };
  const own = new Set(source.entities);
  const otherRoles = trace.roles.filter((r) => r !== source.role);
  const otherEntities = trace.entities.filter((id) => !own.has(id));
  const produced = trace.items.filter((i) => i.kind !== 'read').length;
  const constraintsHold = source.constraints.every((id) => !t.violated.has(id));
  let contained: boolean;
  if (source.kind === 'own-value') contained = constraintsHold;
  else if (source.values.length > 0)
    contained = constraintsHold && trace.remaining.length === 0 && !trace.answerTainted;
  else if (source.constraints.length > 0) contained = constraintsHold;
  // Bad data with neither wrong values nor facts: nothing to check but whether it went anywhere.
  else contained = produced === 0 || t.success;
  const spread =
    source.kind === 'own-value'
      ? source.values.length === 1 &&
        !restated(t, source) &&
        (factless.length > 0 || trace.items.some((i) => i.kind !== 'read' && i.role !== source.role))
      : otherRoles.length > 0 || otherEntities.length > 0;
  return {
    source,
    trace,
    otherRoles,
    otherEntities,
    amplification: produced,
    spread,
    contained,
    occurred: spread && !contained,
  };
}

/**
 * True when the author of an own wrong value states it in another of its own handoffs, writes or
 * answers (before or after, the real value absent): it acts on that value, not a slip.
 */
function restated(t: Timeline, source: TaintSource): boolean {
  return t.events.some((e) => {
    if (e.role !== source.role || e.step === source.step || !e.ok) return false;
    if (e.kind !== 'handoff' && e.kind !== 'finish' && !isWrite(e)) return false;
    const text = actionText(e.action);
    return source.values.some((v) => containsValue(text, v)) && !source.truths.some((v) => containsValue(text, v));
  });
}
