/**
 * Taint: the mark that bad data or a wrong write carries as it flows through the world and the
 * team. Two kinds of source:
 *
 * - **data** — a fired perturbation of kind `data`. The values it planted come from the fault
 *   plan: `PlannedPerturbation.params.wrong` and `params.decoy` (a string, a number, or an array
 *   of them); the facts it names come from the fired record. When it fires on a tool result the
 *   world is unchanged, and the entities it names are what a team would wrongly act on (an
 *   injected instruction's target): a later write to one of them is tainted.
 * - **own-value** — a team's own wrong value: a handoff or a tool call in which a role that held a
 *   fact states another value for it — a structured `facts` entry the audit does not find the
 *   real value in, or the fact's plausible guess in place of its value (see
 *   {@link ownStatements}) — where the value is not one a data perturbation planted (that is the
 *   data's cascade) and no earlier action introduced it (that is propagation). A value stated
 *   for a fact the user changed in mid-task is the unfollowed change, drift's evidence, not a
 *   mistake. The source is the step and role of that action, with the constraints on the fact
 *   (and any the same write broke).
 * - **violating-write** — a tool step that wrote entities and turned some constraint's ledger
 *   status to `V`, with no own wrong value to name. When the write carries the distinctive guess
 *   of a fact the broken constraint depends on (and not the real value), that guess is its wrong
 *   value.
 *
 * Propagation is **by value** whenever the source has wrong values: a later write, handoff or
 * final answer is tainted exactly when its text contains one (and not the real value it stands
 * in for) — ground truth that holds for LLM
 * teams as well as scripted ones, and that does not blame a role that read the value and did not
 * repeat it. A source without values propagates **by entity and role**: a role that reads a
 * tainted entity, or receives a handoff from a tainted role, is tainted from then on, and so is
 * everything it writes or hands off (an upper bound, recorded as `via: 'role'`).
 */
import type { StepEvent } from '../team/events.js';
import type { FiredPerturbation } from '../team/perturbation.js';
import { normalizeText } from '../team/handoff-audit.js';
import type { KnowledgeLog } from './knowledge.js';
import { knowledgeLog } from './knowledge.js';
import { type FactStatement, ownStatements } from './own-values.js';
import { injectedRequest, obeysRequest } from './injection.js';
import type { LedgerConstraint, Timeline } from './timeline.js';
import { actionText, containsValue, distinctiveGuess, isWrite, sortedUnique, statusIn } from './timeline.js';

/** Where taint starts. */
export interface TaintSource {
  /** Entities a write to counts as acting on the bad data (a data fault's targets). */
  readonly targets: readonly string[];
  /** The perturbation id, `own@<step>` or `write@<step>`. */
  readonly id: string;
  readonly kind: 'data' | 'own-value' | 'violating-write';
  readonly step: number;
  readonly role: string;
  /** The perturbation's catalog type (data sources). */
  readonly type?: string;
  /** Wrong values, when known: propagation is by value. */
  readonly values: readonly string[];
  /**
   * The real values the wrong ones stand in for. Text that holds a real value is not tainted by
   * also holding a wrong one: planted values are plausible, and plausible values (an older
   * version in a changelog's history) occur legitimately next to the right one.
   */
  readonly truths: readonly string[];
  /** Entities that hold bad data from the start (the write's targets; the perturbed entities). */
  readonly entities: readonly string[];
  /** Facts the bad data is about. */
  readonly facts: readonly string[];
  /** Constraints that must hold for the taint to count as contained. */
  readonly constraints: readonly string[];
  /**
   * An own wrong value in a tool call that failed and that its author never made again with the
   * real value: what the call was to do
   * was left undone, and what breaks after it for want of it goes back to the slip (drift.ts).
   */
  readonly missed?: boolean;
}

/** One thing the taint reached after its source. */
export interface TaintedItem {
  readonly step: number;
  readonly role: string;
  /** `read`: a role consumed a tainted entity; the others are things it produced. */
  readonly kind: 'write' | 'handoff' | 'answer' | 'read';
  readonly via: 'value' | 'entity' | 'role';
  readonly entities?: readonly string[];
  /** The receiver of a tainted handoff. */
  readonly to?: string;
}

/** How far one source's taint went. */
export interface TaintTrace {
  readonly source: TaintSource;
  /** Everything reached after the source, in step order. */
  readonly items: readonly TaintedItem[];
  /** Roles reached (the source role first, then others in order of first contact). */
  readonly roles: readonly string[];
  /** Entities that held tainted data at some point (sorted). */
  readonly entities: readonly string[];
  /** Steps at which something was reached (sorted). */
  readonly steps: readonly number[];
  /** Entities whose last write was tainted: the taint is still in the final state (sorted). */
  readonly remaining: readonly string[];
  /** The final answer carried the taint. */
  readonly answerTainted: boolean;
}

/** Finds every taint source of an episode, in step order. */
export function taintSources(t: Timeline, knowledge: KnowledgeLog = knowledgeLog(t)): TaintSource[] {
  const sources: TaintSource[] = [];
  for (const p of t.fired) if (p.kind === 'data') sources.push(dataSource(t, p));
  const planted = sources.flatMap((s) => s.values.map(normalizeText));
  const introduced = new Set<string>();
  let previous: StepEvent | null = null;
  for (const e of t.events) {
    // A write that left the ledger as it was broke nothing.
    const broken =
      isWrite(e) && e.ledger !== previous?.ledger
        ? t.constraints.filter((c) => statusIn(e, c) === 'V' && (previous === null || statusIn(previous, c) !== 'V'))
        : [];
    const own = ownStatements(t, knowledge, e).flatMap((st) => {
      const v = normalizeText(st.value);
      // Bad data passed on is the data's cascade; a value already introduced is propagating.
      if (planted.some((p) => p.includes(v) || v.includes(p))) return [];
      const fresh = st.constraints.filter((c) => !introduced.has(`${st.fact}\u0000${v}\u0000${c}`));
      for (const c of fresh) introduced.add(`${st.fact}\u0000${v}\u0000${c}`);
      return fresh.length > 0 ? [{ ...st, constraints: fresh }] : [];
    });
    if (own.length > 0) sources.push(ownSource(t, e, own, broken));
    else if (broken.length > 0) sources.push(writeSource(t, e, broken));
    previous = e;
  }
  return sources.sort((a, b) => a.step - b.step);
}

/**
 * The wrong values a data perturbation planted, from its planned `params.wrong`: a string, a
 * number, or an array of them. Empty when the plan gives none (taint then flows by entity).
 */
export function perturbedValues(params: Readonly<Record<string, unknown>> | undefined): string[] {
  const list = PLANTED.flatMap((key) => {
    const raw = params?.[key];
    return Array.isArray(raw) ? (raw as unknown[]) : raw === undefined ? [] : [raw];
  });
  return sortedUnique(
    list
      .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
      .map(String)
      .filter((v) => v.trim().length > 0),
  );
}

/** The plan parameters that hold values a data perturbation planted. */
const PLANTED = ['wrong', 'decoy'] as const;

function dataSource(t: Timeline, p: FiredPerturbation): TaintSource {
  // The fired record names the facts it changed; a perturbation that changed none (a distractor
  // next to the right value) still names its fact in the plan.
  const named = t.planned.get(p.id)?.params['fact'];
  const facts = p.facts?.length ? p.facts : typeof named === 'string' && t.facts.has(named) ? [named] : [];
  const resultSite = p.site === 'tool-result' || p.site === 'tool-call';
  return {
    id: p.id,
    kind: 'data',
    step: p.step,
    role: p.role,
    type: p.type,
    values: perturbedValues(t.planned.get(p.id)?.params),
    truths: sortedUnique(facts.flatMap((id) => (t.facts.get(id)?.value ? [t.facts.get(id)?.value as string] : []))),
    // A fault in a tool's result leaves the world as it was: only the role that saw it holds bad data.
    entities: resultSite ? [] : sortedUnique(p.entities ?? []),
    targets: resultSite ? sortedUnique(p.entities ?? []) : [],
    facts,
    constraints: t.constraints.filter((c) => c.facts.some((f) => facts.includes(f))).map((c) => c.id),
  };
}

function writeSource(t: Timeline, e: StepEvent, broken: readonly LedgerConstraint[]): TaintSource {
  const text = actionText(e.action);
  const facts = sortedUnique(broken.flatMap((c) => c.facts));
  const values: string[] = [];
  const truths: string[] = [];
  for (const id of facts) {
    const fact = t.facts.get(id);
    const guess = fact ? distinctiveGuess(fact) : null;
    if (fact && guess && containsValue(text, guess) && !containsValue(text, fact.value)) {
      values.push(guess);
      truths.push(fact.value);
    }
  }
  return {
    id: `write@${e.step}`,
    kind: 'violating-write',
    step: e.step,
    role: e.role,
    values: sortedUnique(values),
    truths: sortedUnique(truths),
    entities: sortedUnique(e.writes ?? []),
    targets: [],
    facts,
    constraints: broken.map((c) => c.id),
  };
}

function ownSource(
  t: Timeline,
  e: StepEvent,
  own: readonly FactStatement[],
  broken: readonly LedgerConstraint[],
): TaintSource {
  const facts = sortedUnique(own.map((st) => st.fact));
  return {
    id: `own@${e.step}`,
    kind: 'own-value',
    step: e.step,
    role: e.role,
    values: sortedUnique(own.map((st) => st.value)),
    truths: sortedUnique(facts.map((id) => t.facts.get(id)?.value ?? '').filter((v) => v.length > 0)),
    entities: sortedUnique(e.writes ?? []),
    targets: [],
    facts: sortedUnique([...facts, ...broken.flatMap((c) => c.facts)]),
    constraints: sortedUnique([...own.flatMap((st) => st.constraints), ...broken.map((c) => c.id)]),
    missed: missedCall(t, e, own),
  };
}

/**
 * True for a failed tool call that was never made again, by its author, with the
 * real values of the facts it got wrong (same tool, a write, every real value in it).
 */
function missedCall(t: Timeline, e: StepEvent, own: readonly FactStatement[]): boolean {
  if (e.kind !== 'tool' || e.ok || e.action?.type !== 'tool') return false;
  const tool = e.action.tool;
  const truths = own.map((st) => t.facts.get(st.fact)?.value ?? '').filter((v) => v.length > 0);
  return !t.events.some(
    (x) =>
      x.step > e.step &&
      x.role === e.role &&
      isWrite(x) &&
      x.action?.type === 'tool' &&
      x.action.tool === tool &&
      truths.every((v) => containsValue(actionText(x.action), v)),
  );
}

/**
 * Follows one source's taint through the rest of the episode. For a team's own wrong value, a
 * role handed it (by the source or a tainted handoff) also acts on it: its writes are tainted
 * (`via: 'role'`) until it is told the real value — a wrong limit or threshold shapes what a
 * receiver writes without the number appearing in it. `knowledge` tells when that happens.
 */
export function traceTaint(t: Timeline, source: TaintSource, knowledge?: KnowledgeLog): TaintTrace {
  const byValue = source.values.length > 0;
  const items: TaintedItem[] = [];
  const roles: string[] = [source.role];
  const reach = (role: string) => {
    if (!roles.includes(role)) roles.push(role);
  };
  const tainted = new Set(source.entities);
  const everTainted = new Set(source.entities);
  // Role taint (entity mode): bad data that names neither values nor entities taints the role that saw it.
  const blind = !byValue && source.kind === 'data' && source.entities.length === 0 && source.targets.length === 0;
  const taintedRoles = new Set<string>(blind ? [source.role] : []);
  let answerTainted = false;
  // An injected instruction is acted on only by the call it asked for (see injection.ts): another
  // change to its target is the team's own doing.
  const fired = source.kind === 'data' ? t.fired.find((p) => p.id === source.id) : undefined;
  const request = fired ? injectedRequest(t, fired) : null;
  // Own wrong values: the roles that were handed one, and when.
  const holders = new Map<string, number>();
  const own = source.kind === 'own-value';
  const origin = own ? t.events.find((e) => e.step === source.step) : undefined;
  if (origin?.kind === 'handoff' && origin.ok && origin.action?.type === 'handoff')
    holders.set(origin.action.to, source.step);
  const acting = (role: string, step: number) => {
    const since = holders.get(role);
    if (since === undefined) return false;
    // Told the real value of every fact since: it no longer acts on the wrong one.
    return !source.facts.every((f) => {
      const told = knowledge?.toldAfter(role, f, since);
      return told !== null && told !== undefined && told <= step;
    });
  };
  const carries = (e: StepEvent) => {
    const text = actionText(e.action);
    return source.values.some((v) => containsValue(text, v)) && !source.truths.some((v) => containsValue(text, v));
  };

  for (const e of t.events) {
    if (e.step <= source.step) continue;
    const readTainted = (e.reads ?? []).filter((id) => tainted.has(id));
    if (e.kind === 'tool' && e.ok && readTainted.length > 0) {
      items.push({ step: e.step, role: e.role, kind: 'read', via: 'entity', entities: sortedUnique(readTainted) });
      reach(e.role);
      if (!byValue) taintedRoles.add(e.role);
    }
    // Only what a role produces can carry the taint: a read's text is never looked at (and
    // reading a text for values is the costly part).
    const produces =
      isWrite(e) || (e.kind === 'handoff' && e.ok && e.action?.type === 'handoff') || (e.kind === 'finish' && e.ok);
    const via: TaintedItem['via'] | null = !produces
      ? null
      : byValue
        ? carries(e)
          ? 'value'
          : null
        : taintedRoles.has(e.role)
          ? 'role'
          : null;
    if (isWrite(e)) {
      const written = sortedUnique(e.writes ?? []);
      const onTarget =
        written.some((id) => source.targets.includes(id)) && (request === null || obeysRequest(e, request));
      const held = own && acting(e.role, e.step);
      if (via || onTarget || held) {
        const how = via ?? (held ? 'role' : 'entity');
        items.push({ step: e.step, role: e.role, kind: 'write', via: how, entities: written });
        reach(e.role);
        for (const id of written) {
          tainted.add(id);
          everTainted.add(id);
        }
      } else {
        // A clean rewrite removes the taint from what it wrote.
        for (const id of written) tainted.delete(id);
      }
    } else if (e.kind === 'handoff' && e.ok && e.action?.type === 'handoff' && via) {
      items.push({ step: e.step, role: e.role, kind: 'handoff', via, to: e.action.to });
      if (own && !holders.has(e.action.to)) holders.set(e.action.to, e.step);
      reach(e.role);
      reach(e.action.to);
      if (!byValue) taintedRoles.add(e.action.to);
    } else if (e.kind === 'finish' && e.ok && via) {
      items.push({ step: e.step, role: e.role, kind: 'answer', via });
      reach(e.role);
      answerTainted = true;
    }
  }
  return {
    source,
    items,
    roles,
    entities: sortedUnique(everTainted),
    steps: sortedUnique(items.map((i) => i.step)),
    // Without wrong values nothing tells a repaired entity from a still-broken one; the source's
    // constraints decide containment instead (see cascade.ts).
    remaining: byValue ? sortedUnique(tainted) : [],
    answerTainted: byValue && answerTainted,
  };
}
