/**
 * Seeded perturbations: the catalog, the profiles and the built-in engine. The engine reaches a
 * team env when its family is registered (`registerTaskFamily` of `src/world/register.ts` binds
 * it by default), never through a global slot, so no result depends on what was imported first.
 */
export { perturbationEngine, catalogEntries } from './engine.js';
export { PROFILES, profile, type Profile } from './profiles.js';
export { CATALOG, perturbationType, type PerturbationType } from './catalog/index.js';
