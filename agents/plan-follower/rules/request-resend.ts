/**
 * `request-resend`: a role (not the entry role) whose newest brief lacks facts it needs, or
 * was cut short in transit (the privileged channel says so), asks its sender to resend it — once per message. It comes before
 * any plan work, which would otherwise run on guesses.
 */
import { knownFacts } from '../../follower-memory.js';
import { isControl } from '../control.js';
import { cutInTransit } from '../faults.js';
import type { Rule } from '../types.js';

/** Asks the sender of a damaged or incomplete brief to resend it. */
export const requestResend: Rule = {
  name: 'request-resend',
  decide({ task, memory, obs, fresh, recover, fired }) {
    if (!recover || obs.request !== null) return null;
    const brief = [...fresh].reverse().find((m) => m.from !== 'user' && !isControl(m));
    if (!brief || memory.resendAsked.has(brief.step)) return null;
    const known = knownFacts(task.facts, memory, obs);
    const needs = task.roles.find((r) => r.id === obs.role)?.needs ?? [];
    const missing = needs.filter((id) => !known.has(id));
    if (missing.length === 0 && !cutInTransit(fired, obs.role, brief)) return null;
    memory.resendAsked.add(brief.step);
    return {
      action: {
        type: 'handoff',
        to: brief.from,
        message: {
          text: `Your handoff arrived incomplete${missing.length ? ` (missing: ${missing.join(', ')})` : ''}. Please resend it in full.`,
          resend: true,
        },
      },
      fromPlan: false,
    };
  },
};
