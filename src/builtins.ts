/**
 * The built-ins: the perturbation catalog, every built-in world's task families and the
 * reference teams. This is the one module that wires them into the registries; the CLI, the
 * public entries and each worker thread of a parallel run call it, so they all see the same set.
 */
import { registerBuiltinEnvs } from '../environments/index.js';
import { registerReferenceTeams } from '../agents/index.js';
import { installPerturbations } from './perturb/index.js';

/** Installs the perturbation catalog and registers every built-in env and reference team (idempotent). */
export function loadBuiltins(): void {
  installPerturbations();
  registerBuiltinEnvs();
  registerReferenceTeams();
}

/**
 * The worker-setup hook of this module: a run passes {@link BUILTINS_SETUP} to its workers,
 * which import it and call `setup()` before running episodes.
 */
export const setup = loadBuiltins;

/** The URL of this module, for a run's `setup` list (works from the sources and from dist). */
export const BUILTINS_SETUP: string = import.meta.url;
