/**
 * Small helpers every rule shares: the context handed to behaviour hooks, the fact lookup of a
 * plan position, and the switch to a documented fallback tool.
 */
import { type FactLookup, partialKnowledge } from '../../src/public/authoring.js';
import type { Action } from '../../src/public/index.js';
import { knownFacts, type RoleMemory } from '../follower-memory.js';
import type { FollowerContext, Turn } from './types.js';

/** The context a behaviour hook gets at plan position `planIndex` (-1 outside the plan). */
export function followerContext(turn: Turn, planIndex: number): FollowerContext {
  return { role: turn.obs.role, observation: turn.obs, task: turn.task, planIndex, start: turn.start };
}

/** The values the role would fill a plan step with: what it knows, else guesses (or the behaviour's lookup). */
export function lookupFor(turn: Turn, index: number): FactLookup {
  const base = partialKnowledge(turn.task.facts, knownFacts(turn.task.facts, turn.memory, turn.obs));
  if (!turn.behaviour.lookup) return base;
  return turn.behaviour.lookup(base, followerContext(turn, index));
}

/** The call with a retired tool replaced by the fallback the role learned about. */
export function withFallback(memory: RoleMemory, action: Extract<Action, { type: 'tool' }>): Action {
  const fallback = memory.fallbacks.get(action.tool);
  return fallback ? { ...action, tool: fallback } : action;
}
