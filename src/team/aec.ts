/**
 * A PettingZoo-style turn-based (AEC) view of a team env, for multi-agent RL: the agents are the
 * task's roles, `agentIter()` yields the role in control, `last()` is what that role sees and has
 * earned since it last acted, and `step(action)` acts for it. The team shares one reward: every
 * role's reward is the step's reward. When the episode ends every role is terminated (or
 * truncated); as in PettingZoo, `agentIter()` then yields each role once more and `step(null)`
 * removes it, so a standard AEC loop ends cleanly.
 */
import type { Info, ResetArgs } from '../core/env.js';
import { InvalidArgumentError, ResetNeededError } from '../core/errors.js';
import type { TeamObservation } from './observation.js';
import type { TeamOptions } from './team-model.js';
import { teamStateOf, type TeamEnv } from './team-env.js';

/** What `last()` returns for the selected agent (PettingZoo's `last()` tuple, named). */
export interface AecLast {
  readonly observation: TeamObservation;
  /** The reward accumulated since this agent last acted. */
  readonly reward: number;
  readonly termination: boolean;
  readonly truncation: boolean;
  readonly info: Info;
}

/** The AEC view of one team env (made with `makeTeamEnv` or `make`). */
export class AecTeamEnv {
  #possibleAgents: string[] = [];
  #agents: string[] = [];
  #selection: string | null = null;
  #observation: TeamObservation | null = null;
  #ended = false;
  #cumulative: Record<string, number> = {};
  #rewards: Record<string, number> = {};
  #terminations: Record<string, boolean> = {};
  #truncations: Record<string, boolean> = {};
  #infos: Record<string, Info> = {};

  constructor(readonly env: TeamEnv) {}

  /** Every role of the current task. */
  get possibleAgents(): readonly string[] {
    return [...this.#possibleAgents];
  }
  /** The roles still in the game (all of them until the episode ends). */
  get agents(): readonly string[] {
    return [...this.#agents];
  }
  /** The role to act next. */
  get agentSelection(): string {
    if (this.#selection === null) throw new ResetNeededError('No agent is selected. Call aec.reset({ seed }) first.');
    return this.#selection;
  }
  /** Each role's reward from the last step. */
  get rewards(): Readonly<Record<string, number>> {
    return { ...this.#rewards };
  }
  /** Each role's reward accumulated since it last acted. */
  get cumulativeRewards(): Readonly<Record<string, number>> {
    return { ...this.#cumulative };
  }
  get terminations(): Readonly<Record<string, boolean>> {
    return { ...this.#terminations };
  }
  get truncations(): Readonly<Record<string, boolean>> {
    return { ...this.#truncations };
  }
  get infos(): Readonly<Record<string, Info>> {
    return { ...this.#infos };
  }

  /** Starts an episode (the team env's reset arguments); the entry role is selected. */
  reset(args?: ResetArgs<TeamOptions>): void {
    const result = this.env.reset(args);
    const roles = teamStateOf(this.env)?.task.roles.map((r) => r.id) ?? [result.observation.role];
    this.#possibleAgents = roles;
    this.#agents = [...roles];
    this.#observation = result.observation;
    this.#selection = result.observation.role;
    this.#ended = false;
    this.#cumulative = Object.fromEntries(roles.map((r) => [r, 0]));
    this.#rewards = Object.fromEntries(roles.map((r) => [r, 0]));
    this.#terminations = Object.fromEntries(roles.map((r) => [r, false]));
    this.#truncations = Object.fromEntries(roles.map((r) => [r, false]));
    this.#infos = Object.fromEntries(roles.map((r) => [r, r === result.observation.role ? result.info : {}]));
  }

  /** Yields the role to act next until every role has left (at most `maxIter` times). */
  *agentIter(maxIter = Number.MAX_SAFE_INTEGER): Generator<string, void, undefined> {
    for (let i = 0; i < maxIter && this.#agents.length > 0 && this.#selection !== null; i++) yield this.#selection;
  }

  /** What the selected role sees: the observation, its reward since it last acted, its flags and info. */
  last(): AecLast {
    const agent = this.agentSelection;
    return {
      observation: this.#observation as TeamObservation,
      reward: this.#cumulative[agent] ?? 0,
      termination: this.#terminations[agent] ?? false,
      truncation: this.#truncations[agent] ?? false,
      info: this.#infos[agent] ?? {},
    };
  }

  /** Acts for the selected role; after the episode ended, `step(null)` removes the selected role. */
  step(action: unknown): void {
    const agent = this.agentSelection;
    if (this.#ended) {
      if (action !== null && action !== undefined)
        throw new InvalidArgumentError(
          `step(action) for the ended role "${agent}"`,
          action,
          'null',
          'pass null: the episode is over',
        );
      this.#agents = this.#agents.filter((a) => a !== agent);
      this.#selection = this.#agents[0] ?? null;
      return;
    }
    this.#cumulative[agent] = 0;
    const result = this.env.step(action);
    this.#observation = result.observation;
    for (const role of this.#possibleAgents) {
      this.#rewards[role] = result.reward;
      this.#cumulative[role] = (this.#cumulative[role] ?? 0) + result.reward;
      this.#infos[role] = role === result.observation.role ? result.info : {};
    }
    if (result.terminated || result.truncated) {
      this.#ended = true;
      for (const role of this.#possibleAgents) {
        this.#terminations[role] = result.terminated;
        this.#truncations[role] = result.truncated;
        this.#infos[role] = result.info;
      }
      this.#selection = this.#agents[0] ?? null;
    } else {
      this.#selection = result.observation.role;
    }
  }
}
