/**
 * The episode loop: drives a team through one episode of a team env and returns everything that
 * happened. A throwing agent ends the episode with `agent_error`, a slow one with `timeout`; the
 * caller's run goes on either way, and the trajectory recorded so far is kept.
 */
import { parseWorldSize, type WorldSizeInput } from '../world/world-size.js';
import { freeze } from 'immer';
import { deriveSeed, assertSeed, type Seed } from '../core/rng.js';
import { chainDigest, canonicalJson } from '../core/canonical.js';
import { observationDigest } from './observation-digest.js';
import { make } from '../core/registry.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { Agent, AgentContext, EpisodeStart, RoleBriefing, Team } from './agent.js';
import { withLazyDeadline, AgentTimeoutError, assertDeadlineMs } from './deadline.js';
import { assertMaxActionBytes, boundedAction, DEFAULT_MAX_ACTION_BYTES } from './action-size.js';
import type { StepEvent } from './events.js';
import { gradeTeamState } from './grade.js';
import type { Grade } from './ledger.js';
import type { TeamObservation } from './observation.js';
import { teamModelOf, teamStateOf, type TeamEnv } from './team-env.js';
import { roleToolSpecs, teamActionDefinitions } from './tool-definitions.js';
import type { Constraint, Fact, RoleSpec, Task } from './world.js';
import type { FiredPerturbation, PlannedPerturbation } from './perturbation.js';
import { episodeUsage, type EpisodeUsage, type StepTurn } from './turn.js';
import { isProviderError } from './provider-error.js';
import type { StepResult } from '../core/env.js';
import { agentContext } from './agent-context.js';

/**
 * How an episode ended. Only `success` counts as a pass; `agent_error`, `timeout`, `env_error`
 * and `provider_error` (the model provider could not be reached) are not task failures.
 */
export type EpisodeOutcome =
  'success' | 'failure' | 'gave_up' | 'truncated' | 'agent_error' | 'timeout' | 'env_error' | 'provider_error';

/** Limits for one episode. */
export interface EpisodeBudget {
  /** Step limit; defaults to the env spec's `maxEpisodeSteps`. */
  readonly maxSteps?: number;
  /** Wall-clock milliseconds an agent may take for one action. @defaultValue 60000 */
  readonly agentTimeoutMs?: number;
  /**
   * Most UTF-8 bytes of canonical JSON one action may hold (1024 .. 262144). A larger action is
   * an error observation naming its size and the cap, recorded as `{ oversized, bytes, limit,
   * sha256 }` instead of its content. @defaultValue 262144
   */
  readonly maxActionBytes?: number;
}

/** Outcomes that are not the team's doing: left out of pass rates and consistency unless asked. */
export const INFRASTRUCTURE_OUTCOMES: ReadonlySet<EpisodeOutcome> = new Set<EpisodeOutcome>([
  'agent_error',
  'timeout',
  'env_error',
  'provider_error',
]);

/** One recorded step: what was sent to the env and digests of what came back. */
export interface TrajectoryStep {
  readonly step: number;
  readonly role: string;
  /** The action exactly as the env received it (JSON); `{ oversized, bytes, limit, sha256 }` for one over the size cap. */
  readonly action: unknown;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** Digest of the observation returned by this step. */
  readonly observation: string;
  readonly event: StepEvent;
  /** What the agent recorded about choosing this action (model calls …); not part of the digest. */
  readonly turn?: StepTurn;
}

/**
 * The task's intent ledger as recorded with an episode: what the metrics need to interpret the
 * event log (constraints with their facts, fact values and guesses, what each role needs).
 */
export interface IntentRecord {
  readonly request: string;
  readonly entryRole: string;
  readonly constraints: readonly Pick<
    Constraint,
    'id' | 'text' | 'kind' | 'scope' | 'late' | 'facts' | 'subgoal' | 'forbidsAction'
  >[];
  readonly facts: readonly Fact[];
  readonly roles: readonly Pick<RoleSpec, 'id' | 'needs' | 'canFinish' | 'tools'>[];
}

/** The perturbations of an episode: the plan made at reset and those that acted on the reset itself. */
export interface PerturbationRecord {
  readonly profile: string;
  readonly plan: readonly PlannedPerturbation[];
  readonly atReset: readonly FiredPerturbation[];
}

/** Everything about one episode. */
export interface EpisodeResult {
  readonly envId: string;
  readonly team: string;
  readonly seed: Seed;
  readonly trial: number;
  /** The task variant (0: the task as generated). */
  readonly variant: number;
  /** The world size (an entity count); absent at the family's own size. */
  readonly worldSize?: number;
  readonly taskId: string;
  readonly view: 'team' | 'single';
  readonly outcome: EpisodeOutcome;
  readonly success: boolean;
  readonly reward: number;
  readonly score: number;
  readonly steps: number;
  readonly handoffs: number;
  readonly invalidActions: number;
  readonly toolErrors: number;
  readonly asks: number;
  /** Virtual time at the end. */
  readonly clock: number;
  readonly grade: Grade;
  /** Set for agent_error / timeout / env_error: who failed, at which step, and why. */
  readonly error: { readonly role: string; readonly step: number; readonly message: string } | null;
  /** The task's intent ledger (constraints, facts, role needs). */
  readonly intent: IntentRecord;
  readonly perturbations: PerturbationRecord;
  /** Digest of the reset observation. */
  readonly initialObservation: string;
  /** Hash chain over every recorded step (without agents' turns): equal digests ⇔ identical trajectories. */
  readonly digest: string;
  /** Model calls, tokens and cost, when the team's agents recorded any (see `StepTurn`). */
  readonly usage?: EpisodeUsage;
  readonly trajectory: readonly TrajectoryStep[];
}

/** Arguments of {@link runEpisode}. */
export interface RunEpisodeOptions {
  /** An env id (made with `make`) or a team env. */
  readonly env: string | TeamEnv;
  readonly team: Team;
  readonly seed: Seed;
  /** The attempt number: agents get a fresh seed and the profile's faults a fresh draw. @defaultValue 0 */
  readonly trial?: number;
  /** The task variant (see `TeamOptions.variant`). @defaultValue 0 */
  readonly variant?: number;
  /** The world size: a name or an entity count (see `TeamOptions.worldSize`). @defaultValue the family's own */
  readonly worldSize?: WorldSizeInput;
  readonly budget?: EpisodeBudget;
  /** The perturbation profile. @defaultValue 'clean' */
  readonly perturb?: string;
  /** An explicit fault plan instead of the profile's (see `faultPlanArbitrary`). */
  readonly faultPlan?: readonly PlannedPerturbation[];
  /** Called after every step (e.g. to stream a trajectory). */
  readonly onStep?: (step: TrajectoryStep, observation: TeamObservation) => void;
  /**
   * Called with `true` just before the team's code runs (`createAgents`, an agent's `act`) and
   * with `false` once it has answered, thrown or timed out: lets a watchdog on another thread
   * tell an agent blocking the thread from the harness at work (measuring a huge action, grading).
   */
  readonly onAgentTurn?: (acting: boolean) => void;
}

const DEFAULT_AGENT_TIMEOUT_MS = 60_000;

/** An episode whose env is reset and whose team is briefed, before any step. */
export interface OpenedEpisode {
  readonly env: TeamEnv;
  readonly ownsEnv: boolean;
  readonly model: ReturnType<typeof teamModelOf>;
  readonly team: Team;
  readonly seed: Seed;
  readonly trial: number;
  readonly variant: number;
  /** The world size (an entity count), absent at the family's own size. */
  readonly worldSize?: number;
  readonly view: 'team' | 'single';
  readonly start: EpisodeStart;
  readonly firstObservation: TeamObservation;
  readonly initialObservation: string;
  readonly stepLimit: number;
  readonly agentTimeoutMs: number;
  readonly maxActionBytes: number;
}

/**
 * Validates the options, makes and resets the env, and builds the team's briefing. Used by
 * {@link runEpisode} and by drivers that step the env on behalf of outside agents (the MCP host).
 */
export function openEpisode(options: RunEpisodeOptions): OpenedEpisode {
  const { team, seed } = options;
  const trial = options.trial ?? 0;
  const variant = options.variant ?? 0;
  const worldSize = parseWorldSize(options.worldSize, 'runEpisode({ worldSize })');
  const sized = worldSize === undefined ? {} : { worldSize };
  assertSeed(seed, 'runEpisode({ seed })');
  if (!Number.isInteger(trial) || trial < 0)
    throw new InvalidArgumentError('runEpisode({ trial })', trial, 'an integer >= 0', 'pass trial: 0');
  if (!Number.isInteger(variant) || variant < 0)
    throw new InvalidArgumentError('runEpisode({ variant })', variant, 'an integer >= 0', 'pass variant: 0');
  const maxSteps = options.budget?.maxSteps;
  const ownsEnv = typeof options.env === 'string';
  const env: TeamEnv =
    typeof options.env === 'string' ? make(options.env, maxSteps ? { maxEpisodeSteps: maxSteps } : {}) : options.env;
  const agentTimeoutMs = options.budget?.agentTimeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS;
  assertDeadlineMs(agentTimeoutMs, 'runEpisode({ budget.agentTimeoutMs })');
  const maxActionBytes = options.budget?.maxActionBytes ?? DEFAULT_MAX_ACTION_BYTES;
  assertMaxActionBytes(maxActionBytes, 'runEpisode({ budget.maxActionBytes })');
  const model = teamModelOf(env);
  const view = team.view ?? 'team';

  const perturb = options.perturb ?? 'clean';
  const reset = env.reset({
    seed,
    options: {
      view,
      perturb,
      trial,
      variant,
      ...sized,
      ...(options.faultPlan ? { faultPlan: options.faultPlan } : {}),
    },
  });
  const state0 = teamStateOf(env)!;
  const roles: RoleBriefing[] = state0.task.roles.map((r) => ({
    id: r.id,
    description: r.description,
    canFinish: r.canFinish,
    tools: roleToolSpecs(model.family.world, r.tools),
    teamActions: teamActionDefinitions(
      state0.task.roles.filter((x) => x.id !== r.id).map((x) => x.id),
      r.canFinish,
    ),
  }));
  // Frozen: the same briefing goes to every agent (and on restarts), its tool definitions are
  // shared across episodes, and the privileged task and plan are the state's own.
  const start: EpisodeStart = freeze<EpisodeStart>(
    {
      envId: model.envId,
      seed,
      trial,
      variant,
      ...sized,
      agentSeed: deriveSeed(seed, 'agents', team.id, trial),
      entryRole: state0.task.entryRole,
      roles,
      privileged: team.privileged ? { task: state0.task, faultPlan: state0.faults.plan } : null,
    },
    true,
  );
  return {
    env,
    ownsEnv,
    model,
    team,
    seed,
    trial,
    variant,
    ...sized,
    view,
    start,
    firstObservation: reset.observation,
    initialObservation: observationDigest(reset.observation),
    stepLimit: maxSteps ?? model.family.maxEpisodeSteps,
    agentTimeoutMs,
    maxActionBytes,
  };
}

/**
 * Runs one episode. Never throws for anything an agent does; throws only for bad arguments.
 */
export async function runEpisode(options: RunEpisodeOptions): Promise<EpisodeResult> {
  const opened = openEpisode(options);
  const { env, team, start, stepLimit, agentTimeoutMs, maxActionBytes } = opened;

  const trajectory: TrajectoryStep[] = [];
  let chain = opened.initialObservation;
  let error: EpisodeResult['error'] = null;
  let outcome: EpisodeOutcome | null = null;
  let reward = 0;
  let observation = opened.firstObservation;
  // The env grades a state that ends by `finish` (in its terminal step); only an episode cut
  // off before that is graded here, in closeEpisode.
  let grade: Grade | null = null;
  // The note of an action that never came (a provider that failed mid-turn): its calls still count.
  let failedTurn: StepTurn | undefined;

  // Ground truth for privileged teams only: what has fired so far, reset first.
  const fired: FiredPerturbation[] | null = team.privileged ? [...teamStateOf(env)!.atReset] : null;
  // What an agent is given is frozen (the observation is by the env): one agent must not be able
  // to change what another — or a later episode — is told.
  // An agent's note about the action it is choosing; attached to that action's step.
  let turnNote: StepTurn | undefined;
  const note = (turn: StepTurn) => {
    turnNote = freeze(turn, true);
  };
  // The privileged view is rebuilt only when something fired: most steps hand over the same one.
  let privileged: { readonly fired: readonly FiredPerturbation[] } | null = null;
  const privilegedView = (all: readonly FiredPerturbation[]) => {
    if (privileged?.fired.length !== all.length) privileged = freeze({ fired: [...all] }, true);
    return privileged;
  };
  // The signal is made only if the agent reads it (a scripted agent never does).
  const contextOf = (signalOf: () => AbortSignal): AgentContext =>
    agentContext(signalOf, note, fired ? privilegedView(fired) : null);
  const turn = options.onAgentTurn;
  let agents: Readonly<Record<string, Agent>> = {};
  try {
    turn?.(true);
    agents = team.createAgents(start);
  } catch (e) {
    outcome = 'agent_error';
    error = { role: start.entryRole, step: 0, message: `createAgents failed: ${messageOf(e)}` };
  } finally {
    turn?.(false);
  }

  while (outcome === null) {
    const role = observation.role;
    if (!agents[role]) {
      outcome = 'agent_error';
      error = {
        role,
        step: observation.step,
        message: `team "${team.id}" has no agent for role "${role}" (roles: ${Object.keys(agents).join(', ') || 'none'})`,
      };
      break;
    }
    let raw: unknown;
    if (observation.restarted) {
      // A restart is real for the agent too: it gets a fresh instance with no memory.
      try {
        turn?.(true);
        const fresh = team.createAgents(start)[role];
        if (fresh) agents = { ...agents, [role]: fresh };
      } catch (e) {
        outcome = 'agent_error';
        error = { role, step: observation.step, message: `createAgents failed on restart: ${messageOf(e)}` };
        break;
      } finally {
        turn?.(false);
      }
    }
    try {
      const agent = agents[role] as Agent;
      turn?.(true);
      turnNote = undefined;
      raw = await withLazyDeadline(agentTimeoutMs, (signalOf) => agent.act(observation, contextOf(signalOf)));
    } catch (e) {
      // A fatal provider error (a rejected key, an unknown model) fails every episode alike:
      // the run stops at once instead of recording hundreds of errored episodes.
      if (isProviderError(e) && e.fatal) throw e;
      outcome = e instanceof AgentTimeoutError ? 'timeout' : isProviderError(e) ? 'provider_error' : 'agent_error';
      error = { role, step: observation.step, message: messageOf(e) };
      failedTurn = turnNote;
      break;
    } finally {
      turn?.(false);
    }
    const action = boundedAction(raw, maxActionBytes);
    let result;
    try {
      result = env.step(action);
    } catch (e) {
      outcome = 'env_error';
      error = { role, step: observation.step, message: messageOf(e) };
      break;
    }
    const record = stepRecord(trajectory.length + 1, role, action, result);
    chain = chainDigest(chain, record);
    trajectory.push(turnNote ? { ...record, turn: turnNote } : record);
    if (fired && record.event?.perturbations) fired.push(...record.event.perturbations);
    reward += result.reward;
    observation = result.observation;
    options.onStep?.(record, observation);
    const end = stepEnding(result, trajectory.length, stepLimit);
    if (end) ({ outcome, grade } = end);
  }

  const usage = episodeUsage(failedTurn ? [...trajectory, { role: error?.role ?? '', turn: failedTurn }] : trajectory);
  return closeEpisode(opened, { outcome, error, reward, trajectory, chain, grade, usage });
}

/**
 * The result of an episode abandoned before its first step could be recorded — its agent blocked
 * the thread it ran on and was stopped from outside. The task, fault plan and intent are those
 * of the episode; the outcome is `timeout` with `error` saying what happened.
 */
export function abandonedEpisode(
  options: RunEpisodeOptions,
  error: NonNullable<EpisodeResult['error']>,
): EpisodeResult {
  const opened = openEpisode(options);
  return closeEpisode(opened, {
    outcome: 'timeout',
    error,
    reward: 0,
    trajectory: [],
    chain: opened.initialObservation,
    grade: null,
    usage: null,
  });
}

/** The record of one step: what the env received and digests of what came back. */
export function stepRecord(
  step: number,
  role: string,
  action: unknown,
  result: StepResult<TeamObservation>,
): TrajectoryStep {
  return {
    step,
    role,
    action,
    reward: result.reward,
    terminated: result.terminated,
    truncated: result.truncated,
    observation: observationDigest(result.observation),
    event: result.info['event'] as StepEvent,
  };
}

/**
 * How a step ends the episode, if it does: graded by the env at `finish`, or truncated (by the
 * env or by the step limit after `steps` recorded steps). Null while the episode goes on.
 */
export function stepEnding(
  result: StepResult<TeamObservation>,
  steps: number,
  stepLimit: number,
): { outcome: EpisodeOutcome; grade: Grade | null } | null {
  if (result.terminated) {
    const grade = result.info['grade'] as Grade;
    return { outcome: grade.success ? 'success' : grade.finishStatus === 'gave_up' ? 'gave_up' : 'failure', grade };
  }
  if (result.truncated || steps >= stepLimit) return { outcome: 'truncated', grade: null };
  return null;
}

/** What an episode's driver hands to {@link closeEpisode}. */
export interface EpisodeRun {
  readonly outcome: EpisodeOutcome;
  readonly error: EpisodeResult['error'];
  readonly reward: number;
  readonly trajectory: readonly TrajectoryStep[];
  /** The hash chain over the recorded steps, from the reset observation's digest. */
  readonly chain: string;
  /** The grade the terminal step carried; null to grade the state the episode stopped in. */
  readonly grade: Grade | null;
  readonly usage: EpisodeUsage | null;
}

/**
 * Closes an env the episode made and assembles the result, with the grade the terminal step
 * carried, or — for an episode cut off before `finish` — the grade of the state it stopped in.
 */
export function closeEpisode(opened: OpenedEpisode, run: EpisodeRun): EpisodeResult {
  const { env, model } = opened;
  const state = teamStateOf(env)!;
  const grade = run.grade ?? gradeTeamState(model.family, state);
  if (opened.ownsEnv) env.close();
  return {
    envId: model.envId,
    team: opened.team.id,
    seed: opened.seed,
    trial: opened.trial,
    variant: opened.variant,
    ...(opened.worldSize !== undefined ? { worldSize: opened.worldSize } : {}),
    taskId: state.task.id,
    view: opened.view,
    outcome: run.outcome,
    success: run.outcome === 'success',
    reward: run.reward,
    score: grade.score,
    steps: state.t,
    handoffs: state.counters.handoffs,
    invalidActions: state.counters.invalidActions,
    toolErrors: state.counters.toolErrors,
    asks: state.counters.asks,
    clock: state.clock,
    grade,
    error: run.error,
    intent: intentRecord(state.task),
    perturbations: { profile: state.faults.profile, plan: state.faults.plan, atReset: state.atReset },
    initialObservation: opened.initialObservation,
    digest: run.chain,
    ...(run.usage ? { usage: run.usage } : {}),
    trajectory: run.trajectory,
  };
}

/** The intent ledger of a task, as recorded with each episode. */
export function intentRecord(task: Task<unknown>): IntentRecord {
  return {
    request: task.request,
    entryRole: task.entryRole,
    constraints: task.constraints.map((c) => ({
      id: c.id,
      text: c.text,
      kind: c.kind,
      scope: c.scope,
      late: c.late,
      facts: c.facts,
      ...(c.subgoal ? { subgoal: true } : {}),
      ...(c.forbidsAction ? { forbidsAction: true } : {}),
    })),
    facts: task.facts,
    roles: task.roles.map((r) => ({ id: r.id, needs: r.needs, canFinish: r.canFinish, tools: r.tools })),
  };
}

/**
 * Turns whatever an agent returned into the JSON value the env will see, so the recorded action
 * is exactly what was stepped and replay is faithful. Non-JSON values become a descriptive
 * string, which the env rejects as an invalid action. No size cap (the episode loop applies one
 * with `boundedAction`).
 */
export function toJsonAction(raw: unknown): unknown {
  return boundedAction(raw, Number.POSITIVE_INFINITY);
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  try {
    return `non-Error thrown: ${canonicalJson(e)}`;
  } catch {
    return 'non-Error thrown';
  }
}
