/**
 * What every team that plays its own episodes through an {@link EpisodeHost} shares — the
 * framework adapters (Agents SDK, AI SDK, LangGraph) and the command team: the episode its
 * `play` call names, the host options that follow from `runEpisode`'s, the `createAgents` a
 * playing team cannot offer, and how a model call out of time turns an episode into a timeout.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { episodeId } from '../run/episode-id.js';
import type { EpisodeResult, RunEpisodeOptions } from '../team/episode.js';
import type { Team } from '../team/agent.js';
import type { EpisodeHostOptions } from './mcp/episode-host.js';
import { worldSizeOf } from '../world/world-size.js';

/** The env id and episode id of team `team`'s `play(options)`; throws for an env object. */
export function playedEpisode(team: string, options: RunEpisodeOptions): { readonly env: string; readonly id: string } {
  if (typeof options.env !== 'string')
    throw new InvalidArgumentError(
      `team "${team}" play({ env })`,
      '(an env object)',
      'a registered env id: the team plays a hosted episode',
      'pass the env id',
    );
  const id = episodeId({
    envId: options.env,
    team,
    seed: options.seed,
    trial: options.trial ?? 0,
    variant: options.variant ?? 0,
    ...worldSizeOf(options.worldSize, 'runEpisode({ worldSize })'),
  });
  return { env: options.env, id };
}

/** The {@link EpisodeHost} options for team `team`'s `play(options)` on `env`. */
export function hostOptionsOf(
  team: string,
  env: string,
  options: RunEpisodeOptions,
): Omit<EpisodeHostOptions, 'turnOf' | 'controlTimeoutMs' | 'view'> {
  return {
    env,
    seed: options.seed,
    team,
    ...(options.trial !== undefined ? { trial: options.trial } : {}),
    ...(options.variant !== undefined ? { variant: options.variant } : {}),
    ...(options.perturb !== undefined ? { perturb: options.perturb } : {}),
    ...worldSizeOf(options.worldSize, 'runEpisode({ worldSize })'),
    ...(options.budget?.maxSteps !== undefined ? { maxSteps: options.budget.maxSteps } : {}),
    ...(options.budget?.maxActionBytes !== undefined ? { maxActionBytes: options.budget.maxActionBytes } : {}),
  };
}

/** The `createAgents` of a team that only plays its episodes: it throws, saying how to run the team. */
export function playOnlyAgents(team: string): Team['createAgents'] {
  return () => {
    throw new InvalidArgumentError(
      `team "${team}"`,
      'createAgents()',
      'a runner that calls team.play() for teams that have it',
      'run the team with faultline run or runEvaluation, which play its episodes',
    );
  };
}

/** Whether `e` is (or wraps, through `cause`) the abort of a call that ran out of time. */
export function isTimeoutError(e: unknown): boolean {
  for (let cause = e, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1)
    if (cause.name === 'TimeoutError') return true;
  return false;
}

/**
 * `result`, as a timeout when `timedOut`: the host ends an abandoned episode as an agent error,
 * but one whose agent ran out of time is a timeout, as `runEpisode` records it.
 */
export function withTimeoutOutcome(result: EpisodeResult, timedOut: boolean): EpisodeResult {
  return timedOut && result.outcome === 'agent_error' ? { ...result, outcome: 'timeout' } : result;
}

/** A team that plays its episodes itself: `play` is always there. */
export type PlayingTeam = Team & { readonly play: NonNullable<Team['play']> };
