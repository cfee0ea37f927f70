/**
 * The built-in env ids, for tests that sweep every registered env. Registers the built-ins itself
 * (no reliance on another module's import-time side effects) and fails at collection time when a
 * world is missing, so a sweep can never run over an empty or partial list and pass with nothing tested.
 */
import { builtinEnvIds as builtinFamilyEnvIds, loadBuiltins } from '../../src/builtins.js';

/** The worlds every sweep must cover. */
const WORLDS = ['deploy', 'filesystem', 'flaky-api', 'mock-web', 'pipeline'];

/** Ids of every built-in env (test fixtures left out), sorted; throws when a world has no env. */
export function builtinEnvIds(): string[] {
  loadBuiltins();
  // The built-in families' ids, never the registry: files share a module graph, and another
  // file's registered fixtures must not join a sweep.
  const ids = builtinFamilyEnvIds();
  const missing = WORLDS.filter((w) => !ids.some((id) => id.startsWith(`${w}/`)));
  if (missing.length > 0)
    throw new Error(
      `builtinEnvIds: no env registered for world(s) ${missing.join(', ')} (got ${ids.join(', ') || 'none'}); ` +
        'expected loadBuiltins() to register every built-in world; check environments/index.ts',
    );
  return ids;
}
