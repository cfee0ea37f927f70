/**
 * The oracle responder for any episode, without preparing its actions: the episode id in the
 * request's header names the env, seed, variant and trial, and the oracle's actions for it are
 * computed on first use (by running the oracle on the same episode and profile) and kept. This
 * is what `faultline mock-model` serves, so a run of the `llm` team against it takes the oracle's
 * actions on every episode — a way to try the whole LLM path offline, with no key and no model.
 */
import { oracleTeam } from '../../../agents/oracle.js';
import { runEpisode } from '../../team/episode.js';
import { parseEpisodeId as parseKey } from '../../run/episode-id.js';
import type { Team } from '../../team/agent.js';
import { oracleResponder, type OracleStep } from './oracle-responder.js';
import { errorReply } from './replies.js';
import type { Responder } from './types.js';

/** Options of {@link oracleReplayResponder}. */
export interface OracleReplayOptions {
  /** The perturbation profile the episodes run under (the run's `--perturb`). @defaultValue 'clean' */
  readonly perturb?: string;
  /** Step limit override, as the run's `--max-steps`. */
  readonly maxSteps?: number;
  /** Answer with the role's next consecutive actions as parallel tool calls. @defaultValue false */
  readonly parallel?: boolean;
  /** The team whose actions are replayed. @defaultValue the oracle */
  readonly team?: Team;
}

/** The parts of an episode id (`env.family-v1__team__s3__v1__w300__t0`, see `formatEpisodeId`). */
export interface ParsedEpisodeId {
  readonly envId: string;
  readonly team: string;
  readonly seed: number;
  readonly variant: number;
  readonly trial: number;
  /** The world size; absent at the family's own. */
  readonly worldSize?: number;
}

/** Reads an episode id back into its key; null when it is not one. */
export function parseEpisodeId(id: string): ParsedEpisodeId | null {
  const key = parseKey(id);
  return key === null ? null : { ...key, variant: key.variant ?? 0 };
}

/**
 * A responder that replays, for the episode each request names, the actions the oracle (or
 * `options.team`) takes in the same episode — same env, seed, variant, trial and profile.
 */
export function oracleReplayResponder(options: OracleReplayOptions = {}): Responder {
  const team = options.team ?? oracleTeam;
  const known = new Map<string, Promise<readonly OracleStep[] | string>>();
  const actionsOf = (episode: string): Promise<readonly OracleStep[] | string> => {
    const key = parseEpisodeId(episode);
    if (!key) return Promise.resolve(`"${episode}" is not an episode id (env.family-vN__team__sN[__vN][__wN]__tN)`);
    const id = `${key.envId}|${key.seed}|${key.variant}|${key.trial}|${key.worldSize ?? ''}`;
    let actions = known.get(id);
    if (!actions) {
      actions = runEpisode({
        env: key.envId,
        team,
        seed: key.seed,
        variant: key.variant,
        trial: key.trial,
        ...(key.worldSize !== undefined ? { worldSize: key.worldSize } : {}),
        perturb: options.perturb ?? 'clean',
        ...(options.maxSteps !== undefined ? { budget: { maxSteps: options.maxSteps } } : {}),
      }).then(
        (r) => r.trajectory.map((s) => ({ role: s.role, action: s.action })),
        (e: unknown) => `the ${team.id} could not run episode "${episode}": ${(e as Error).message}`,
      );
      known.set(id, actions);
    }
    return actions;
  };
  const ready = new Map<string, readonly OracleStep[]>();
  const inner = oracleResponder({
    actionsFor: (episode) => ready.get(episode),
    ...(options.parallel !== undefined ? { parallel: options.parallel } : {}),
  });
  return async (request, respondOptions) => {
    if (request.episode !== undefined && !ready.has(request.episode)) {
      const actions = await actionsOf(request.episode);
      if (typeof actions === 'string')
        return errorReply(400, `Scripted oracle: ${actions}.`, { code: 'oracle_unknown_request' });
      ready.set(request.episode, actions);
    }
    return inner(request, respondOptions);
  };
}
