/**
 * The team env model: turns a task family of a world into a pure, multi-agent, turn-based
 * {@link EnvModel}. One role acts per step; a handoff passes control and a message to another role.
 */
import { produce } from 'immer';
import * as z from 'zod';
import type { EnvModel, Info, Transition } from '../core/env.js';
import { Rng, type Seed } from '../core/rng.js';
import { InvalidArgumentError } from '../core/errors.js';
import { sampleJsonSchema } from '../core/spaces.js';
import { parseAction, describeAction, type Action } from './actions.js';
import { auditHandoff, factsInText, type HandoffAudit } from './handoff-audit.js';
import { evaluateLedger, gradeFromLedger, type Grade } from './ledger.js';
import { observeTeam, type TeamObservation } from './observation.js';
import type { StepEvent } from './events.js';
import { INBOX_LIMIT, type LastResult, type RoleState, type TeamState } from './state.js';
import type { Task, TaskFamily, ToolContext, ToolError, ToolOutcome, ToolSpec } from './world.js';
import { toSingleAgentTask } from './single-agent.js';
import { roleToolSpecs } from './tool-definitions.js';

/** Reset options of every team env. */
export const TeamOptionsSchema = z
  .object({
    /** `team`: the task's roles. `single`: one role, `agent`, holds every tool. */
    view: z.enum(['team', 'single']).default('team'),
    /** Overrides the task's entry role (the role that receives the user's request). */
    entryRole: z.string().min(1).max(64).optional(),
  })
  .strict();

/** Parsed reset options. */
export type TeamOptions = z.infer<typeof TeamOptionsSchema>;

const DEFAULT_ASK_ANSWER = 'The user says: nothing to add — please proceed with the request as written.';

/** The pure model of a team env, with the task family it was built from. */
export interface TeamModel<W = unknown> extends EnvModel<TeamState<W>, TeamObservation, TeamOptions> {
  readonly family: TaskFamily<W>;
  readonly envId: string;
}

/** Builds the pure model of a team env for one task family. */
export function teamModel<W>(family: TaskFamily<W>, envId: string): TeamModel<W> {
  const world = family.world;

  const initial = (seed: Seed, options: TeamOptions): TeamState<W> => {
    const rng = Rng.fromSeed(seed);
    let task = family.generate(rng.fork('task'), seed);
    if (options.view === 'single') task = toSingleAgentTask(task);
    else if (options.entryRole !== undefined && options.entryRole !== task.entryRole) {
      const entryRole = options.entryRole;
      if (!task.roles.some((r) => r.id === entryRole)) {
        throw new InvalidArgumentError('reset({ options.entryRole })', entryRole, `one of the task's roles (${task.roles.map((r) => r.id).join(', ')})`, 'omit entryRole to use the task default');
      }
      task = { ...task, entryRole };
    }
    const roles: Record<string, RoleState> = {};
    const entryKnows = factsInText(task.facts, task.request);
    for (const r of task.roles) {
      roles[r.id] = { inbox: [], last: null, known: r.id === task.entryRole ? entryKnows : [], actions: 0 };
    }
    return {
      rng: rng.fork('episode').state(),
      t: 0,
      envId,
      task,
      world: task.world,
      clock: 0,
      active: task.entryRole,
      roles,
      ledger: evaluateLedger(world, task.constraints, task.world, task.world, null, false),
      finished: null,
      counters: { handoffs: 0, invalidActions: 0, toolErrors: 0, asks: 0 },
    };
  };

  const transition = (state: TeamState<W>, raw: unknown): Transition<TeamState<W>> => {
    const role = state.active;
    const step = state.t + 1;
    const parsed = parseAction(raw);
    if (!parsed.ok) {
      const next = produce(state, (d) => {
        d.t = step;
        d.clock += 1;
        d.counters.invalidActions += 1;
        const r = d.roles[role] as RoleState & { last: LastResult | null; actions: number };
        r.actions += 1;
        r.last = { action: 'invalid action', ok: false, error: { code: parsed.problem.code, message: parsed.problem.message } };
      });
      return finishStep(next, { step, clock: next.clock, role, kind: 'invalid', action: null, ok: false, error: { code: parsed.problem.code, message: parsed.problem.message }, ledger: next.ledger }, false);
    }
    const action = parsed.action;
    switch (action.type) {
      case 'tool':
        return toolStep(state, role, step, action);
      case 'handoff':
        return handoffStep(state, role, step, action);
      case 'ask':
        return simpleStep(state, role, step, action, { ok: true, result: { answer: answerQuestion(state.task, action.question) } }, 1, (d) => {
          d.counters.asks += 1;
        });
      case 'wait':
        return simpleStep(state, role, step, action, { ok: true, result: `waited ${action.ticks} ticks` }, action.ticks, undefined);
      case 'finish':
        return finishAction(state, role, step, action);
    }
  };

  const toolStep = (state: TeamState<W>, role: string, step: number, action: Extract<Action, { type: 'tool' }>): Transition<TeamState<W>> => {
    const spec = state.task.roles.find((r) => r.id === role);
    // Own keys only: "constructor" or "toString" must not resolve to Object.prototype members.
    const known = Object.hasOwn(world.tools, action.tool);
    const tool: ToolSpec<W> | undefined = known && spec?.tools.includes(action.tool) ? world.tools[action.tool] : undefined;
    let outcome: ToolOutcome<W>;
    if (!tool) {
      outcome = {
        ok: false,
        error: {
          code: known ? 'forbidden_tool' : 'unknown_tool',
          message: `${known ? `The ${role} may not call "${action.tool}"` : `There is no tool "${action.tool}"`}. Your tools: ${spec?.tools.join(', ') || '(none)'}.${known ? ' Hand off to a teammate who has it.' : ''}`,
        },
      };
    } else {
      const args = tool.args.safeParse(action.args);
      if (!args.success) {
        const issue = args.error.issues[0];
        const field = issue?.path.length ? `args.${issue.path.join('.')}` : 'args';
        outcome = {
          ok: false,
          error: {
            code: 'invalid_args',
            message: `${action.tool}: ${field} ${issue?.message ?? 'is invalid'} (got ${JSON.stringify(pick(action.args, issue?.path[0]))}). Expected arguments: ${JSON.stringify(z.toJSONSchema(tool.args, { unrepresentable: 'any' })['properties'] ?? {})}.`,
          },
        };
      } else {
        outcome = runToolSafely(tool, state.world, args.data as Record<string, unknown>, { role, clock: state.clock, step });
      }
    }
    return simpleStep(state, role, step, action, outcome, outcome.latency ?? 1, undefined);
  };

  const simpleStep = (
    state: TeamState<W>,
    role: string,
    step: number,
    action: Action,
    outcome: ToolOutcome<W>,
    ticks: number,
    extra: ((d: any) => void) | undefined,
  ): Transition<TeamState<W>> => {
    const worldChanged = outcome.world !== undefined && outcome.world !== state.world;
    const next = produce(state, (d) => {
      d.t = step;
      d.clock += Math.max(1, ticks);
      if (worldChanged) d.world = outcome.world as any;
      if (!outcome.ok) d.counters.toolErrors += 1;
      const r = d.roles[role] as any;
      r.actions += 1;
      r.last = lastResult(action, outcome);
      extra?.(d);
    });
    const ledger = worldChanged ? evaluateLedger(world, next.task.constraints, next.world, next.task.world, null, false) : next.ledger;
    const withLedger = ledger === next.ledger ? next : produce(next, (d) => void (d.ledger = ledger));
    const event: StepEvent = {
      step,
      clock: withLedger.clock,
      role,
      kind: action.type,
      action,
      ok: outcome.ok,
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(outcome.reads?.length ? { reads: outcome.reads } : {}),
      ...(outcome.writes?.length ? { writes: outcome.writes } : {}),
      ledger,
    };
    return finishStep(withLedger, event, false);
  };

  const handoffStep = (state: TeamState<W>, role: string, step: number, action: Extract<Action, { type: 'handoff' }>): Transition<TeamState<W>> => {
    const target = state.task.roles.find((r) => r.id === action.to);
    if (!target || action.to === role) {
      const error: ToolError = {
        code: 'invalid_handoff',
        message: `Cannot hand off to "${action.to}"${action.to === role ? ' (that is you)' : ''}. Teammates: ${state.task.roles.filter((r) => r.id !== role).map((r) => r.id).join(', ') || '(none)'}.`,
      };
      return simpleStep(state, role, step, action, { ok: false, error }, 1, undefined);
    }
    const receiver = state.roles[target.id] as RoleState;
    const audit: HandoffAudit = auditHandoff(state.task.facts, role, target.id, action.message, target.needs, receiver.known);
    const next = produce(state, (d) => {
      d.t = step;
      d.clock += 1;
      d.active = target.id;
      d.counters.handoffs += 1;
      const sender = d.roles[role] as any;
      sender.actions += 1;
      sender.last = { action: describeAction(action), ok: true, result: `handed off to ${target.id}` };
      const r = d.roles[target.id] as any;
      r.inbox.push({ from: role, step, message: action.message });
      if (r.inbox.length > INBOX_LIMIT) r.inbox.splice(0, r.inbox.length - INBOX_LIMIT);
      for (const f of audit.carried) if (!r.known.includes(f)) r.known.push(f);
    });
    const event: StepEvent = { step, clock: next.clock, role, kind: 'handoff', action, ok: true, handoff: audit, ledger: next.ledger };
    return finishStep(next, event, false);
  };

  const finishAction = (state: TeamState<W>, role: string, step: number, action: Extract<Action, { type: 'finish' }>): Transition<TeamState<W>> => {
    const spec = state.task.roles.find((r) => r.id === role);
    if (!spec?.canFinish) {
      const finishers = state.task.roles.filter((r) => r.canFinish).map((r) => r.id);
      const error: ToolError = { code: 'forbidden_finish', message: `The ${role} may not finish the episode. Hand off to ${finishers.join(' or ')} to finish.` };
      return simpleStep(state, role, step, action, { ok: false, error }, 1, undefined);
    }
    const answer = action.answer ?? null;
    const ledger = evaluateLedger(world, state.task.constraints, state.world, state.task.world, answer, true);
    const next = produce(state, (d) => {
      d.t = step;
      d.clock += 1;
      d.ledger = ledger;
      d.finished = { role, status: action.status, answer, step };
      const r = d.roles[role] as any;
      r.actions += 1;
      r.last = { action: describeAction(action), ok: true, result: 'episode finished' };
    });
    const event: StepEvent = { step, clock: next.clock, role, kind: 'finish', action, ok: true, ledger };
    return finishStep(next, event, true);
  };

  const finishStep = (state: TeamState<W>, event: StepEvent, terminated: boolean): Transition<TeamState<W>> => {
    const info: Record<string, unknown> = { event };
    let reward = 0;
    if (terminated) {
      const grade = gradeTeamState(family, state);
      info['grade'] = grade;
      reward = grade.success ? 1 : 0;
    }
    return { state, reward, terminated, truncated: false, info };
  };

  return {
    family,
    envId,
    parseOptions(raw: unknown): TeamOptions {
      const parsed = TeamOptionsSchema.safeParse(raw ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InvalidArgumentError(
          `reset({ options${issue?.path.length ? `.${issue.path.join('.')}` : ''} })`,
          raw,
          issue?.message ?? 'valid team options',
          'use { view: "team" } or { view: "single" }',
        );
      }
      return parsed.data;
    },
    initial,
    resetInfo(state: TeamState<W>): Info {
      return {
        envId,
        taskId: state.task.id,
        entryRole: state.task.entryRole,
        roles: state.task.roles.map((r) => ({ id: r.id, description: r.description, tools: r.tools, canFinish: r.canFinish })),
        constraints: state.task.constraints.map((c) => ({ id: c.id, text: c.text, scope: c.scope, late: c.late })),
        facts: state.task.facts.map((f) => ({ id: f.id, description: f.description })),
        ledger: state.ledger,
      };
    },
    transition,
    observe: observeTeam,
    sampleAction(state: TeamState<W>, rng: Rng): unknown {
      return sampleTeamAction(family, state, rng);
    },
  };
}

/** Grades the current state (also used when an episode is cut off before `finish`). */
export function gradeTeamState<W>(family: TaskFamily<W>, state: TeamState<W>): Grade {
  const finishStatus = state.finished?.status ?? 'not_finished';
  const ledger = state.finished
    ? state.ledger
    : evaluateLedger(family.world, state.task.constraints, state.world, state.task.world, null, true);
  const changed = family.world.diff(state.task.world, state.world);
  const allowed = allowedChanges(state.task);
  const collateral = changed.filter((id) => !allowed(id));
  return gradeFromLedger(state.task.constraints, ledger, finishStatus, collateral);
}

/** The entity ids a task allows to change, from its `no-collateral` constraint's `allow` prefixes. */
function allowedChanges(task: Task<unknown>): (id: string) => boolean {
  const c = task.constraints.find((x) => x.kind === 'no-collateral');
  const allow = (c?.params['allow'] as string[] | undefined) ?? null;
  if (!allow) return () => true;
  return (id) => allow.some((p) => id === p || (p.endsWith('/') && id.startsWith(p)));
}

/**
 * Runs a tool; a tool that throws is a bug in the world, reported to the agent as an
 * `internal_error` observation (and flagged by the env checker) instead of crashing the episode.
 */
function runToolSafely<W>(tool: ToolSpec<W>, world: W, args: Record<string, unknown>, ctx: ToolContext): ToolOutcome<W> {
  try {
    return tool.run(world, args, ctx);
  } catch (e) {
    return { ok: false, error: { code: 'internal_error', message: `The tool ${tool.name} failed internally (${e instanceof Error ? e.message : String(e)}). This is a bug in the world, not in your call.` } };
  }
}

function lastResult<W>(action: Action, outcome: ToolOutcome<W>): LastResult {
  return outcome.ok
    ? { action: describeAction(action), ok: true, result: outcome.result ?? null }
    : { action: describeAction(action), ok: false, error: outcome.error ?? { code: 'error', message: 'failed' } };
}

function answerQuestion(task: Task<unknown>, question: string): string {
  const q = question.toLowerCase();
  for (const c of task.clarifications) {
    if (c.keywords.some((k) => q.includes(k.toLowerCase()))) return c.answer;
  }
  return DEFAULT_ASK_ANSWER;
}

function pick(value: Record<string, unknown>, key: PropertyKey | undefined): unknown {
  return key === undefined ? value : value[key as string];
}

/** A valid-looking random action: mostly tool calls with schema-sampled arguments. */
function sampleTeamAction<W>(family: TaskFamily<W>, state: TeamState<W>, rng: Rng): unknown {
  const spec = state.task.roles.find((r) => r.id === state.active);
  const teammates = state.task.roles.filter((r) => r.id !== state.active).map((r) => r.id);
  const kind = rng.weighted({ tool: 80, handoff: teammates.length ? 12 : 0, ask: 2, wait: 2, finish: spec?.canFinish ? 4 : 0 });
  const vocabulary = family.world.vocabulary(state.world);
  switch (kind) {
    case 'tool': {
      const tools = roleToolSpecs(family.world, spec?.tools ?? []);
      if (tools.length === 0) return { type: 'wait', ticks: 1 };
      const tool = rng.pick(tools);
      return { type: 'tool', tool: tool.name, args: sampleJsonSchema(tool.parameters, rng, vocabulary) };
    }
    case 'handoff':
      return { type: 'handoff', to: rng.pick(teammates), message: { text: rng.sample(vocabulary, 3).join(' ') } };
    case 'ask':
      return { type: 'ask', question: `What about ${rng.pick(vocabulary.length ? vocabulary : ['this'])}?` };
    case 'wait':
      return { type: 'wait', ticks: rng.int(1, 3) };
    default:
      return { type: 'finish', status: 'done' };
  }
}
