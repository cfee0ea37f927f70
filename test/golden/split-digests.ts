/**
 * The two golden digests of an episode: its structure (actions, state hashes, events, rewards)
 * and its observations, their rendered text included (which trajectory digests leave out). Rewording an observation changes only the second, so the
 * behaviour goldens do not churn when text is edited.
 */
import { chainDigest, digest } from '../../src/core/canonical.js';
import { make } from '../../src/core/registry.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import { teamStateOf, type TeamEnv } from '../../src/team/team-env.js';
import type { Team } from '../../src/team/agent.js';

/** One golden case: the two digests, the outcome and the step count. */
export interface GoldenCase {
  readonly structure: string;
  readonly observations: string;
  readonly outcome: EpisodeResult['outcome'];
  readonly steps: number;
}

/** Runs a clean episode and digests its structure and its observations apart. */
export async function goldenCase(envId: string, team: Team, seed: number): Promise<GoldenCase> {
  const env: TeamEnv = make(envId);
  // The state at reset, from a twin env: runEpisode resets its own env before the first hook.
  const twin: TeamEnv = make(envId);
  const first = twin.reset({ seed, options: { view: team.view ?? 'team' } }).observation;
  let structure = digest(teamStateOf(twin));
  twin.close();
  const observations: Array<{ fields: string; text: string }> = [];
  const r = await runEpisode({
    env,
    team,
    seed,
    onStep: (step, observation) => {
      const { observation: _observed, ...rest } = step;
      structure = chainDigest(structure, { ...rest, state: digest(teamStateOf(env)) });
      // The trajectory's digest leaves the rendered text out; the golden pins it here.
      observations.push({ fields: step.observation, text: observation.text });
    },
  });
  env.close();
  return {
    structure,
    observations: observationChain(r.initialObservation, first.text, observations),
    outcome: r.outcome,
    steps: r.steps,
  };
}

/**
 * The golden observation digest, outcome and step count of an episode, without its structure
 * digest (which hashes the state at every step: too slow for a property's many runs).
 */
export async function goldenObservations(
  envId: string,
  team: Team,
  seed: number,
): Promise<Omit<GoldenCase, 'structure'>> {
  const twin: TeamEnv = make(envId);
  const first = twin.reset({ seed, options: { view: team.view ?? 'team' } }).observation;
  twin.close();
  const observations: Array<{ fields: string; text: string }> = [];
  const r = await runEpisode({
    env: envId,
    team,
    seed,
    onStep: (step, observation) => observations.push({ fields: step.observation, text: observation.text }),
  });
  return {
    observations: observationChain(r.initialObservation, first.text, observations),
    outcome: r.outcome,
    steps: r.steps,
  };
}

/** The chain of an episode's observations: each step's recorded digest and its rendered text. */
function observationChain(
  initial: string,
  firstText: string,
  observations: ReadonlyArray<{ fields: string; text: string }>,
): string {
  let chain = chainDigest(initial, firstText);
  for (const o of observations) chain = chainDigest(chain, o);
  return chain;
}
