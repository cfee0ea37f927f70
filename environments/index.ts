/**
 * The built-in worlds: one list of their task families, {@link BUILTIN_FAMILIES}, and
 * `registerBuiltinEnvs()` to register them all as envs.
 */
import type { TaskFamily } from '../src/team/world.js';
import { registerTaskFamilies } from '../src/world/register-families.js';
import { FILESYSTEM_FAMILIES } from './filesystem/index.js';
import { FLAKY_API_FAMILIES } from './flaky-api/index.js';
import { DEPLOY_FAMILIES } from './deploy/index.js';
import { MOCK_WEB_FAMILIES } from './mock-web/index.js';
import { PIPELINE_FAMILIES } from './pipeline/index.js';

export * as filesystem from './filesystem/index.js';
export * as flakyApi from './flaky-api/index.js';
export * as deploy from './deploy/index.js';
export * as mockWeb from './mock-web/index.js';
export * as pipeline from './pipeline/index.js';

/** Every task family of every built-in world, in the order their envs are listed. */
export const BUILTIN_FAMILIES: readonly TaskFamily<unknown>[] = [
  ...FILESYSTEM_FAMILIES,
  ...FLAKY_API_FAMILIES,
  ...DEPLOY_FAMILIES,
  ...MOCK_WEB_FAMILIES,
  ...PIPELINE_FAMILIES,
];

/** Registers every built-in task family as an env (idempotent). */
export function registerBuiltinEnvs(): void {
  registerTaskFamilies(BUILTIN_FAMILIES);
}
