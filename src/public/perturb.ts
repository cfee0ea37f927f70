/**
 * `faultline/perturb`: the perturbation catalog, the profiles (`clean`, `production`, `chaos`,
 * ...), the engine that plans and applies them, and the fault-plan vocabulary recorded with every
 * episode. Importing it registers nothing.
 */
export { perturbationEngine, catalogEntries } from '../perturb/engine.js';
export { PROFILES, profile, type Profile } from '../perturb/profiles.js';
export { CATALOG, perturbationType, type PerturbationType } from '../perturb/catalog/index.js';
export { pathCalls, pathKey } from '../perturb/path.js';
export {
  PlannedPerturbationSchema,
  type RecoveryLabel,
  type PerturbationKind,
  type PerturbationSite,
  type Trigger,
  type PlannedPerturbation,
  type FiredPerturbation,
  type FaultState,
  type OpenFault,
  type CallContext,
  type HookResult,
  type StepEffects,
  type PerturbationEngine,
} from '../team/perturbation.js';
