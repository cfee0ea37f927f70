/**
 * Registering a package's list of task families as envs, once: each package (the built-in
 * worlds, a user's own) keeps one list of its families and registers it with this.
 */
import { listEnvs } from '../core/registry.js';
import { familyEnvId } from '../team/team-env.js';
import type { TaskFamily } from '../team/world.js';
import { registerTaskFamily } from './register.js';

/**
 * Registers every family of `families` as an env (`world/family-vN`), in order. Idempotent: a
 * family whose env id is already registered is skipped, so packages and tests may call it freely.
 */
export function registerTaskFamilies(families: readonly TaskFamily<unknown>[]): void {
  const known = new Set(listEnvs().map((s) => s.id));
  for (const family of families) {
    const id = familyEnvId(family);
    if (known.has(id)) continue;
    registerTaskFamily(family);
    known.add(id);
  }
}
