/**
 * The two golden digests of an episode: its structure (actions, state hashes, events, rewards)
 * and its rendered observations. Rewording an observation changes only the second, so the
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
  twin.reset({ seed, options: { view: team.view ?? 'team' } });
  let structure = digest(teamStateOf(twin));
  twin.close();
  const observations: string[] = [];
  const r = await runEpisode({
    env,
    team,
    seed,
    onStep: (step) => {
      const { observation: _rendered, ...rest } = step;
      structure = chainDigest(structure, { ...rest, state: digest(teamStateOf(env)) });
      observations.push(step.observation);
    },
  });
  env.close();
  let rendered = r.initialObservation;
  for (const o of observations) rendered = chainDigest(rendered, o);
  return { structure, observations: rendered, outcome: r.outcome, steps: r.steps };
}
