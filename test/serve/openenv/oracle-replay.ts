/**
 * Playing the oracle over the socket. The oracle is privileged (it reads the task's plan and the
 * faults that fired), which no remote client is told; so its actions are taken from the same
 * episode run in-process, and the client sends them one by one. Equal digests then show the
 * socket episode is the in-process one.
 */
import { observationDigest } from '../../../src/team/observation-digest.js';
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

/** The oracle's episode, in-process, with the text of every observation after a step. */
export async function oracleEpisode(c: EpisodeCase): Promise<EpisodeResult & { texts: readonly string[] }> {
  const oracle = findTeam('oracle');
  if (!oracle) throw new Error('the oracle team is not registered; call loadBuiltins()');
  const texts: string[] = [];
  const r = await runEpisode({
    env: c.envId,
    team: { ...oracle, view: c.view },
    seed: c.seed,
    perturb: c.perturb,
    // Trajectory digests leave the rendered text out: it is compared on its own.
    onStep: (_step, observation) => texts.push(observation.text),
  });
  return { ...r, texts };
}

/** What a client saw of one episode: per-step observation digests and texts, rewards, and the end. */
export interface PlayedEpisode {
  readonly observations: readonly string[];
  /** The text of every observation after a step. */
  readonly texts: readonly string[];
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
  const observations = [observationDigest(envObservation(first))];
  const texts: string[] = [];
  const rewards: (number | null)[] = [first.reward];
  const done = [first.done];
  let last = first;
  for (const action of actions) {
    last = await client.step(action);
    observations.push(observationDigest(envObservation(last)));
    texts.push(String(last.observation['text']));
    rewards.push(last.reward);
    done.push(last.done);
  }
  return { observations, texts, rewards, done, last, state: await client.state() };
}
