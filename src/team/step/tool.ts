/**
 * A tool call: check the role may call it and the arguments parse, let the fault plan replace or
 * change the outcome, and run the tool (a throwing tool is a bug in the world, not a crash).
 */
import * as z from 'zod';
import type { Transition } from '../../core/env.js';
import type { Action } from '../actions.js';
import type { TeamState } from '../state.js';
import type { ToolContext, ToolOutcome, ToolSpec } from '../world.js';
import type { CallContext } from '../perturbation.js';
import { outcomeStep, type StepInput } from './input.js';
import { fastArgsOf } from '../tool-args-fast-path.js';
import { roleSpecOf } from '../role-spec.js';

/** Applies a `tool` action. */
export function toolStep<W>(input: StepInput<W>, action: Extract<Action, { type: 'tool' }>): Transition<TeamState<W>> {
  const outcome = toolOutcome(input, action);
  return outcomeStep(input, { action, outcome, ticks: outcome.latency ?? 1 });
}

function toolOutcome<W>(input: StepInput<W>, action: Extract<Action, { type: 'tool' }>): ToolOutcome<W> {
  const { family, engine, state, role, step, scratch } = input;
  const world = family.world;
  const spec = roleSpecOf(state.task.roles, role);
  // Own keys only: "constructor" or "toString" must not resolve to Object.prototype members.
  const known = Object.hasOwn(world.tools, action.tool);
  const tool: ToolSpec<W> | undefined =
    known && spec?.tools.includes(action.tool) ? world.tools[action.tool] : undefined;
  if (!tool) {
    return {
      ok: false,
      error: {
        code: known ? 'forbidden_tool' : 'unknown_tool',
        message: `${known ? `The ${role} may not call "${action.tool}"` : `There is no tool "${action.tool}"`}. Your tools: ${spec?.tools.join(', ') || '(none)'}.${known ? ' Hand off to a teammate who has it.' : ''}`,
      },
    };
  }
  // Well-formed arguments are checked without the schema library; anything else goes to the schema.
  const fast = fastArgsOf(tool.args)?.(action.args) ?? null;
  const args = fast ? ({ success: true, data: fast } as const) : tool.args.safeParse(action.args);
  if (!args.success) {
    const issue = args.error.issues[0];
    const field = issue?.path.length ? `args.${issue.path.join('.')}` : 'args';
    return {
      ok: false,
      error: {
        code: 'invalid_args',
        message: `${action.tool}: ${field} ${issue?.message ?? 'is invalid'} (got ${JSON.stringify(pick(action.args, issue?.path[0]))}). Expected arguments: ${JSON.stringify(z.toJSONSchema(tool.args, { unrepresentable: 'any' })['properties'] ?? {})}.`,
      },
    };
  }
  const data: Record<string, unknown> = args.data;
  const ctx: ToolContext = { role, clock: state.clock, step };
  if (!engine) return runToolSafely(tool, state.world, data, ctx);
  const call: CallContext = {
    step,
    clock: state.clock,
    role,
    tool: tool.name,
    args: data,
    entity: entityOf(tool, data),
    readOnly: tool.readOnly,
    allowed: true,
  };
  const faulted = engine.beforeCall(call, scratch.faults);
  scratch.faults = faulted.faults;
  scratch.fired.push(...faulted.fired);
  // The engine speaks of worlds in general; a replaced outcome of this world's tool carries no world of another type.
  if (faulted.value) return faulted.value as ToolOutcome<W>;
  const outcome = runToolSafely(tool, state.world, data, ctx);
  if (!outcome.ok) return outcome;
  const after = engine.afterCall(call, outcome, scratch.faults);
  scratch.faults = after.faults;
  scratch.fired.push(...after.fired);
  return after.value as ToolOutcome<W>;
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

function pick(value: Record<string, unknown>, key: PropertyKey | undefined): unknown {
  return key === undefined ? value : value[key as string];
}
