/**
 * Double-checking a value read off the world: each reading is the tuple of every value one step
 * teaches; once enough readings are in, the one most of them agree on is what the role learned.
 */
import type { RoleMemory } from '../follower-memory.js';

/** Separates `fact=value` pairs inside one reading (a byte no fact value contains). */
export const READING_SEPARATOR = '\u0000';

/** Ends a double-check: the reading most readings agree on is what the role learned. */
export function settle(memory: RoleMemory): void {
  const check = memory.checking;
  memory.checking = null;
  if (!check || check.readings.length === 0) return;
  const counts = new Map<string, number>();
  for (const r of check.readings) counts.set(r, (counts.get(r) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
  for (const pair of best[0].split(READING_SEPARATOR)) {
    const at = pair.indexOf('=');
    memory.learned.set(pair.slice(0, at), pair.slice(at + 1));
  }
}
