/**
 * `recover-from-fault`: the outcome of the role's own last plan call. A careful role retries a
 * transient failure or a visibly broken result, waits out a rate limit and switches to a
 * documented fallback (at most a few times in a row); a role that does not recover gives up or
 * carries on as its behaviour says. It comes right after the role's own pending work because a
 * failed call is the most recent thing that happened to this role.
 */
import { giveUp } from '../finishing.js';
import { followerContext } from '../context.js';
import { recoveryFor } from '../../recovery.js';
import type { Rule } from '../types.js';

/** How many recoveries in a row before the role moves on. */
export const MAX_ATTEMPTS = 4;

/** Retries, waits or falls back after a fault of the role's own last plan call. */
export const recoverFromFault: Rule = {
  name: 'recover-from-fault',
  decide(turn) {
    const { memory, obs, behaviour } = turn;
    const last = memory.lastAction;
    if (!last || !memory.lastWasPlan || last.type !== 'tool') return null;
    const verify = behaviour.verify !== false;
    const move = recoveryFor(obs.last, turn.resultDamaged);
    const brokenButOk = obs.last?.ok === true && move.kind === 'retry';
    if (move.kind === 'none' || (brokenButOk && !verify)) {
      memory.attempts = 0;
      if (obs.last?.ok) turn.playbook.inFlight.delete(obs.role);
      return null;
    }
    if (!turn.recover) {
      if (brokenButOk) return null;
      if ((behaviour.onError?.(followerContext(turn, -1)) ?? 'ignore') === 'ignore') return null;
      return { action: giveUp(turn.task, obs, obs.last?.error?.message ?? 'an action failed'), fromPlan: false };
    }
    if (memory.attempts >= MAX_ATTEMPTS) {
      memory.attempts = 0;
      return null;
    }
    memory.attempts += 1;
    switch (move.kind) {
      case 'retry':
        return { action: last, fromPlan: true };
      case 'wait':
        memory.retryAfterWait = last;
        return { action: { type: 'wait', ticks: move.ticks }, fromPlan: false };
      case 'fallback':
        memory.fallbacks.set(last.tool, move.tool);
        return { action: { ...last, tool: move.tool }, fromPlan: true };
    }
  },
};
