/**
 * Loads the built-in envs and reference teams into the registries.
 */
import { registerBuiltinEnvs } from '../../environments/index.js';
import { registerReferenceTeams } from '../../agents/index.js';

/** Registers every built-in env (with the built-in perturbation engine) and reference team (idempotent). */
export function loadBuiltins(): void {
  registerBuiltinEnvs();
  registerReferenceTeams();
}
