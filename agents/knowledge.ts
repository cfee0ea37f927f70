/**
 * What a scripted role knows: the facts it was told, read from its inbox the same way the handoff
 * audit reads it (structured `facts` by id, free text by the fact matcher).
 */
import type { Fact } from '../src/public/authoring.js';
import type { InboxMessage } from '../src/public/env.js';
import { factsInText, mentionsFact, messageText } from '../src/public/metrics.js';

/** Fact values a role learned from its inbox, by fact id. */
export function factsFromInbox(facts: readonly Fact[], inbox: readonly InboxMessage[]): Map<string, string> {
  const known = new Map<string, string>();
  const byId = new Map(facts.map((f) => [f.id, f]));
  for (const m of inbox) {
    const msg = m.message;
    if (typeof msg === 'object' && msg !== null && msg.facts) {
      for (const [id, value] of Object.entries(msg.facts)) {
        if (byId.has(id) && typeof value === 'string') known.set(id, value);
      }
    }
    for (const id of factsInText(facts, messageText(msg))) {
      if (!known.has(id)) known.set(id, (byId.get(id) as Fact).value);
    }
  }
  return known;
}

/** True when a message states a fact's value (in any form a careful reader accepts). */
export function carries(fact: Fact, text: string): boolean {
  return mentionsFact(text, fact.value);
}
