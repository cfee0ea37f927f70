/**
 * An episode host: owns one team env episode (made and reset with an env id, seed, perturbation
 * profile and trial) and steps it on behalf of outside agents — MCP sessions, one per role or one
 * for the whole team. Every step is recorded as `runEpisode` records it, so the finished episode
 * is an `EpisodeResult` that the recorder writes like any run's, with the same digest for the
 * same actions.
 */
import { chainDigest } from '../../core/canonical.js';
import type { Seed } from '../../core/rng.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { boundedAction } from '../../team/action-size.js';
import type { EpisodeStart, PrivilegedStep, Team } from '../../team/agent.js';
import type { FiredPerturbation } from '../../team/perturbation.js';
import {
  closeEpisode,
  openEpisode,
  stepEnding,
  stepRecord,
  type EpisodeOutcome,
  type EpisodeResult,
  type OpenedEpisode,
  type TrajectoryStep,
} from '../../team/episode.js';
import type { Grade } from '../../team/ledger.js';
import { observeTeam, type TeamObservation } from '../../team/observation.js';
import { teamStateOf } from '../../team/team-env.js';
import { episodeUsage, type StepTurn } from '../../team/turn.js';
import { ControlGate } from './control-gate.js';
import type { WorldSizeInput } from '../../world/world-size.js';

/** What episode to host. */
export interface EpisodeHostOptions {
  /** A registered env id, e.g. `filesystem/rename-symbol-v1`. */
  readonly env: string;
  readonly seed: Seed;
  /** The perturbation profile. @defaultValue 'clean' */
  readonly perturb?: string;
  /** The attempt number (a fresh draw of the profile's faults). @defaultValue 0 */
  readonly trial?: number;
  /** The task variant. @defaultValue 0 */
  readonly variant?: number;
  /** The world size: a name or an entity count (see `TeamOptions.worldSize`). @defaultValue the family's own */
  readonly worldSize?: WorldSizeInput;
  /** The env's view: every role (`team`) or one role with every tool (`single`). @defaultValue 'team' */
  readonly view?: 'team' | 'single';
  /** The team id the episode is recorded under (a safe id). @defaultValue 'mcp' */
  readonly team?: string;
  /** Step limit; defaults to the env spec's. */
  readonly maxSteps?: number;
  /** Most bytes one action may hold (see `EpisodeBudget.maxActionBytes`). */
  readonly maxActionBytes?: number;
  /** Wall-clock ms a call waits for its role to get control before it fails. @defaultValue 60000 */
  readonly controlTimeoutMs?: number;
  /**
   * What the role's agent recorded about the action it is taking (its model calls, e.g. from a
   * model proxy), asked for when the action is stepped and stored as the step's `turn`: outside
   * the digest, as `runEpisode` stores an agent's note.
   */
  readonly turnOf?: (role: string) => StepTurn | undefined;
  /**
   * Whether the episode's privileged briefing (task, fault plan, what fired) is kept for the
   * in-process agents of a team that drives some roles itself ({@link EpisodeHost.privilegedStart},
   * {@link EpisodeHost.privilegedStep}). Sessions never see it. @defaultValue false
   */
  readonly privileged?: boolean;
  /**
   * Roles whose turns a driver of the team hands out (remote roles): their session closing between
   * turns is normal, so it does not end the episode as abandoned. @defaultValue none
   */
  readonly drivenRoles?: readonly string[];
}

/** The outcome of one action taken through the host. */
export type HostedStep =
  | {
      readonly ok: true;
      /** The role that acted. */
      readonly role: string;
      readonly record: TrajectoryStep;
      /** What the acting role sees after its action (its own view, not its successor's). */
      readonly observation: TeamObservation;
      /** True when this step ended the episode. */
      readonly done: boolean;
    }
  | { readonly ok: false; readonly message: string };

const DEFAULT_CONTROL_TIMEOUT_MS = 60_000;

/** The stand-in team of an episode played from outside: its agents are not ours to create. */
function outsideTeam(id: string, view: 'team' | 'single', privileged: boolean): Team {
  return {
    id,
    description: 'Agents outside faultline, acting through MCP sessions.',
    view,
    ...(privileged ? { privileged } : {}),
    createAgents: () => ({}),
  };
}

/** One hosted episode. Create with {@link EpisodeHost.open}. */
export class EpisodeHost {
  /** The briefing: env, seed, entry role, and each role's tools and team actions (never privileged). */
  readonly start: EpisodeStart;
  /**
   * The briefing with the task and fault plan, for the in-process privileged agents of the team
   * (one object per episode: plan followers key their shared playbook by it); null unless the
   * episode was opened with `privileged: true`.
   */
  readonly privilegedStart: EpisodeStart | null;
  /** Resolves with the episode's result once it ends (by `finish`, truncation or an error). */
  readonly result: Promise<EpisodeResult>;

  private readonly gate: ControlGate;
  private readonly trajectory: TrajectoryStep[] = [];
  private readonly attached = new Set<string | null>();
  private readonly departed = new Set<string | null>();
  private chain: string;
  private reward = 0;
  private observation: TeamObservation;
  private finishedResult: EpisodeResult | null = null;
  private resolveResult!: (result: EpisodeResult) => void;
  /** What has fired so far (reset first), kept only for a privileged episode. */
  private readonly fired: FiredPerturbation[] | null;
  private privilegedView: PrivilegedStep | null = null;
  private readonly drivenRoles: ReadonlySet<string>;

  private constructor(
    private readonly opened: OpenedEpisode,
    private readonly controlTimeoutMs: number,
    /** The step limit override the episode was opened with, or null for the env's own. */
    readonly maxStepsOverride: number | null,
    private readonly turnOf: ((role: string) => StepTurn | undefined) | null = null,
    drivenRoles: readonly string[] = [],
  ) {
    const privileged = opened.start.privileged !== null;
    this.start = privileged ? Object.freeze({ ...opened.start, privileged: null }) : opened.start;
    this.privilegedStart = privileged ? opened.start : null;
    this.fired = privileged ? [...(teamStateOf(opened.env)?.atReset ?? [])] : null;
    this.drivenRoles = new Set(drivenRoles);
    this.chain = opened.initialObservation;
    this.observation = opened.firstObservation;
    this.gate = new ControlGate(() => (this.finishedResult ? null : this.observation.role));
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
  }

  /** Makes and resets the env. Throws `InvalidArgumentError` for bad options (an unknown env …). */
  static open(options: EpisodeHostOptions): EpisodeHost {
    const timeout = options.controlTimeoutMs ?? DEFAULT_CONTROL_TIMEOUT_MS;
    if (!Number.isInteger(timeout) || timeout < 1)
      throw new InvalidArgumentError('EpisodeHost({ controlTimeoutMs })', timeout, 'an integer >= 1', 'omit it');
    const opened = openEpisode({
      env: options.env,
      seed: options.seed,
      team: outsideTeam(options.team ?? 'mcp', options.view ?? 'team', options.privileged === true),
      ...(options.trial !== undefined ? { trial: options.trial } : {}),
      ...(options.variant !== undefined ? { variant: options.variant } : {}),
      ...(options.perturb !== undefined ? { perturb: options.perturb } : {}),
      ...(options.worldSize !== undefined ? { worldSize: options.worldSize } : {}),
      budget: {
        ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
        ...(options.maxActionBytes !== undefined ? { maxActionBytes: options.maxActionBytes } : {}),
      },
    });
    return new EpisodeHost(opened, timeout, options.maxSteps ?? null, options.turnOf ?? null, options.drivenRoles);
  }

  /** The role that holds control, or null once the episode has ended. */
  get holder(): string | null {
    return this.finishedResult ? null : this.observation.role;
  }

  /**
   * What the env tells a privileged agent now (every perturbation fired so far), or null for an
   * episode opened without `privileged`. The same object until something more fires.
   */
  privilegedStep(): PrivilegedStep | null {
    if (!this.fired) return null;
    if (this.privilegedView?.fired.length !== this.fired.length)
      this.privilegedView = Object.freeze({ fired: Object.freeze([...this.fired]) });
    return this.privilegedView;
  }

  /** The result, once the episode has ended. */
  get finished(): EpisodeResult | null {
    return this.finishedResult;
  }

  /** The role ids of the task, entry role first as the task lists them. */
  get roles(): readonly string[] {
    return this.start.roles.map((r) => r.id);
  }

  /** The step limit the episode runs under (recorded in its trajectory file's header). */
  get maxSteps(): number {
    return this.opened.stepLimit;
  }

  /** The cap on one action's canonical JSON, in bytes. */
  get maxActionBytes(): number {
    return this.opened.maxActionBytes;
  }

  /** Calls waiting for control now. */
  get waitingCalls(): number {
    return this.gate.waiting;
  }

  /** Steps recorded so far. */
  get steps(): number {
    return this.trajectory.length;
  }

  /**
   * What a role sees now: its own request (entry role only), inbox and last result. `null` is
   * the view of whichever role holds control.
   */
  observationFor(role: string | null): TeamObservation {
    if (role === null || role === this.observation.role) return this.observation;
    const state = teamStateOf(this.opened.env);
    return state ? observeTeam({ ...state, active: role }) : this.observation;
  }

  /**
   * Attaches a session for `role` (null: one session acting as whichever role holds control).
   * Each role has at most one session at a time (a role whose session closed may attach again
   * while the episode goes on), and a session for the whole team excludes role sessions.
   * Returns the detach function; throws `InvalidArgumentError` for a role that cannot attach.
   */
  attach(role: string | null): () => void {
    const where = 'EpisodeHost.attach(role)';
    if (this.finishedResult)
      throw new InvalidArgumentError(where, role, 'an episode that has not ended', 'open a new episode');
    if (role !== null && !this.roles.includes(role))
      throw new InvalidArgumentError(where, role, `one of ${this.roles.join(', ')}`, 'name a role of the task');
    if (this.attached.has(role))
      throw new InvalidArgumentError(where, role, 'a role without a session', 'use one session per role');
    if (role === null ? this.attached.size > 0 : this.attached.has(null))
      throw new InvalidArgumentError(
        where,
        role,
        'either one session for the whole team or one per role',
        'do not mix the two in one episode',
      );
    this.attached.add(role);
    this.departed.delete(role);
    let detached = false;
    return () => {
      if (detached) return;
      detached = true;
      this.attached.delete(role);
      this.departed.add(role);
      this.endIfAbandoned();
    };
  }

  /**
   * Takes an action for `role` (null: for whichever role holds control), waiting while another
   * role holds control. Never throws: a wait that times out, an ended episode or an env that
   * throws come back as `{ ok: false, message }`; an action the env rejects is a recorded step.
   */
  async act(role: string | null, action: unknown, signal?: AbortSignal): Promise<HostedStep> {
    for (;;) {
      if (this.finishedResult) return { ok: false, message: this.endedMessage() };
      const actor = role ?? this.observation.role;
      if (actor === this.observation.role) return this.step(actor, action);
      const wait = await this.gate.wait(actor, this.controlTimeoutMs, signal);
      if (!wait.ok && wait.reason === 'timeout')
        return {
          ok: false,
          message: `Role "${actor}" does not hold control: "${this.observation.role}" has held it for the last ${this.controlTimeoutMs} ms. Nothing was done; call again later, after a teammate hands off to you.`,
        };
      if (!wait.ok && wait.reason === 'aborted')
        return { ok: false, message: 'The call was cancelled while it waited for control.' };
    }
  }

  /** Resolves when `role` holds control; false when it never will (ended, timeout, cancelled). */
  async awaitControl(role: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.gate.wait(role, this.controlTimeoutMs, signal)).ok;
  }

  /** Ends an unfinished episode (a server shutting down) with `agent_error` and the reason. */
  close(reason: string): void {
    this.fail('agent_error', reason);
  }

  /**
   * Ends an unfinished episode with `outcome`, blaming `role` (by default the holder of control):
   * an in-process agent that threw or ran out of time, a remote agent that could not be reached.
   */
  fail(outcome: EpisodeOutcome, reason: string, role: string = this.observation.role): void {
    if (!this.finishedResult) this.end(outcome, { role, step: this.observation.step, message: reason }, null);
  }

  private step(role: string, raw: unknown): HostedStep {
    const action = boundedAction(raw, this.opened.maxActionBytes);
    let result;
    try {
      result = this.opened.env.step(action);
    } catch (e) {
      const message = e instanceof Error ? e.message || e.name : String(e);
      this.end('env_error', { role, step: this.observation.step, message }, null);
      return { ok: false, message: `The environment failed on this action: ${message}. The episode has ended.` };
    }
    const record = stepRecord(this.trajectory.length + 1, role, action, result);
    this.chain = chainDigest(this.chain, record);
    const turn = this.turnOf?.(role);
    this.trajectory.push(turn ? { ...record, turn } : record);
    if (this.fired && record.event?.perturbations) this.fired.push(...record.event.perturbations);
    this.reward += result.reward;
    this.observation = result.observation;
    const ending = stepEnding(result, this.trajectory.length, this.opened.stepLimit);
    const own = this.observationFor(role);
    if (ending) this.end(ending.outcome, null, ending.grade);
    else {
      this.gate.wake();
      this.endIfAbandoned();
    }
    return { ok: true, role, record, observation: own, done: this.finishedResult !== null };
  }

  /** Ends the episode when the session that must act next has gone. */
  private endIfAbandoned(): void {
    if (this.finishedResult) return;
    const holder = this.observation.role;
    const gone = this.departed.has(null)
      ? null
      : this.departed.has(holder) && !this.drivenRoles.has(holder)
        ? holder
        : undefined;
    if (gone === undefined) return;
    this.end(
      'agent_error',
      {
        role: holder,
        step: this.observation.step,
        message: `the MCP session of ${gone === null ? 'the team' : `role "${gone}"`} closed while it held control`,
      },
      null,
    );
  }

  private end(outcome: EpisodeOutcome, error: EpisodeResult['error'], grade: Grade | null): void {
    this.finishedResult = closeEpisode(this.opened, {
      outcome,
      error,
      reward: this.reward,
      trajectory: [...this.trajectory],
      chain: this.chain,
      grade,
      usage: episodeUsage(this.trajectory),
    });
    this.gate.wake();
    this.resolveResult(this.finishedResult);
  }

  private endedMessage(): string {
    const r = this.finishedResult;
    return `The episode has ended (${r?.outcome ?? 'unknown'}${r?.error ? `: ${r.error.message}` : ''}); no more actions are taken.`;
  }
}
