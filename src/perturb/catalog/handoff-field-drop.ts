/**
 * A handoff that silently loses one field in transit: one structured fact and its value in the
 * text disappear, with no marker. A receiver that checks its brief against what it needs notices.
 */
import { findFact, mentionsFact } from '../../facts/index.js';
import type { HandoffMessage } from '../../team/actions.js';
import { factsInText, messageText } from '../../team/handoff-audit.js';
import type { Fact } from '../../team/world.js';
import { handoffSites } from '../sites.js';
import type { PerturbationType } from './perturbation-type.js';

/**
 * Removes every place `text` states `value`, in any form the fact matcher reads as it ("149.00 GBP"
 * for `£149`): the perturbation fires on what the matcher finds, so it must drop the same spans.
 */
function scrub(text: string, value: string): string {
  let out = text;
  for (const span of findFact(text, value).reverse()) out = out.slice(0, span.start) + out.slice(span.end);
  return out.split(value).join('');
}

/** Removes a fact from a message: its structured field and every occurrence of its value, in any form. */
export function dropFact(message: HandoffMessage, fact: Fact): HandoffMessage {
  if (typeof message === 'string') return scrub(message, fact.value);
  const { text, facts, ...rest } = message;
  const kept = Object.fromEntries(
    Object.entries(facts ?? {}).filter(
      ([id, v]) => id !== fact.id && !v.includes(fact.value) && !mentionsFact(v, fact.value),
    ),
  );
  return {
    ...rest,
    ...(text !== undefined ? { text: scrub(text, fact.value) } : {}),
    ...(facts ? { facts: kept } : {}),
  };
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
