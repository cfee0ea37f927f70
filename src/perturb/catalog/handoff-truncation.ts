/**
 * A handoff that arrives truncated: the message is cut in transit and says so. The receiver
 * should ask the sender to send it again rather than work from half a brief.
 */
import type { HandoffMessage } from '../../team/actions.js';
import { factsInText, messageText } from '../../team/handoff-audit.js';
import { handoffSites } from '../sites.js';
import type { PerturbationType } from './perturbation-type.js';

/** The marker a message truncated in transit ends with. */
export const TRANSIT_MARKER = '…[message truncated in transit]';

/** Keeps the first part of a message: a prefix of its text and of its structured facts. */
export function truncateMessage(message: HandoffMessage, fraction: number): HandoffMessage {
  if (typeof message === 'string') return `${message.slice(0, Math.floor(message.length * fraction))}${TRANSIT_MARKER}`;
  const { text, facts, ...rest } = message;
  const entries = Object.entries(facts ?? {});
  const keptFacts = Object.fromEntries(entries.slice(0, Math.floor(entries.length * fraction)));
  return {
    ...rest,
    text: `${(text ?? '').slice(0, Math.floor((text ?? '').length * fraction))}${TRANSIT_MARKER}`,
    ...(facts ? { facts: keptFacts } : {}),
  };
}

/** Recovery: clarify (ask the sender to resend). */
export const handoffTruncation: PerturbationType = {
  id: 'handoff-truncation',
  kind: 'team',
  site: 'handoff',
  recovery: 'clarify',
  description: 'A handoff arrives cut short (marked as truncated); the receiver should ask the sender to resend.',
  plan(ctx, rng) {
    // Only handoffs that carry facts the receiver needs: losing them matters.
    const sites = handoffSites(ctx.task).filter(
      (s) => (ctx.task.roles.find((r) => r.id === s.to)?.needs.length ?? 0) > 0,
    );
    if (sites.length === 0) return null;
    const site = rng.pick(sites);
    return { trigger: { on: 'handoff', nth: site.nth }, params: { fraction: rng.int(2, 5) / 10 } };
  },
  onHandoff(message, p, task) {
    const fraction = Number(p.params['fraction'] ?? 0.4);
    const value = truncateMessage(message, fraction);
    const before = new Set(factsInText(task.facts, messageText(message)));
    const after = new Set(factsInText(task.facts, messageText(value)));
    const lost = [...before].filter((f) => !after.has(f));
    return { value, detail: `handoff cut to ${Math.round(fraction * 100)}% in transit`, facts: lost };
  },
};
