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
import { parseWorldSize } from '../../world/world-size.js';
import {
  claimTrial,
  depart,
  recordEnded,
  type ClaimedKey,
  type Departure,
  type EpisodeRecording,
} from './recording.js';
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
  /** The team id episodes record when a reset gives no `team_id`. @defaultValue 'openenv' */
  readonly team?: string;
  /** The world size of a reset that gives no `world_size` (an entity count). @defaultValue the family's own */
  readonly worldSize?: number;
  /** Where episodes are recorded; absent: nothing is written. */
  readonly recording?: EpisodeRecording;
}

/** The episode a session is playing. */
interface Episode {
  readonly id: string;
  readonly request: ResetRequest;
  readonly seed: Seed;
  readonly view: 'single' | 'team';
  readonly perturb: string;
  readonly trial: number;
  /** The world size it was reset at; absent at the family's own. */
  readonly worldSize?: number;
  readonly log: EpisodeLog;
  /** The key claimed in the run directory, when recording. */
  readonly claimed: ClaimedKey | null;
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
          this.close('the client sent close before the episode ended');
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
      trial: e.trial,
      team_id: e.log.team,
      variant: e.request.variant ?? 0,
      ...(e.worldSize !== undefined ? { world_size: e.worldSize } : {}),
      task_id: s?.task.id ?? null,
      active_role: s?.active ?? null,
      clock: s?.clock ?? 0,
      done: e.log.outcome !== null,
      outcome: e.log.outcome,
    };
  }

  /**
   * Releases the env. An episode still being played is abandoned with `reason` (recorded as
   * `agent_error` or released, see {@link EpisodeRecording.recordAbandoned}). Idempotent: the
   * first reason given is the one recorded.
   */
  close(reason = 'the connection closed before the episode ended'): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#departure(reason)?.commit();
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
    // The episode being played is left only if this reset succeeds (a failed one changes nothing).
    const leaving = this.#departure('the client reset before the episode ended');
    const view = request.view ?? 'single';
    const perturb = request.perturb ?? 'clean';
    const team = request.team_id ?? this.#options.team ?? 'openenv';
    const variant = request.variant ?? 0;
    const worldSize = parseWorldSize(request.world_size, 'world_size') ?? this.#options.worldSize;
    let started: { reset: ReturnType<TeamEnv['reset']>; claimed: ClaimedKey | null };
    try {
      started = this.#resetEnv(env, envId, request, { view, perturb, team, variant, worldSize });
    } catch (e) {
      leaving?.undo();
      if (fresh) env.close();
      throw e;
    }
    leaving?.commit();
    const { reset, claimed } = started;
    if (fresh) {
      this.#env?.close();
      this.#env = env;
      this.#envId = envId;
    }
    const seed = env.seed as Seed;
    const trial = claimed?.trial ?? request.trial ?? 0;
    const sized = worldSize === undefined ? {} : { worldSize };
    const log = new EpisodeLog(env, { team, seed, trial, variant, view, ...sized }, reset.observation);
    const id = request.episode_id ?? this.#options.newEpisodeId();
    this.#episode = { id, request, seed, view, perturb, trial, ...sized, log, claimed };
    return observationMessage(reset.observation, null, false, {
      episode_id: id,
      env_id: envId,
      seed,
      view,
      perturb,
      trial,
      ...(worldSize === undefined ? {} : { world_size: worldSize }),
      team_id: team,
      task_id: teamStateOf(env)?.task.id ?? null,
      roles: briefings(env),
      ...(ignored.length > 0 ? { ignored_fields: ignored } : {}),
    });
  }

  /**
   * Resets the env for a request and, when recording, claims the episode's key first: its trial
   * (the request's, or the next free one for this env and seed) changes the faults drawn.
   */
  #resetEnv(
    env: TeamEnv,
    envId: string,
    request: ResetRequest,
    setup: { view: 'single' | 'team'; perturb: string; team: string; variant: number; worldSize: number | undefined },
  ): { reset: ReturnType<TeamEnv['reset']>; claimed: ClaimedKey | null } {
    const asked = request.trial ?? 0;
    const sized = setup.worldSize === undefined ? {} : { worldSize: setup.worldSize };
    const options = (trial: number) => ({
      view: setup.view,
      perturb: setup.perturb,
      trial,
      variant: setup.variant,
      ...sized,
    });
    const recording = this.#options.recording;
    if (!recording) {
      const reset = env.reset({
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        options: options(asked),
      });
      return { reset, claimed: null };
    }
    // A reset without a seed takes the next seed of the env's stream: reset once to learn it.
    const before = request.seed === undefined ? env.snapshot() : null;
    let claimed: ClaimedKey | null = null;
    try {
      const first = before !== null ? env.reset({ options: options(asked) }) : null;
      const seed = (request.seed ?? env.seed) as Seed;
      const key = { envId, team: setup.team, seed, variant: setup.variant, ...sized };
      const trial = claimTrial(recording, { ...key, ...(request.trial !== undefined ? { trial: request.trial } : {}) });
      claimed = { ...key, trial };
      if (first !== null && trial === asked) return { reset: first, claimed };
      const stream = first !== null ? env.snapshot().resetRng : null;
      const reset = env.reset({ seed, options: options(trial) });
      // Reset again with the claimed trial, keeping the seed stream where the first reset left it.
      if (stream !== null) env.restore({ ...env.snapshot(), resetRng: stream });
      return { reset, claimed };
    } catch (e) {
      if (claimed !== null) recording.run.release(claimed);
      // A failed reset leaves the env, and the episode it plays, as they were.
      if (before !== null) env.restore(before);
      throw e;
    }
  }

  /** Starts leaving the episode being played, when recording and it has not ended. */
  #departure(reason: string): Departure | null {
    const e = this.#episode;
    const recording = this.#options.recording;
    if (e === null || e.log.outcome !== null || e.claimed === null || !recording) return null;
    return depart(recording, e.claimed, e.log, reason);
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
      const metrics = analyzeEpisode(episode);
      metadata['metrics'] = metrics;
      const recording = this.#options.recording;
      if (recording && e.claimed) metadata['record'] = recordEnded(recording, episode, e.log.maxSteps, metrics);
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
