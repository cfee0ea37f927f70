/**
 * An optional dense reward for team envs, beside the sparse one. The sparse reward is 1 on the
 * step that finishes the task successfully and 0 otherwise (range [0, 1] per episode). The dense
 * reward is progress on the task's intent ledger: with Φ(s) the fraction of the task's constraints
 * satisfied in state s, each step earns Φ(s') − Φ(s) (potential-based shaping, so it does not
 * change which policies are optimal). Per step it lies in [-1, 1] and its episode sum is
 * Φ(last) − Φ(first), also in [-1, 1]. A broken invariant lowers Φ; a goal reached raises it.
 */
import type { EnvSnapshot, ResetArgs, ResetResult, StepResult } from '../core/env.js';
import { InvalidArgumentError } from '../core/errors.js';
import { Wrapper } from '../core/wrappers.js';
import type { TeamObservation } from './observation.js';
import type { TeamOptions } from './team-model.js';
import { teamModelOf, teamStateOf, type TeamEnv } from './team-env.js';

/** Where the dense reward goes. */
export type DenseRewardMode = 'info' | 'reward';

/** The fraction of the task's constraints satisfied in the env's current state (0 before reset). */
export function ledgerProgress(env: TeamEnv): number {
  const ledger = teamStateOf(env)?.ledger ?? '';
  if (ledger.length === 0) return 0;
  let satisfied = 0;
  for (const status of ledger) if (status === 'S') satisfied++;
  return satisfied / ledger.length;
}

/**
 * Adds the dense reward to every step's info as `denseReward` (and the ledger progress as
 * `progress`); with mode `reward` the step's reward becomes sparse + dense (range [-1, 2] per episode).
 */
export class DenseReward extends Wrapper<TeamObservation, TeamOptions> {
  #potential = 0;

  constructor(
    env: TeamEnv,
    readonly mode: DenseRewardMode = 'info',
  ) {
    super(env);
    teamModelOf(env);
    if (mode !== 'info' && mode !== 'reward')
      throw new InvalidArgumentError('DenseReward(mode)', mode, '"info" or "reward"', 'omit it for "info"');
  }

  override reset(args?: ResetArgs<TeamOptions>): ResetResult<TeamObservation> {
    const result = this.env.reset(args);
    this.#potential = ledgerProgress(this.env);
    return { ...result, info: { ...result.info, progress: this.#potential } };
  }

  override step(action: unknown): StepResult<TeamObservation> {
    const result = this.env.step(action);
    const potential = ledgerProgress(this.env);
    const dense = potential - this.#potential;
    this.#potential = potential;
    return {
      ...result,
      reward: this.mode === 'reward' ? result.reward + dense : result.reward,
      info: { ...result.info, denseReward: dense, progress: potential },
    };
  }

  override restore(snapshot: EnvSnapshot): void {
    this.env.restore(snapshot);
    // Φ is a function of the state: nothing of the wrapper's own to keep in the snapshot.
    this.#potential = ledgerProgress(this.env);
  }
}
