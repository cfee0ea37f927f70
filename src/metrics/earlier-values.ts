/**
 * The values a fact held before the user changed it. A message that states one of them has not
 * withheld the fact but stated an outdated value — whether it gives the value as a structured
 * field or writes it in prose ("release version: V4.9.0").
 */
import { mentionsFact } from '../facts/index.js';
import type { HandoffMessage } from '../team/actions.js';
import { messageText } from '../team/handoff-audit.js';
import { isRequirementChange } from './knowledge.js';
import type { Timeline } from './timeline.js';

/** Values `fact` held before a change of requirement that fired at or before `step`. */
export function earlierValues(t: Timeline, fact: string, step: number): string[] {
  const out: string[] = [];
  for (const p of t.fired) {
    if (!isRequirementChange(p.type) || p.step > step || !p.facts?.includes(fact)) continue;
    const previous = t.planned.get(p.id)?.params['previous'];
    if (typeof previous === 'string' && previous.trim() !== '') out.push(previous);
  }
  return out;
}

/** Facts among `facts` whose earlier value (see {@link earlierValues}) the text of `message` states. */
export function outdatedInText(
  t: Timeline,
  message: HandoffMessage,
  facts: readonly string[],
  step: number,
): Set<string> {
  // Most handoffs miss no fact: then there is no text to join and read.
  if (facts.length === 0) return new Set();
  const text = messageText(message);
  return new Set(facts.filter((f) => earlierValues(t, f, step).some((v) => mentionsFact(text, v))));
}
