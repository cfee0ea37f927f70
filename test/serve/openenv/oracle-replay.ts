/**
 * Playing the oracle over the socket. The oracle is privileged (it reads the task's plan and the
 * faults that fired), which no remote client is told; so its actions are taken from the same
 * episode run in-process, and the client sends them one by one. Equal digests then show the
 * socket episode is the in-process one.
 */
import { digest } from '../../../src/core/canonical.js';
import { findTeam } from '../../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import type { OpenEnvClient, StepData } from './client.js';

/** One episode's setup. */
export interface EpisodeCase {
  readonly envId: string;
  readonly seed: number;
  readonly perturb: string;
  readonly view: 'single' | 'team';
}

/** The oracle's episode, in-process. */
export async function oracleEpisode(c: EpisodeCase): Promise<EpisodeResult> {
  const oracle = findTeam('oracle');
  if (!oracle) throw new Error('the oracle team is not registered; call loadBuiltins()');
  return runEpisode({ env: c.envId, team: { ...oracle, view: c.view }, seed: c.seed, perturb: c.perturb });
}

/** What a client saw of one episode: per-step observation digests, rewards, and the end. */
export interface PlayedEpisode {
  readonly observations: readonly string[];
  readonly rewards: readonly (number | null)[];
  readonly done: readonly boolean[];
  readonly last: StepData;
  readonly state: Record<string, unknown>;
}

/** The observation without the server's `metadata`: what the env returned. */
export function envObservation(data: StepData): Record<string, unknown> {
  const { metadata: _metadata, ...observation } = data.observation;
  return observation;
}

/** Plays an episode's actions over a connection. */
export async function playOver(
  client: OpenEnvClient,
  c: EpisodeCase,
  actions: readonly unknown[],
): Promise<PlayedEpisode> {
  const first = await client.reset({ seed: c.seed, env_id: c.envId, perturb: c.perturb, view: c.view });
  const observations = [digest(envObservation(first))];
  const rewards: (number | null)[] = [first.reward];
  const done = [first.done];
  let last = first;
  for (const action of actions) {
    last = await client.step(action);
    observations.push(digest(envObservation(last)));
    rewards.push(last.reward);
    done.push(last.done);
  }
  return { observations, rewards, done, last, state: await client.state() };
}
