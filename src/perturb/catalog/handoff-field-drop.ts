/**
 * A handoff that silently loses one field in transit: one structured fact and its value in the
 * text disappear, with no marker. A receiver that checks its brief against what it needs notices.
 */
import type { HandoffMessage } from '../../team/actions.js';
import { factsInText, messageText } from '../../team/handoff-audit.js';
import type { Fact } from '../../team/world.js';
import { handoffSites } from '../sites.js';
import type { PerturbationType } from './perturbation-type.js';

/** Removes a fact from a message: its structured field and every occurrence of its value. */
export function dropFact(message: HandoffMessage, fact: Fact): HandoffMessage {
  const scrub = (text: string) => text.split(fact.value).join('');
  if (typeof message === 'string') return scrub(message);
  const { text, facts, ...rest } = message;
  const kept = Object.fromEntries(
    Object.entries(facts ?? {}).filter(([id, v]) => id !== fact.id && !v.includes(fact.value)),
  );
  return { ...rest, ...(text !== undefined ? { text: scrub(text) } : {}), ...(facts ? { facts: kept } : {}) };
}

/** Recovery: clarify (notice the gap and ask the sender). */
export const handoffFieldDrop: PerturbationType = {
  id: 'handoff-field-drop',
  kind: 'team',
  site: 'handoff',
  recovery: 'clarify',
  description: 'A handoff silently loses one needed fact in transit; the receiver should notice and ask for it.',
  plan(ctx, rng) {
    const sites = handoffSites(ctx.task).filter(
      (s) => (ctx.task.roles.find((r) => r.id === s.to)?.needs.length ?? 0) > 0,
    );
    if (sites.length === 0) return null;
    const site = rng.pick(sites);
    const needs = ctx.task.roles.find((r) => r.id === site.to)?.needs ?? [];
    return { trigger: { on: 'handoff', nth: site.nth }, params: { fact: rng.pick(needs) } };
  },
  onHandoff(message, p, task) {
    const fact = task.facts.find((f) => f.id === p.params['fact']);
    if (!fact || !factsInText(task.facts, messageText(message)).includes(fact.id)) return null;
    return { value: dropFact(message, fact), detail: `fact "${fact.id}" dropped in transit`, facts: [fact.id] };
  },
};
