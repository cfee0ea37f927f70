/**
 * Loads the built-in envs and reference teams into the registries.
 */
import { registerBuiltinEnvs } from '../../environments/index.js';
import { registerReferenceTeams } from '../../agents/index.js';
import { installPerturbations } from '../perturb/index.js';

/** Installs the perturbation catalog and registers every built-in env and reference team (idempotent). */
export function loadBuiltins(): void {
  installPerturbations();
  registerBuiltinEnvs();
  registerReferenceTeams();
}
