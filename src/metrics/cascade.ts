/**
 * Cascading errors: for every taint source, its root cause, blast radius, amplification and
 * whether the team contained it before the episode ended.
 *
 * - **Contained**: every constraint the source broke (or, for bad data, that depends on the
 *   perturbed facts) is satisfied at the end, and — when the wrong value is known — no entity's
 *   final content and not the final answer still carries it. This is how a reviewer that caught
 *   the error shows up: the damage is gone from the final state.
 * - **Spread**: the taint reached a role other than the source's, or an entity beyond the
 *   source's own.
 * - The mode **occurred** when some source spread and was not contained.
 */
import type { TaintSource, TaintTrace } from './taint.js';
import { taintSources, traceTaint } from './taint.js';
import type { Timeline } from './timeline.js';

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
export function analyzeCascades(t: Timeline): CascadeMetrics {
  const cascades = taintSources(t).map((source) => cascadeOf(t, source));
  const root = cascades.find((c) => c.occurred) ?? null;
  return { cascades, occurred: root !== null, root };
}

function cascadeOf(t: Timeline, source: TaintSource): Cascade {
  const trace = traceTaint(t, source);
  const own = new Set(source.entities);
  const otherRoles = trace.roles.filter((r) => r !== source.role);
  const otherEntities = trace.entities.filter((id) => !own.has(id));
  const produced = trace.items.filter((i) => i.kind !== 'read').length;
  const constraintsHold = source.constraints.every((id) => !t.violated.has(id));
  let contained: boolean;
  if (source.values.length > 0) contained = constraintsHold && trace.remaining.length === 0 && !trace.answerTainted;
  else if (source.constraints.length > 0) contained = constraintsHold;
  // Bad data with neither wrong values nor facts: nothing to check but whether it went anywhere.
  else contained = produced === 0 || t.success;
  const spread = otherRoles.length > 0 || otherEntities.length > 0;
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
