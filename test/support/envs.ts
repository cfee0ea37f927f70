/**
 * The built-in env ids, for tests that sweep every registered env. Registers the built-ins itself
 * (no reliance on another module's import-time side effects) and fails at collection time when a
 * world is missing, so a sweep can never run over an empty or partial list and pass with nothing tested.
 */
import { loadBuiltins } from '../../src/builtins.js';
import { listEnvs } from '../../src/core/registry.js';

/** The worlds every sweep must cover. */
const WORLDS = ['deploy', 'filesystem', 'flaky-api', 'mock-web', 'pipeline'];

/** Ids of every built-in env (test fixtures left out), sorted; throws when a world has no env. */
export function builtinEnvIds(): string[] {
  loadBuiltins();
  const ids = listEnvs()
    .map((s) => s.id)
    .filter((id) => !id.startsWith('fixture/'));
  const missing = WORLDS.filter((w) => !ids.some((id) => id.startsWith(`${w}/`)));
  if (missing.length > 0)
    throw new Error(
      `builtinEnvIds: no env registered for world(s) ${missing.join(', ')} (got ${ids.join(', ') || 'none'}); ` +
        'expected loadBuiltins() to register every built-in world; check environments/index.ts',
    );
  return ids;
}
