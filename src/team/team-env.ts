/**
 * Team envs: registering a task family as `world/family-vN`, and reaching the team model behind
 * any (possibly wrapped) env.
 */
import { ModelEnv, type Env } from '../core/env.js';
import { make, register, type MakeOptions } from '../core/registry.js';
import type { EnvSpec } from '../core/spec.js';
import { FaultlineError, InvalidArgumentError } from '../core/errors.js';
import type { TaskFamily } from './world.js';
import { teamModel, type TeamModel, type TeamOptions } from './team-model.js';
import type { TeamObservation } from './observation.js';
import type { TeamState } from './state.js';
import type { PerturbationEngine } from './perturbation.js';
import { parseWorldSize } from '../world/world-size.js';

/** A team env as `make()` returns it. */
export type TeamEnv = Env<TeamObservation, TeamOptions>;

/** The env id of a task family: `world/family-vN`. */
export function familyEnvId(family: TaskFamily<unknown>): string {
  return `${family.world.id}/${family.id}-v${family.version}`;
}

/** How a task family is wired when it is registered as an env. */
export interface TeamEnvWiring {
  /**
   * The perturbation engine its episodes run with, or null for a family that only runs clean
   * (any other profile is then refused at reset).
   */
  readonly perturbations: PerturbationEngine | null;
}

/** Ids registered from task families: the envs a team can play. */
const teamEnvIds = new Set<string>();

/**
 * Whether `id` was registered from a task family, so teams can play it (`faultline run --env
 * all` means these; a plain Gymnasium env registered beside them is for the env API only).
 */
export function isTeamEnvId(id: string): boolean {
  return teamEnvIds.has(id);
}

/**
 * Registers a task family as an env with an explicit perturbation engine; returns its spec.
 * World authors use `registerTaskFamily` of `src/world/register.ts`, which binds the built-in engine.
 */
export function registerTaskFamily<W>(family: TaskFamily<W>, wiring: TeamEnvWiring): EnvSpec {
  const id = familyEnvId(family);
  teamEnvIds.add(id);
  return register({
    id,
    description: family.description,
    maxEpisodeSteps: family.maxEpisodeSteps,
    factory: (spec, kwargs) => {
      const { worldSize: rawSize, ...others } = kwargs;
      const worldSize = parseWorldSize(rawSize, `make("${id}", { worldSize })`);
      const unknown = Object.keys(others);
      if (unknown.length > 0) {
        throw new InvalidArgumentError(
          `make("${id}", options)`,
          kwargs,
          'no options other than maxEpisodeSteps and worldSize',
          `remove ${unknown.map((k) => `"${k}"`).join(', ')}; per-episode options go to reset({ seed, options })`,
        );
      }
      return new ModelEnv(
        teamModel(family, id, wiring.perturbations, worldSize === undefined ? {} : { worldSize }),
        spec,
      );
    },
  });
}

/** The team model behind an env (through any wrappers); throws if the env is not a team env. */
export function teamModelOf(env: Env<unknown, unknown>): TeamModel {
  const model = (env.unwrapped as ModelEnv<TeamState, unknown, unknown>).model as Partial<TeamModel>;
  if (!model || !('family' in model)) {
    throw new FaultlineError(
      'This env is not a team env (it was not built from a task family). Use make("world/family-vN").',
    );
  }
  return model as TeamModel;
}

/** The current team state behind an env (null before reset). */
export function teamStateOf(env: Env<unknown, unknown>): TeamState | null {
  return (env.unwrapped as ModelEnv<TeamState, unknown, unknown>).state;
}

/** `make()` for team envs, typed: observations are {@link TeamObservation}s. Throws for other envs. */
export function makeTeamEnv(id: string, options: MakeOptions = {}): TeamEnv {
  const env = make<TeamObservation, TeamOptions>(id, options);
  teamModelOf(env);
  return env;
}
