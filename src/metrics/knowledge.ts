/**
 * Who was told which fact, and when — reconstructed from the event log. The handoff metric uses
 * it to charge a lost fact only to a sender who had it, and the drift metric to tell a role that
 * departed from what it was told (drift) from one that never got it (context loss upstream).
 *
 * A fact the user states in answer to a role's `ask` is held by the asker from that step on (the
 * env records the answer's facts on the ask's event).
 *
 * Facts a role discovers with its own tools are invisible in the log; a sender with no record for
 * a fact is therefore treated as able to have known it (see {@link KnowledgeLog.lostUpstream}).
 */
import { factsInText } from '../team/handoff-audit.js';
import type { Timeline } from './timeline.js';
import { sortedUnique } from './timeline.js';

/** How a role came to hold, or to lack, a fact. */
export type KnowledgeSource =
  /**
   * told: the user's request (entry role), a handoff that delivered it, a user message, the
   * user's answer to the role's own `ask`.
   */
  | 'request'
  | 'handoff'
  | 'user'
  | 'asked'
  /**
   * lost: a handoff that should have carried it did not (sender's omission or in transit), a
   * memory perturbation wiped it, or a request perturbation hid it from the request.
   */
  | 'not-sent'
  | 'transit'
  | 'memory'
  | 'hidden';

/** One change of what a role holds. */
export interface KnowledgeEvent {
  /** The step it took effect at; x.5 for effects at the start of step x+1 (before that step's action). */
  readonly step: number;
  readonly role: string;
  readonly fact: string;
  readonly holds: boolean;
  readonly source: KnowledgeSource;
}

/** Queries over the knowledge events of an episode. */
export interface KnowledgeLog {
  readonly events: readonly KnowledgeEvent[];
  /** The latest event for (role, fact) strictly before `step`, or null. */
  latest(role: string, fact: string, step: number): KnowledgeEvent | null;
  /** True when the role had been told the fact (and not lost it since) before `step`. */
  told(role: string, fact: string, step: number): boolean;
  /**
   * True when the role's latest record for the fact, before `step`, is a loss: it was owed the
   * fact by an earlier handoff that did not deliver it, or a perturbation wiped it. Such a role
   * cannot be blamed for not passing the fact on.
   */
  lostUpstream(role: string, fact: string, step: number): boolean;
  /** The first step after `step` at which the role was told the fact, or null. */
  toldAfter(role: string, fact: string, step: number): number | null;
}

/** Builds the knowledge log of an episode. */
export function knowledgeLog(t: Timeline): KnowledgeLog {
  const events: KnowledgeEvent[] = [];
  const facts = [...t.facts.values()];
  for (const fact of factsInText(facts, t.request))
    events.push({ step: 0, role: t.entryRole, fact, holds: true, source: 'request' });
  const allFacts = facts.map((f) => f.id);
  // A memory loss that names no fact (a restart) wipes everything the role held.
  const factsOf = (p: Timeline['fired'][number]) => (p.facts?.length ? p.facts : p.site === 'memory' ? allFacts : []);
  for (const p of t.fired.filter((x) => x.step === 0)) pushPerturbation(events, p.site, p.type, p.role, factsOf(p), 0);
  // (A reset perturbation is pushed after the request, so at step 0 it has the last word.)

  for (const e of t.events) {
    const audit = e.handoff;
    if (e.kind === 'handoff' && e.ok && audit) {
      const delivered = new Set(audit.delivered ?? audit.carried);
      for (const f of [...delivered].sort())
        events.push({ step: e.step, role: audit.to, fact: f, holds: true, source: 'handoff' });
      for (const f of audit.required) {
        if (!delivered.has(f))
          events.push({
            step: e.step,
            role: audit.to,
            fact: f,
            holds: false,
            source: audit.carried.includes(f) ? 'transit' : 'not-sent',
          });
      }
    }
    const here = e.perturbations ?? [];
    // Effects at the start of the step (a user message, a restart) precede the role's action.
    for (const p of here)
      pushPerturbation(events, p.site, p.type, p.role, factsOf(p), p.site === 'handoff' ? e.step : e.step - 0.5);
    // The user's answer reaches the asker as the result of its own action: it holds from this step on.
    if (e.kind === 'ask' && e.ok && e.answer)
      for (const f of sortedUnique(e.answer.facts))
        events.push({ step: e.step, role: e.role, fact: f, holds: true, source: 'asked' });
    if (e.userMessage && !here.some((p) => isRequirementChange(p.type))) {
      // A user message with no perturbation naming its facts: it tells whatever values it states.
      for (const f of factsInText(facts, e.userMessage.text))
        events.push({ step: e.step, role: e.userMessage.to, fact: f, holds: true, source: 'user' });
    }
  }

  // In time order (a stable sort keeps same-step events in the order they happened).
  events.sort((a, b) => a.step - b.step);
  // By role, then fact: the metrics ask per (role, fact, step) for every fact of every event.
  const byRole = new Map<string, Map<string, KnowledgeEvent[]>>();
  for (const ev of events) {
    let byFact = byRole.get(ev.role);
    if (!byFact) byRole.set(ev.role, (byFact = new Map<string, KnowledgeEvent[]>()));
    const list = byFact.get(ev.fact);
    if (list) list.push(ev);
    else byFact.set(ev.fact, [ev]);
  }
  const of = (role: string, fact: string): readonly KnowledgeEvent[] => byRole.get(role)?.get(fact) ?? NO_EVENTS;
  const latest = (role: string, fact: string, step: number): KnowledgeEvent | null => {
    let found: KnowledgeEvent | null = null;
    for (const ev of of(role, fact)) if (ev.step < step) found = ev;
    return found;
  };
  return {
    events,
    latest,
    told: (role, fact, step) => latest(role, fact, step)?.holds === true,
    lostUpstream: (role, fact, step) => latest(role, fact, step)?.holds === false,
    toldAfter: (role, fact, step) => {
      const ev = of(role, fact).find((x) => x.step > step && x.holds);
      return ev ? Math.ceil(ev.step) : null;
    },
  };
}

const NO_EVENTS: readonly KnowledgeEvent[] = Object.freeze([]);

/** The catalog type of a change of requirement in mid-task (the role it reaches is told the new value). */
export const REQUIREMENT_CHANGE = 'requirement-change';

/** True for a perturbation that changes the user's requirement. */
export function isRequirementChange(type: string): boolean {
  return type === REQUIREMENT_CHANGE;
}

function pushPerturbation(
  out: KnowledgeEvent[],
  site: string,
  type: string,
  role: string,
  facts: readonly string[],
  step: number,
): void {
  if (isRequirementChange(type)) for (const f of facts) out.push({ step, role, fact: f, holds: true, source: 'user' });
  else if (site === 'memory') for (const f of facts) out.push({ step, role, fact: f, holds: false, source: 'memory' });
  else if (site === 'request') for (const f of facts) out.push({ step, role, fact: f, holds: false, source: 'hidden' });
}
