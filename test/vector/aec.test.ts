/**
 * The AEC view of a team env: driving the oracle's recorded actions, role by role through
 * `agentIter()` / `last()` / `step()`, reproduces the oracle episode's digest; the PettingZoo end
 * of game (every role terminated, `step(null)` removes it) and bad calls.
 */
import { describe, expect, it } from 'vitest';
import { AecTeamEnv } from '../../src/team/aec.js';
import { makeTeamEnv } from '../../src/team/team-env.js';
import { runEpisode } from '../../src/team/episode.js';
import { Wrapper } from '../../src/core/wrappers.js';
import { chainDigest } from '../../src/core/canonical.js';
import { observationDigest } from '../../src/team/observation-digest.js';
import { InvalidArgumentError, ResetNeededError } from '../../src/core/errors.js';
import type { ResetArgs, ResetResult, StepResult } from '../../src/core/env.js';
import type { TeamObservation } from '../../src/team/observation.js';
import type { TeamOptions } from '../../src/team/team-model.js';
import { oracleTeam } from '../../agents/oracle.js';
import { builtinEnvIds } from '../support/envs.js';

/** Chains every step the way the episode loop records it, to compare digests. */
class DigestRecorder extends Wrapper<TeamObservation, TeamOptions> {
  chain = '';
  steps = 0;
  override reset(args?: ResetArgs<TeamOptions>): ResetResult<TeamObservation> {
    const r = this.env.reset(args);
    this.chain = observationDigest(r.observation);
    this.steps = 0;
    return r;
  }
  override step(action: unknown): StepResult<TeamObservation> {
    const role = this.env.unwrapped.state ? this.env.unwrapped.model.observe(this.env.unwrapped.state).role : '';
    const r = this.env.step(action);
    this.steps++;
    this.chain = chainDigest(this.chain, {
      step: this.steps,
      role,
      action,
      reward: r.reward,
      terminated: r.terminated,
      truncated: r.truncated,
      observation: observationDigest(r.observation),
      event: r.info['event'],
    });
    return r;
  }
}

describe('AecTeamEnv', () => {
  for (const perturb of ['clean', 'production']) {
    it(`drives the oracle's actions to the oracle's digest on every built-in env (${perturb})`, async () => {
      for (const envId of builtinEnvIds()) {
        const seed = 5;
        const oracle = await runEpisode({ env: envId, team: oracleTeam, seed, perturb });
        expect(oracle.outcome, envId).toBe(perturb === 'clean' ? 'success' : oracle.outcome);
        const recorder = new DigestRecorder(makeTeamEnv(envId));
        const aec = new AecTeamEnv(recorder);
        aec.reset({ seed, options: { view: 'team', perturb, trial: 0, variant: 0 } });
        expect(aec.possibleAgents.length).toBeGreaterThan(1);
        let k = 0;
        let rewardSeen = 0;
        const left: string[] = [];
        for (const agent of aec.agentIter()) {
          const last = aec.last();
          if (last.termination || last.truncation) {
            left.push(agent);
            aec.step(null);
            continue;
          }
          const step = oracle.trajectory[k++];
          if (!step) break;
          expect(agent, `${envId} step ${k}`).toBe(step.role);
          expect(last.observation.role).toBe(agent);
          rewardSeen += last.reward;
          aec.step(step.action);
        }
        expect(k, envId).toBe(oracle.trajectory.length);
        expect(recorder.chain, envId).toBe(oracle.digest);
        if (oracle.outcome === 'success' || oracle.outcome === 'failure' || oracle.outcome === 'truncated') {
          // Every role left through the PettingZoo end of game, with the final step's reward.
          expect([...left].sort(), envId).toEqual([...aec.possibleAgents].sort());
          expect(aec.agents).toEqual([]);
        }
        expect(Number.isFinite(rewardSeen)).toBe(true);
      }
    }, 60_000);
  }

  it('gives every role the shared reward and refuses bad calls', () => {
    const envId = builtinEnvIds()[0] as string;
    const aec = new AecTeamEnv(makeTeamEnv(envId));
    expect(() => aec.last()).toThrow(ResetNeededError);
    aec.reset({ seed: 1 });
    const first = aec.agentSelection;
    expect(aec.last()).toMatchObject({ reward: 0, termination: false, truncation: false });
    aec.step({ type: 'finish', status: 'gave_up', summary: 'no' });
    const rewards = Object.values(aec.rewards);
    expect(new Set(rewards).size).toBe(1);
    expect(aec.terminations[first]).toBe(true);
    {
      expect(() => aec.step({ type: 'wait' })).toThrow(InvalidArgumentError);
      for (const agent of aec.agentIter()) {
        expect(aec.last().termination).toBe(true);
        aec.step(null);
        expect(aec.agents).not.toContain(agent);
      }
      expect(aec.agents).toEqual([]);
    }
  });
});
