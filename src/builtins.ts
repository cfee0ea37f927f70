/**
 * The built-ins: every built-in world's task families (each registered with the built-in
 * perturbation engine) and the reference teams. This is the one module that wires them into the registries; the CLI, the
 * public entries and each worker thread of a parallel run call it, so they all see the same set.
 */
import { BUILTIN_FAMILIES, registerBuiltinEnvs } from '../environments/index.js';
import { familyEnvId } from './team/team-env.js';
import { REFERENCE_TEAMS } from '../agents/index.js';
import { registerTeam } from './team/agent.js';

/** Registers every reference team (idempotent: registering a team again replaces it with itself). */
export function registerReferenceTeams(): void {
  for (const team of REFERENCE_TEAMS) registerTeam(team);
}

/** Registers every built-in env (with the built-in perturbation engine) and reference team (idempotent). */
export function loadBuiltins(): void {
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

/** The env ids of the built-in worlds' task families (what the README documents), sorted. */
export function builtinEnvIds(): string[] {
  return BUILTIN_FAMILIES.map((family) => familyEnvId(family)).sort();
}
