/**
 * How deploy tasks vary: every service gets another `domain-kind` name (its dependencies, log
 * entries, release manifest and facts with it), the stack and the owning teams are drawn anew
 * from their lists; the rules of the change policy and each service's config keys come in
 * another order.
 *
 * What is never renamed: config keys and values, versions, tickets, incidents, document names
 * and the approver. The new service names keep the world's rule that no name is a substring of
 * another, so a fact's value is still found in free text without ambiguity.
 */
import type { Rng } from '../../src/core/rng.js';
import type { Task, WorldVariants } from '../../src/team/world.js';
import { occursIn, renameWithin, shuffleVisibly, taskText } from '../../src/world/variation.js';
import type { DeployState, Service } from './state.js';
import { DOMAINS, KINDS, OWNERS, STACKS } from './families/names.js';

const SERVICE_NAMES = DOMAINS.flatMap((d) => KINDS.map((k) => `${d}-${k}`));

/** Whether no name contains another. */
function substringFree(names: readonly string[]): boolean {
  return names.every((a, i) => names.every((b, j) => i === j || !a.includes(b)));
}

function serviceRenames(rng: Rng, world: DeployState, isFree: (n: string) => boolean): Record<string, string> {
  const names = Object.keys(world.services).sort();
  const map = renameWithin(rng, names, SERVICE_NAMES, isFree);
  return substringFree(names.map((n) => map[n] ?? n)) ? map : {};
}

function renames(task: Task<DeployState>, rng: Rng): Record<string, string> {
  const text = taskText(task);
  const isFree = (n: string) => !occursIn(text, n);
  const present = (list: readonly string[]) => list.filter((n) => occursIn(text, n));
  return {
    ...serviceRenames(rng, task.world, isFree),
    ...renameWithin(rng, present(STACKS), STACKS, isFree),
    ...renameWithin(rng, present(OWNERS), OWNERS, isFree),
  };
}

/** A document's `- ` bullet lines in another order (each bullet is one rule, independent of the rest). */
function reorderBullets(rng: Rng, text: string): string {
  const lines = text.split('\n');
  const at = lines.map((l, i) => (l.startsWith('- ') ? i : -1)).filter((i) => i >= 0);
  if (at.length < 2) return text;
  const bullets = shuffleVisibly(
    rng,
    at.map((i) => lines[i] as string),
  );
  at.forEach((i, k) => (lines[i] = bullets[k] as string));
  return lines.join('\n');
}

function reorder(task: Task<DeployState>, rng: Rng): Task<DeployState> {
  const docs: Record<string, string> = {};
  for (const [name, text] of Object.entries(task.world.docs)) docs[name] = reorderBullets(rng, text);
  const services: Record<string, Service> = {};
  for (const [name, s] of Object.entries(task.world.services)) {
    const keys = Object.keys(s.config);
    services[name] =
      keys.length < 2
        ? s
        : { ...s, config: Object.fromEntries(shuffleVisibly(rng, keys).map((k) => [k, s.config[k] as string])) };
  }
  return { ...task, world: { ...task.world, docs, services } };
}

/** The deploy world's variants. */
export const deployVariants: WorldVariants<DeployState> = { renames, reorder };
