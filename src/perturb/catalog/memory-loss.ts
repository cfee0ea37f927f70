/**
 * A role loses its memory mid-episode (a restart): its inbox and last result are gone, and its
 * agent is re-created. It should ask for what it needs again instead of guessing.
 */
import { resolvedPlan } from '../sites.js';
import type { PerturbationType } from './perturbation-type.js';

/** Words an `ask` that requests the brief again contains; the simulated user then restates the request. */
export const RESTATE_KEYWORDS = ['restate', 'repeat the request', 'lost my context', 'restarted'];

/** Recovery: escalate (ask for the brief again). */
export const memoryLoss: PerturbationType = {
  id: 'memory-loss',
  kind: 'team',
  site: 'memory',
  recovery: 'escalate',
  description: 'A role restarts mid-episode and loses its memory; it should ask for its brief again.',
  plan(ctx, rng) {
    // A role that is not the entry role, in the middle of its part of the plan.
    const steps = resolvedPlan(ctx.task);
    const candidates = steps.filter(
      (s, i) =>
        s.role !== ctx.task.entryRole &&
        i > 0 &&
        steps[i - 1]?.role === s.role &&
        steps[i + 1]?.role === s.role &&
        s.action.type === 'tool',
    );
    if (candidates.length === 0) return null;
    const at = rng.pick(candidates);
    return { trigger: { on: 'step', step: steps.indexOf(at) + 1, role: at.role }, params: {} };
  },
  prepare(task) {
    // The user can always restate the request to someone who lost it (the fair way back).
    const clarification = { keywords: RESTATE_KEYWORDS, answer: `Here is the request again: ${task.request}` };
    return { ...task, clarifications: [...task.clarifications, clarification] };
  },
  beforeStep(ctx, p) {
    const role = String((p.trigger as { role?: string }).role ?? ctx.active);
    if (ctx.active !== role) return null;
    return { value: { restart: role }, detail: `${role} restarted and lost its memory` };
  },
};
