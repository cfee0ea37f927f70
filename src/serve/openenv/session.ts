/**
 * One `/ws` connection's env session: it owns one env (made on the first reset, remade when a
 * reset names another env id), answers `reset`, `step` and `state`, and puts the episode's
 * failure-mode metrics into the observation's `metadata` when the episode ends. Nothing here
 * touches a socket or another session; every failure becomes an error reply.
 */
import { FaultlineError, InvalidArgumentError, UnregisteredEnvError } from '../../core/errors.js';
import type { Seed } from '../../core/rng.js';
import { boundedAction, DEFAULT_MAX_ACTION_BYTES } from '../../team/action-size.js';
import type { TeamObservation } from '../../team/observation.js';
import { makeTeamEnv, teamModelOf, teamStateOf, type TeamEnv } from '../../team/team-env.js';
import { roleToolSpecs, teamActionDefinitions } from '../../team/tool-definitions.js';
import { analyzeEpisode } from '../../metrics/analyze.js';
import { EpisodeLog } from './episode-log.js';
import { ProtocolError, type ClientMessage, type ServerMessage } from './protocol.js';
import { parseResetRequest, type ResetRequest } from './reset-request.js';

/** How a session is set up. */
export interface SessionOptions {
  /** The env a reset without `env_id` plays; null: every reset must name one. */
  readonly defaultEnv: string | null;
  /** Most UTF-8 bytes of one action (larger ones become an error observation, as in `runEpisode`). */
  readonly maxActionBytes?: number;
  /** Names an episode whose reset gave no `episode_id`. */
  readonly newEpisodeId: () => string;
  /** The team name episodes record. @defaultValue 'openenv-client' */
  readonly team?: string;
}

/** The episode a session is playing. */
interface Episode {
  readonly id: string;
  readonly request: ResetRequest;
  readonly seed: Seed;
  readonly view: 'single' | 'team';
  readonly perturb: string;
  readonly log: EpisodeLog;
}

/** One connection's env and episode. */
export class OpenEnvSession {
  readonly #options: SessionOptions;
  #env: TeamEnv | null = null;
  #envId: string | null = null;
  #episode: Episode | null = null;
  #closed = false;

  constructor(options: SessionOptions) {
    this.#options = options;
  }

  /** Answers one message; null for `close` (the caller then closes the connection). Never throws. */
  handle(message: ClientMessage): ServerMessage | null {
    try {
      if (this.#closed) throw new ProtocolError('SESSION_ERROR', 'The session is closed; open a new connection.');
      switch (message.type) {
        case 'reset':
          return this.#reset(message.data);
        case 'step':
          return this.#step(message.data);
        case 'state':
          return { type: 'state', data: this.state() };
        default:
          this.close();
          return null;
      }
    } catch (e) {
      if (e instanceof ProtocolError) return e.toMessage();
      const code = e instanceof InvalidArgumentError ? 'VALIDATION_ERROR' : 'EXECUTION_ERROR';
      return new ProtocolError(code, e instanceof Error ? e.message : String(e)).toMessage();
    }
  }

  /** The OpenEnv state: `episode_id` and `step_count`, with faultline's episode fields. */
  state(): Record<string, unknown> {
    const e = this.#episode;
    if (e === null || this.#env === null) {
      return { episode_id: null, step_count: 0, env_id: this.#envId ?? this.#options.defaultEnv };
    }
    const s = teamStateOf(this.#env);
    return {
      episode_id: e.id,
      step_count: e.log.steps,
      env_id: this.#envId,
      seed: e.seed,
      view: e.view,
      perturb: e.perturb,
      trial: e.request.trial ?? 0,
      variant: e.request.variant ?? 0,
      task_id: s?.task.id ?? null,
      active_role: s?.active ?? null,
      clock: s?.clock ?? 0,
      done: e.log.outcome !== null,
      outcome: e.log.outcome,
    };
  }

  /** Releases the env. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#env?.close();
    this.#env = null;
    this.#episode = null;
  }

  #reset(data: unknown): ServerMessage {
    const { request, ignored } = parseResetRequest(data);
    const envId = request.env_id ?? this.#options.defaultEnv;
    if (envId === null) {
      throw new ProtocolError(
        'VALIDATION_ERROR',
        'Invalid reset: env_id is required (this server has no default env)',
        {
          field: 'env_id',
        },
      );
    }
    const current = envId === this.#envId ? this.#env : null;
    const env = current ?? makeEnv(envId);
    const fresh = current === null;
    const view = request.view ?? 'single';
    const perturb = request.perturb ?? 'clean';
    let reset;
    try {
      reset = env.reset({
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        options: { view, perturb, trial: request.trial ?? 0, variant: request.variant ?? 0 },
      });
    } catch (e) {
      if (fresh) env.close();
      throw e;
    }
    if (fresh) {
      this.#env?.close();
      this.#env = env;
      this.#envId = envId;
    }
    const seed = env.seed as Seed;
    const log = new EpisodeLog(
      env,
      {
        team: this.#options.team ?? 'openenv-client',
        seed,
        trial: request.trial ?? 0,
        variant: request.variant ?? 0,
        view,
      },
      reset.observation,
    );
    const id = request.episode_id ?? this.#options.newEpisodeId();
    this.#episode = { id, request, seed, view, perturb, log };
    return observationMessage(reset.observation, null, false, {
      episode_id: id,
      env_id: envId,
      seed,
      view,
      perturb,
      task_id: teamStateOf(env)?.task.id ?? null,
      roles: briefings(env),
      ...(ignored.length > 0 ? { ignored_fields: ignored } : {}),
    });
  }

  #step(data: unknown): ServerMessage {
    const e = this.#episode;
    const env = this.#env;
    if (e === null || env === null) {
      throw new ProtocolError('EXECUTION_ERROR', 'No episode: send {"type": "reset", "data": {...}} before stepping.');
    }
    if (e.log.outcome !== null) {
      throw new ProtocolError(
        'EXECUTION_ERROR',
        `The episode has ended (${e.log.outcome}); send a reset to start a new one.`,
      );
    }
    const role = teamStateOf(env)?.active ?? '';
    const action = boundedAction(data, this.#options.maxActionBytes ?? DEFAULT_MAX_ACTION_BYTES);
    const result = env.step(action);
    const record = e.log.record(role, action, result);
    const done = result.terminated || result.truncated;
    const metadata: Record<string, unknown> = {
      episode_id: e.id,
      step: record.step,
      acted: role,
      terminated: result.terminated,
      truncated: result.truncated,
    };
    if (done) {
      const episode = e.log.result();
      metadata['episode'] = {
        outcome: episode.outcome,
        success: episode.success,
        score: episode.score,
        reward: episode.reward,
        steps: episode.steps,
        handoffs: episode.handoffs,
        invalid_actions: episode.invalidActions,
        tool_errors: episode.toolErrors,
        digest: episode.digest,
        grade: episode.grade,
      };
      metadata['metrics'] = analyzeEpisode(episode);
    }
    return observationMessage(result.observation, result.reward, done, metadata);
  }
}

/** Makes the env of a reset; an unknown id is the client's mistake, any other failure the factory's. */
function makeEnv(envId: string): TeamEnv {
  try {
    return makeTeamEnv(envId);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof UnregisteredEnvError)
      throw new ProtocolError('VALIDATION_ERROR', `Invalid reset: env_id: ${message}`, { field: 'env_id' });
    if (e instanceof FaultlineError) throw new ProtocolError('FACTORY_ERROR', message);
    throw new ProtocolError('FACTORY_ERROR', `The env "${envId}" could not be made: ${message}`);
  }
}

/** The roles of the episode as their agents would be briefed: tools as LLM tool definitions. */
function briefings(env: TeamEnv): unknown[] {
  const state = teamStateOf(env);
  const world = teamModelOf(env).family.world;
  if (state === null) return [];
  return state.task.roles.map((r) => ({
    id: r.id,
    description: r.description,
    can_finish: r.canFinish,
    tools: roleToolSpecs(world, r.tools),
    team_actions: teamActionDefinitions(
      state.task.roles.filter((x) => x.id !== r.id).map((x) => x.id),
      r.canFinish,
    ),
  }));
}

/** An observation reply: the observation with its `metadata`, and `reward`/`done` lifted out. */
function observationMessage(
  observation: TeamObservation,
  reward: number | null,
  done: boolean,
  metadata: Record<string, unknown>,
): ServerMessage {
  return { type: 'observation', data: { observation: { ...observation, metadata }, reward, done } };
}
