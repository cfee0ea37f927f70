/**
 * `--env all` means every registered env a team can play: the task families' envs, the built-in
 * ones and a world author's, never a plain Gymnasium env registered beside them for the env API
 * (a team could not play it, and every episode of it would fail before a step).
 */
import { expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { listEnvs } from '../../src/core/registry.js';
import { resolveEnvIds } from '../../src/run/runner.js';
import { COUNT_ENV_ID, ensureCountEnv } from '../fixtures/count-env.js';
import { ensurePairNotesEnv } from '../fixtures/pair-notes-env.js';
import { builtinEnvIds } from '../support/envs.js';

it('all: the built-in and authored task families, not a plain env', () => {
  loadBuiltins();
  ensureCountEnv();
  const authored = ensurePairNotesEnv();
  const all = resolveEnvIds(['all']);
  expect(listEnvs().map((s) => s.id)).toContain(COUNT_ENV_ID);
  expect(all).not.toContain(COUNT_ENV_ID);
  expect(all).toContain(authored);
  expect(all).toEqual(expect.arrayContaining(builtinEnvIds()));
  // Named, a plain env is still accepted (the env checker and the env API take any).
  expect(resolveEnvIds([COUNT_ENV_ID])).toEqual([COUNT_ENV_ID]);
});
