/**
 * Handoff context loss: for every handoff, the facts the receiver needed against those the sender
 * carried (the env's audit, matched by canonical value so free text counts like structured
 * facts), and who is to blame for what did not arrive.
 *
 * - A required fact the sender did not send is charged to the sender (`lost`) when the sender
 *   held it: it had been told the fact (request, handoff, user, an answer to its own `ask`), or the fact is part of its own
 *   role's needs and no earlier loss or perturbation took it away. Otherwise it is `inherited`: the
 *   sender never held it (an upstream loss, a hidden or wiped fact, or simply not its part), and
 *   the loss is charged where it first happened.
 * - A fact the sender stated with another value (a structured `facts` entry that does not hold
 *   the canonical value, or, in any field, the value the fact held before the user changed it)
 *   was not withheld but changed: it is recorded as `misstated` and left to the drift metric.
 * - A fact the sender sent that did not arrive (`delivered` ≠ `carried`) was lost in transit by a
 *   perturbation: never the sender's loss, a recovery matter.
 *
 * A lost fact is **harmful** when some constraint depending on it ends violated and the receiver
 * acted after the handoff before anyone told it the fact.
 */
import type { HandoffMessage } from '../team/actions.js';
import { outdatedInText } from './earlier-values.js';
import type { KnowledgeLog } from './knowledge.js';
import type { Timeline } from './timeline.js';
import { sortedUnique } from './timeline.js';

/** The loss account of one handoff. */
export interface HandoffLoss {
  readonly step: number;
  readonly from: string;
  readonly to: string;
  /** Facts the receiver needed and did not know yet. */
  readonly required: readonly string[];
  /** Facts whose canonical value the message carried. */
  readonly carried: readonly string[];
  /** Facts that reached the receiver (equal to `carried` unless a perturbation struck in transit). */
  readonly delivered: readonly string[];
  /** Required facts the message did not carry. */
  readonly missing: readonly string[];
  /** Missing facts the sender stated with a different value (a departure, not an omission). */
  readonly misstated: readonly string[];
  /** Missing facts charged to the sender: omitted although the sender held them. */
  readonly lost: readonly string[];
  /** Missing facts the sender never held (an earlier loss, a hidden fact, or not its part). */
  readonly inherited: readonly string[];
  /** Facts sent but not delivered (a transit perturbation). */
  readonly transit: readonly string[];
  /** Lost facts that did harm. */
  readonly harmful: readonly string[];
  /** Constraints violated at the end that depend on a harmful lost fact. */
  readonly harmed: readonly string[];
}

/** Context loss over an episode. */
export interface HandoffLossMetrics {
  /** Every audited handoff, in step order. */
  readonly handoffs: readonly HandoffLoss[];
  /** Facts required, carried and lost over all handoffs. */
  readonly required: number;
  readonly carried: number;
  readonly lost: number;
  readonly harmful: number;
  readonly transit: number;
  readonly misstated: number;
  /**
   * The mode occurred: some sender failed to pass on a fact the receiver needed and that the
   * sender had (harmful or not — a harmless loss is still information that did not flow).
   */
  readonly occurred: boolean;
  /** The first handoff with a harmful loss, else the first with any loss. */
  readonly root: HandoffLoss | null;
}

/** Computes the handoff loss metrics. */
export function analyzeHandoffLoss(t: Timeline, knowledge: KnowledgeLog): HandoffLossMetrics {
  const handoffs: HandoffLoss[] = [];
  for (const e of t.events) {
    const audit = e.handoff;
    if (e.kind !== 'handoff' || !e.ok || !audit) continue;
    const message = e.action?.type === 'handoff' ? e.action.message : '';
    // Free text states an outdated value as plainly as a structured field does.
    const stated = new Set([...statedFacts(message), ...outdatedInText(t, message, audit.missing, e.step)]);
    const delivered = audit.delivered ?? audit.carried;
    const deliveredSet = new Set(delivered);
    const misstated = audit.missing.filter((f) => stated.has(f));
    const omitted = audit.missing.filter((f) => !stated.has(f));
    const ownNeeds = t.needs.get(audit.from) ?? [];
    const held = (f: string) =>
      knowledge.told(audit.from, f, e.step) || (ownNeeds.includes(f) && !knowledge.lostUpstream(audit.from, f, e.step));
    const lost = omitted.filter(held);
    const inherited = omitted.filter((f) => !lost.includes(f));
    const harmful: string[] = [];
    const harmed = new Set<string>();
    for (const f of lost) {
      const broken = t.constraints.filter((c) => c.facts.includes(f) && t.violated.has(c.id)).map((c) => c.id);
      if (broken.length > 0 && actedWithout(t, knowledge, audit.to, f, e.step)) {
        harmful.push(f);
        for (const id of broken) harmed.add(id);
      }
    }
    handoffs.push({
      step: e.step,
      from: audit.from,
      to: audit.to,
      required: audit.required,
      carried: audit.carried,
      delivered,
      missing: audit.missing,
      misstated,
      lost,
      inherited,
      transit: audit.carried.filter((f) => !deliveredSet.has(f)),
      harmful,
      harmed: sortedUnique(harmed),
    });
  }
  const sum = (pick: (h: HandoffLoss) => readonly string[]) => handoffs.reduce((n, h) => n + pick(h).length, 0);
  const root = handoffs.find((h) => h.harmful.length > 0) ?? handoffs.find((h) => h.lost.length > 0) ?? null;
  return {
    handoffs,
    required: sum((h) => h.required),
    carried: sum((h) => h.carried.filter((f) => h.required.includes(f))),
    lost: sum((h) => h.lost),
    harmful: sum((h) => h.harmful),
    transit: sum((h) => h.transit),
    misstated: sum((h) => h.misstated),
    occurred: root !== null,
    root,
  };
}

/** Fact ids a structured message gives a value for (whatever the value). */
export function statedFacts(message: HandoffMessage): Set<string> {
  if (typeof message !== 'object' || message === null || !message.facts) return new Set();
  return new Set(
    Object.entries(message.facts)
      .filter(([, v]) => typeof v === 'string')
      .map(([k]) => k),
  );
}

/** Whether `role` took any action after `step` before it was told `fact` again. */
function actedWithout(t: Timeline, knowledge: KnowledgeLog, role: string, fact: string, step: number): boolean {
  const repaired = knowledge.toldAfter(role, fact, step) ?? Infinity;
  return t.events.some((e) => e.role === role && e.step > step && e.step <= repaired);
}
