/**
 * Agents and teams. An agent is anything that, given the observation of its role, returns an
 * action (possibly asynchronously). A team binds an agent to every role of a task.
 */
import type { Seed } from '../core/rng.js';
import { InvalidArgumentError } from '../core/errors.js';
import { assertSafeId } from '../core/safe-id.js';
import type { TeamObservation } from './observation.js';
import type { ToolDefinition } from './tool-definitions.js';
import type { Task } from './world.js';
import type { FiredPerturbation, PlannedPerturbation } from './perturbation.js';
import type { StepTurn } from './turn.js';
import type { EpisodeResult, RunEpisodeOptions } from './episode.js';

/** What an agent gets with each call. */
export interface AgentContext {
  /** Aborted when the agent's time budget for this call runs out. Pass it to LLM calls. */
  readonly signal: AbortSignal;
  /**
   * Records how the agent chose the action it is about to return (the model calls behind it,
   * tokens, the tool call it executes). The last note of a call is kept with the step, in the
   * trajectory, outside its digest. Agents that call no model need not use it.
   */
  readonly note: (turn: StepTurn) => void;
  /** What the env tells a privileged team at this step; absent for every other team. */
  readonly privileged?: PrivilegedStep;
}

/**
 * What a privileged team is told when an episode starts: ground truth no agent in a real team
 * has. Reference teams (the oracle and its flawed variants) act on it instead of guessing what
 * happened from the wording of what they read.
 */
export interface PrivilegedBriefing {
  /** The whole task, plan included. */
  readonly task: Task<unknown>;
  /** The episode's fault plan, fixed at reset (the same plan the episode record keeps). */
  readonly faultPlan: readonly PlannedPerturbation[];
}

/** What a privileged team is told at each step. */
export interface PrivilegedStep {
  /** Every perturbation that has fired so far, in order: those at reset first, then by step. */
  readonly fired: readonly FiredPerturbation[];
}

/** One agent, bound to one role for one episode. */
export interface Agent {
  /** Returns the next action of this role, or a promise of it. May throw; may be slow; must not hang forever. */
  act(observation: TeamObservation, context: AgentContext): unknown;
}

/** A role as its agent is told about it at the start of an episode. */
export interface RoleBriefing {
  readonly id: string;
  readonly description: string;
  readonly canFinish: boolean;
  /** The role's world tools, as LLM tool definitions. */
  readonly tools: readonly ToolDefinition[];
  /** handoff / ask / wait / finish as tool definitions. */
  readonly teamActions: readonly ToolDefinition[];
}

/** What a team learns when an episode starts. */
export interface EpisodeStart {
  readonly envId: string;
  readonly seed: Seed;
  readonly trial: number;
  /** The task variant (0: the task as generated). */
  readonly variant: number;
  /** The world size (an entity count); absent at the family's own size. */
  readonly worldSize?: number;
  /** A seed for the team's own randomness (different per trial; the env's seed is not). */
  readonly agentSeed: Seed;
  readonly entryRole: string;
  readonly roles: readonly RoleBriefing[];
  /** The task and its fault plan. Only given to teams that declare `privileged: true`. */
  readonly privileged: PrivilegedBriefing | null;
}

/** A team of agents, one per role. */
export interface Team {
  readonly id: string;
  readonly description: string;
  /**
   * Reference teams that follow the task's privileged plan (the oracle and its flawed variants):
   * they get {@link EpisodeStart.privileged} and, at each step, {@link AgentContext.privileged}.
   */
  readonly privileged?: boolean;
  /** Which view of the env the team plays: every role (`team`) or one role with every tool (`single`). @defaultValue 'team' */
  readonly view?: 'team' | 'single';
  /** Creates the agents for one episode, keyed by role id. */
  createAgents(start: EpisodeStart): Readonly<Record<string, Agent>>;
  /**
   * Plays a whole episode itself instead of being driven action by action (a team of programs
   * outside this process, stepping a hosted episode). When present, the runner calls it in place
   * of `runEpisode` with the same options, so recording, resume, workers and the summary are the
   * same for it. It must never throw for anything its agents do (their failures are outcomes),
   * and must leave nothing running once it resolves.
   */
  readonly play?: (options: RunEpisodeOptions) => Promise<EpisodeResult>;
}

const teams = new Map<string, Team>();

/**
 * Registers a team under its id (for the CLI and runner). Re-registering the same id replaces it.
 * The id becomes part of the run's file names, so it must be a safe id (`SAFE_ID_RULE`): lower
 * and upper case letters, digits, `.`, `_` and `-`, at most 64 characters, and not another
 * registered id in other letter case.
 */
export function registerTeam(team: Team): void {
  if (typeof team !== 'object' || team === null || typeof team.createAgents !== 'function') {
    throw new InvalidArgumentError(
      'registerTeam(team)',
      team,
      'a team object { id, description, createAgents(start) }',
      'pass a Team, e.g. one built with oracleTeam() from faultline/teams',
    );
  }
  assertSafeId('registerTeam(team.id)', team.id);
  const clash = [...teams.keys()].find((id) => id !== team.id && id.toLowerCase() === team.id.toLowerCase());
  if (clash !== undefined)
    throw new InvalidArgumentError(
      'registerTeam(team.id)',
      team.id,
      `an id that differs from every registered team's in more than letter case ("${clash}" is registered; both would share files on a case-insensitive file system)`,
      `pick another id, or register it as "${clash}" to replace that team`,
    );
  teams.set(team.id, team);
}

/** A registered team, or undefined. */
export function findTeam(id: string): Team | undefined {
  return teams.get(id);
}

/** Every registered team, sorted by id. */
export function listTeams(): Team[] {
  return [...teams.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
