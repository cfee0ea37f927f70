/**
 * One step of a team episode: validate the acting role's action, apply it (tool call, handoff,
 * ask, wait, finish), let the fault plan act at its sites, re-evaluate the intent ledger when the
 * world changed, and describe everything in the step's event.
 */
import { produce } from 'immer';
import * as z from 'zod';
import type { Transition } from '../core/env.js';
import { parseAction, describeAction, type Action, type HandoffMessage } from './actions.js';
import { auditHandoff, factsInText, messageText, type HandoffAudit } from './handoff-audit.js';
import { evaluateLedger } from './ledger.js';
import type { StepEvent } from './events.js';
import { INBOX_LIMIT, type LastResult, type TeamState } from './state.js';
import type { Task, TaskFamily, ToolContext, ToolError, ToolOutcome, ToolSpec } from './world.js';
import { type CallContext, type FaultState, type FiredPerturbation, type PerturbationEngine } from './perturbation.js';
import { gradeTeamState } from './grade.js';

const DEFAULT_ASK_ANSWER = 'The user says: nothing to add — please proceed with the request as written.';

/** What the fault plan did during the step being built. */
interface Scratch {
  faults: FaultState;
  readonly fired: FiredPerturbation[];
  userMessage?: { to: string; text: string };
}

/** Builds the transition function of a team model. */
export function teamTransition<W>(
  family: TaskFamily<W>,
  perturbations: PerturbationEngine | null,
): (state: TeamState<W>, raw: unknown) => Transition<TeamState<W>> {
  const world = family.world;

  const transition = (state0: TeamState<W>, raw: unknown): Transition<TeamState<W>> => {
    const step = state0.t + 1;
    const engine = state0.faults.plan.length > 0 ? perturbations : null;
    const scratch: Scratch = { faults: state0.faults, fired: [] };
    // The acting role has now seen its restart notice; a restart planned for this step sets it again.
    const seen = state0.roles[state0.active]?.restarted
      ? produce(state0, (d) => void ((d.roles[d.active] as any).restarted = undefined))
      : state0;
    const state = engine ? beforeStep(engine, seen, step, scratch) : seen;
    const role = state.active;
    const parsed = parseAction(raw);
    if (!parsed.ok) {
      const error = { code: parsed.problem.code, message: parsed.problem.message };
      const next = produce(state, (d) => {
        d.t = step;
        d.clock += 1;
        d.counters.invalidActions += 1;
        const r = d.roles[role] as any;
        r.actions += 1;
        r.last = { action: 'invalid action', ok: false, error } satisfies LastResult;
      });
      return finishStep(
        next,
        { step, clock: next.clock, role, kind: 'invalid', action: null, ok: false, error, ledger: next.ledger },
        false,
        scratch,
      );
    }
    const action = parsed.action;
    switch (action.type) {
      case 'tool':
        return toolStep(engine, state, role, step, action, scratch);
      case 'handoff':
        return handoffStep(engine, state, role, step, action, scratch);
      case 'ask':
        return simpleStep(
          state,
          role,
          step,
          action,
          { ok: true, result: { answer: answerQuestion(state.task, action.question) } },
          1,
          scratch,
          (d) => {
            d.counters.asks += 1;
          },
        );
      case 'wait':
        return simpleStep(
          state,
          role,
          step,
          action,
          { ok: true, result: `waited ${action.ticks} ticks` },
          action.ticks,
          scratch,
        );
      case 'finish':
        return finishAction(state, role, step, action, scratch);
    }
  };

  /** User messages and restarts planned for this step. */
  const beforeStep = (
    engine: PerturbationEngine,
    state: TeamState<W>,
    step: number,
    scratch: Scratch,
  ): TeamState<W> => {
    const r = engine.beforeStep({ step, clock: state.clock, active: state.active, task: state.task }, scratch.faults);
    scratch.faults = r.faults;
    scratch.fired.push(...r.fired);
    const { userMessage, restart, task } = r.value;
    if (!userMessage && !restart && !task) return state;
    if (userMessage) scratch.userMessage = { to: userMessage.to, text: messageText(userMessage.message) };
    const next = produce(state, (d) => {
      if (task) d.task = task as any;
      if (restart && d.roles[restart]) {
        const role = d.roles[restart] as any;
        role.inbox = [];
        role.last = null;
        role.known = [];
        role.restarted = true;
      }
      if (userMessage && d.roles[userMessage.to]) {
        const role = d.roles[userMessage.to] as any;
        role.inbox.push({ from: 'user', step, message: userMessage.message });
        if (role.inbox.length > INBOX_LIMIT) role.inbox.splice(0, role.inbox.length - INBOX_LIMIT);
        for (const f of factsInText(d.task.facts, messageText(userMessage.message)))
          if (!role.known.includes(f)) role.known.push(f);
      }
    });
    // A changed requirement changes what the constraints demand: re-read the ledger.
    if (!task) return next;
    const ledger = evaluateLedger(world, next.task.constraints, next.world, next.task.world, null, false);
    return ledger === next.ledger ? next : produce(next, (d) => void (d.ledger = ledger));
  };

  const toolStep = (
    engine: PerturbationEngine | null,
    state: TeamState<W>,
    role: string,
    step: number,
    action: Extract<Action, { type: 'tool' }>,
    scratch: Scratch,
  ): Transition<TeamState<W>> => {
    const spec = state.task.roles.find((r) => r.id === role);
    // Own keys only: "constructor" or "toString" must not resolve to Object.prototype members.
    const known = Object.hasOwn(world.tools, action.tool);
    const tool: ToolSpec<W> | undefined =
      known && spec?.tools.includes(action.tool) ? world.tools[action.tool] : undefined;
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
        const data = args.data;
        const call: CallContext | null = engine
          ? {
              step,
              clock: state.clock,
              role,
              tool: tool.name,
              args: data,
              entity: entityOf(tool, data),
              readOnly: tool.readOnly,
              allowed: true,
            }
          : null;
        const faulted = engine && call ? engine.beforeCall(call, scratch.faults) : null;
        if (faulted) {
          scratch.faults = faulted.faults;
          scratch.fired.push(...faulted.fired);
        }
        if (faulted?.value) {
          outcome = faulted.value as ToolOutcome<W>;
        } else {
          outcome = runToolSafely(tool, state.world, data, { role, clock: state.clock, step });
          if (engine && call && outcome.ok) {
            const after = engine.afterCall(call, outcome, scratch.faults);
            scratch.faults = after.faults;
            scratch.fired.push(...after.fired);
            outcome = after.value as ToolOutcome<W>;
          }
        }
      }
    }
    return simpleStep(state, role, step, action, outcome, outcome.latency ?? 1, scratch);
  };

  const simpleStep = (
    state: TeamState<W>,
    role: string,
    step: number,
    action: Action,
    outcome: ToolOutcome<W>,
    ticks: number,
    scratch: Scratch,
    extra?: (d: any) => void,
  ): Transition<TeamState<W>> => {
    const worldChanged = outcome.world !== undefined && outcome.world !== state.world;
    const seen = outcome.ok ? factsSeen(state, role, outcome.result) : [];
    const next = produce(state, (d) => {
      d.t = step;
      d.clock += Math.max(1, ticks);
      if (worldChanged) d.world = outcome.world as any;
      if (!outcome.ok) d.counters.toolErrors += 1;
      const r = d.roles[role] as any;
      r.actions += 1;
      r.last = lastResult(action, outcome);
      for (const f of seen) r.known.push(f);
      extra?.(d);
    });
    const ledger = worldChanged
      ? evaluateLedger(world, next.task.constraints, next.world, next.task.world, null, false)
      : next.ledger;
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
    return finishStep(withLedger, event, false, scratch);
  };

  const handoffStep = (
    engine: PerturbationEngine | null,
    state: TeamState<W>,
    role: string,
    step: number,
    action: Extract<Action, { type: 'handoff' }>,
    scratch: Scratch,
  ): Transition<TeamState<W>> => {
    const target = state.task.roles.find((r) => r.id === action.to);
    if (!target || action.to === role) {
      const error: ToolError = {
        code: 'invalid_handoff',
        message: `Cannot hand off to "${action.to}"${action.to === role ? ' (that is you)' : ''}. Teammates: ${
          state.task.roles
            .filter((r) => r.id !== role)
            .map((r) => r.id)
            .join(', ') || '(none)'
        }.`,
      };
      return simpleStep(state, role, step, action, { ok: false, error }, 1, scratch);
    }
    const receiver = state.roles[target.id]!;
    const sent = auditHandoff(state.task.facts, role, target.id, action.message, target.needs, receiver.known);
    let delivered: HandoffMessage = action.message;
    if (engine) {
      const r = engine.onHandoff(
        { step, from: role, to: target.id, nth: state.counters.handoffs + 1, task: state.task },
        action.message,
        scratch.faults,
      );
      scratch.faults = r.faults;
      scratch.fired.push(...r.fired);
      delivered = r.value;
    }
    const arrived = delivered === action.message ? sent.carried : factsInText(state.task.facts, messageText(delivered));
    const audit: HandoffAudit = delivered === action.message ? sent : { ...sent, delivered: arrived };
    const next = produce(state, (d) => {
      d.t = step;
      d.clock += 1;
      d.active = target.id;
      d.counters.handoffs += 1;
      const sender = d.roles[role] as any;
      sender.actions += 1;
      sender.last = { action: describeAction(action), ok: true, result: `handed off to ${target.id}` };
      const r = d.roles[target.id] as any;
      r.inbox.push({ from: role, step, message: delivered });
      if (r.inbox.length > INBOX_LIMIT) r.inbox.splice(0, r.inbox.length - INBOX_LIMIT);
      for (const f of arrived) if (!r.known.includes(f)) r.known.push(f);
    });
    const event: StepEvent = {
      step,
      clock: next.clock,
      role,
      kind: 'handoff',
      action,
      ok: true,
      handoff: audit,
      ledger: next.ledger,
    };
    return finishStep(next, event, false, scratch);
  };

  const finishAction = (
    state: TeamState<W>,
    role: string,
    step: number,
    action: Extract<Action, { type: 'finish' }>,
    scratch: Scratch,
  ): Transition<TeamState<W>> => {
    const spec = state.task.roles.find((r) => r.id === role);
    if (!spec?.canFinish) {
      const finishers = state.task.roles.filter((r) => r.canFinish).map((r) => r.id);
      const error: ToolError = {
        code: 'forbidden_finish',
        message: `The ${role} may not finish the episode. Hand off to ${finishers.join(' or ')} to finish.`,
      };
      return simpleStep(state, role, step, action, { ok: false, error }, 1, scratch);
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
    return finishStep(next, event, true, scratch);
  };

  const finishStep = (
    state: TeamState<W>,
    event0: StepEvent,
    terminated: boolean,
    scratch: Scratch,
  ): Transition<TeamState<W>> => {
    const final =
      scratch.faults === state.faults ? state : produce(state, (d) => void (d.faults = scratch.faults as any));
    const event: StepEvent =
      scratch.fired.length > 0 || scratch.userMessage
        ? {
            ...event0,
            ...(scratch.fired.length ? { perturbations: scratch.fired } : {}),
            ...(scratch.userMessage ? { userMessage: scratch.userMessage } : {}),
          }
        : event0;
    const info: Record<string, unknown> = { event };
    let reward = 0;
    if (terminated) {
      const grade = gradeTeamState(family, final);
      info['grade'] = grade;
      reward = grade.success ? 1 : 0;
    }
    return { state: final, reward, terminated, truncated: false, info };
  };

  return transition;
}

/**
 * Facts a role has now seen with its own eyes: canonical values in a result it received. Only
 * facts it did not know yet are looked for, so this costs nothing once a role knows its facts.
 */
function factsSeen(state: TeamState<unknown>, role: string, result: unknown): string[] {
  const known = state.roles[role]?.known ?? [];
  if (known.length >= state.task.facts.length || result === undefined || result === null) return [];
  const unknown = state.task.facts.filter((f) => !known.includes(f.id));
  if (unknown.length === 0) return [];
  return factsInText(unknown, typeof result === 'string' ? result : JSON.stringify(result));
}

/** The entity a call addresses: the tool's own notion, else a `path` or `id` argument. */
function entityOf<W>(tool: ToolSpec<W>, args: Record<string, unknown>): string | undefined {
  if (tool.entity) return tool.entity(args);
  const candidate = args['path'] ?? args['id'];
  return typeof candidate === 'string' ? candidate : undefined;
}

/**
 * Runs a tool; a tool that throws is a bug in the world, reported to the agent as an
 * `internal_error` observation (and flagged by the env checker) instead of crashing the episode.
 */
function runToolSafely<W>(
  tool: ToolSpec<W>,
  world: W,
  args: Record<string, unknown>,
  ctx: ToolContext,
): ToolOutcome<W> {
  try {
    return tool.run(world, args, ctx);
  } catch (e) {
    return {
      ok: false,
      error: {
        code: 'internal_error',
        message: `The tool ${tool.name} failed internally (${e instanceof Error ? e.message : String(e)}). This is a bug in the world, not in your call.`,
      },
    };
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
