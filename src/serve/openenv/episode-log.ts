/**
 * The record of one episode driven over the socket: the same trajectory steps and hash chain as
 * `runEpisode` keeps, so an episode played by a remote client has the same digest as the same
 * actions played in-process, and ends as an {@link EpisodeResult} that the metrics (and a
 * recorder) take as is.
 */
import { chainDigest } from '../../core/canonical.js';
import { observationDigest } from '../../team/observation-digest.js';
import type { StepResult } from '../../core/env.js';
import type { Seed } from '../../core/rng.js';
import {
  intentRecord,
  stepRecord,
  type EpisodeOutcome,
  type EpisodeResult,
  type TrajectoryStep,
} from '../../team/episode.js';
import { gradeTeamState } from '../../team/grade.js';
import type { Grade } from '../../team/ledger.js';
import type { TeamObservation } from '../../team/observation.js';
import { teamModelOf, teamStateOf, type TeamEnv } from '../../team/team-env.js';

/** Who played the episode and how it was set up. */
export interface EpisodeLogSetup {
  /** The name the episode records as its team (the remote client). */
  readonly team: string;
  readonly seed: Seed;
  readonly trial: number;
  readonly variant: number;
  readonly view: 'team' | 'single';
  /** The world size the env was reset at; absent at the family's own. */
  readonly worldSize?: number;
}

/** The trajectory of one socket-driven episode, step by step. */
export class EpisodeLog {
  readonly #env: TeamEnv;
  readonly #setup: EpisodeLogSetup;
  readonly #initialObservation: string;
  readonly #trajectory: TrajectoryStep[] = [];
  #chain: string;
  #reward = 0;
  #outcome: EpisodeOutcome | null = null;
  #grade: Grade | null = null;

  /** Starts the log of an episode whose env was just reset to `first`. */
  constructor(env: TeamEnv, setup: EpisodeLogSetup, first: TeamObservation) {
    this.#env = env;
    this.#setup = setup;
    this.#initialObservation = observationDigest(first);
    this.#chain = this.#initialObservation;
  }

  /** How the episode ended; null while it runs. */
  get outcome(): EpisodeOutcome | null {
    return this.#outcome;
  }

  /** The team id the episode records. */
  get team(): string {
    return this.#setup.team;
  }

  /** Steps recorded so far. */
  get steps(): number {
    return this.#trajectory.length;
  }

  /** The hash chain over the steps so far (equal to `runEpisode`'s digest for the same actions). */
  get digest(): string {
    return this.#chain;
  }

  /** Records a step exactly as `runEpisode` does; returns the record. */
  record(role: string, action: unknown, result: StepResult<TeamObservation>): TrajectoryStep {
    const record = stepRecord(this.#trajectory.length + 1, role, action, result);
    this.#chain = chainDigest(this.#chain, record);
    this.#trajectory.push(record);
    this.#reward += result.reward;
    if (result.terminated) {
      const grade = result.info['grade'] as Grade;
      this.#grade = grade;
      this.#outcome = grade.success ? 'success' : grade.finishStatus === 'gave_up' ? 'gave_up' : 'failure';
    } else if (result.truncated) {
      this.#outcome = 'truncated';
    }
    return record;
  }

  /** The step limit the env truncates at (recorded in the trajectory header, so truncation replays). */
  get maxSteps(): number {
    return teamModelOf(this.#env).family.maxEpisodeSteps;
  }

  /**
   * The episode as `runEpisode` would return it. An unfinished one reads as `truncated`, or,
   * given `abandoned` (why the client left it), as `agent_error` with that reason — as
   * `runEpisode` records an agent that stops answering. Read it before the env is reset or closed.
   */
  result(abandoned?: string): EpisodeResult {
    const model = teamModelOf(this.#env);
    const state = teamStateOf(this.#env);
    if (state === null) throw new Error('EpisodeLog.result(): the env has no state');
    const grade = this.#grade ?? gradeTeamState(model.family, state);
    const left = this.#outcome === null && abandoned !== undefined;
    const outcome = this.#outcome ?? (left ? 'agent_error' : 'truncated');
    return {
      envId: model.envId,
      team: this.#setup.team,
      seed: this.#setup.seed,
      trial: this.#setup.trial,
      variant: this.#setup.variant,
      ...(this.#setup.worldSize !== undefined ? { worldSize: this.#setup.worldSize } : {}),
      taskId: state.task.id,
      view: this.#setup.view,
      outcome,
      success: outcome === 'success',
      reward: this.#reward,
      score: grade.score,
      steps: state.t,
      handoffs: state.counters.handoffs,
      invalidActions: state.counters.invalidActions,
      toolErrors: state.counters.toolErrors,
      asks: state.counters.asks,
      clock: state.clock,
      grade,
      error: left ? { role: state.active, step: this.#trajectory.length, message: abandoned } : null,
      intent: intentRecord(state.task),
      perturbations: { profile: state.faults.profile, plan: state.faults.plan, atReset: state.atReset },
      initialObservation: this.#initialObservation,
      digest: this.#chain,
      trajectory: [...this.#trajectory],
    };
  }
}
