/**
 * What a role takes in before it decides: the facts its previous action taught it (the plan's
 * extractions from a result, the user's answer to a question).
 */
import type { Task } from '../../src/public/authoring.js';
import type { HandoffMessage, TeamObservation } from '../../src/public/index.js';
import { factsInText, messageText } from '../../src/public/metrics.js';
import type { RoleMemory } from '../follower-memory.js';
import { READING_SEPARATOR } from './settle.js';

/**
 * Learns from the previous action's result: planned extractions, and facts in the user's answers.
 * A `damaged` result teaches nothing; the extraction waits for the call made again.
 */
export function absorb(
  task: Task<unknown>,
  memory: RoleMemory,
  obs: TeamObservation,
  verify: boolean,
  damaged: boolean,
): void {
  const pending = memory.pendingLearn;
  memory.pendingLearn = null;
  const reads = (pending !== null && !damaged) || memory.lastAction?.type === 'ask';
  if (!obs.last?.ok || !reads) {
    // A failed read: whatever retries it still learns from it. Nothing to take from the result
    // (most turns): its text is never built.
    if (pending) memory.pendingLearn = pending;
    return;
  }
  // Patterns and answers are read off the result's text (its string leaves), not its JSON encoding.
  const text = messageText(obs.last.result as HandoffMessage);
  if (pending && !damaged) {
    const values: string[] = [];
    for (const { fact, pattern } of pending) {
      const m = new RegExp(pattern).exec(text);
      if (m?.[1] === undefined) continue;
      memory.learned.set(fact, m[1]);
      values.push(`${fact}=${m[1]}`);
    }
    // One reading is the tuple of every value the step teaches, double-checked together.
    if (values.length > 0 && verify) {
      if (!memory.checking || memory.checking.learn !== pending) memory.checking = { learn: pending, readings: [] };
      memory.checking.readings.push(values.join(READING_SEPARATOR));
    }
  } else if (pending) {
    memory.pendingLearn = pending;
  }
  if (memory.lastAction?.type === 'ask') {
    const byId = new Map(task.facts.map((f) => [f.id, f.value]));
    for (const id of factsInText(task.facts, text)) memory.learned.set(id, byId.get(id) as string);
  }
}
