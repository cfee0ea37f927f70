/**
 * Deterministic fault injection for the scripted model server. Which request gets which fault
 * is decided by hashing the request's identity (episode header + call ordinal, or its body) —
 * never its arrival order — so running episodes concurrently or sequentially injects the same
 * faults into the same requests, and a retried request passes once its faulty attempts are spent.
 */
import { requestIdentity, uniformOf } from './identity.js';
import { dropReply, errorReply, rateLimitReply, textReply } from './replies.js';
import type { Responder, ScriptedReply, ToolCallsReply } from './types.js';

/** A transport fault on a share of the requests, for their first attempts. */
export interface AttemptFault {
  /** The share of requests (0 .. 1) that get it. */
  readonly rate: number;
  /** How many attempts of such a request fail before one passes. @defaultValue 1 */
  readonly attempts?: number;
}

/**
 * What to inject, and into which share of the requests. Two groups of faults, each decided by
 * its own hash of the request's identity (so within a group the rates add up and never overlap):
 *
 * - transport faults — `rateLimit`, `serverError`, `drop` — hit the first `attempts` attempts of a
 *   request (an attempt is the same identity seen again); later attempts reach the responder.
 * - content faults — `malformedArguments`, `textOnly`, `parallel` — change the answer a request
 *   finally gets, the same whichever attempt it is.
 *
 * `slow` is decided on its own and delays the first `attempts` attempts, whatever they answer.
 * Each answer names the faults it injected (`answer.faults` in `server.requests`).
 */
export interface FaultPlan {
  /** 429 with `retry-after: retryAfterSeconds` (@defaultValue 1) and any extra `headers`. */
  readonly rateLimit?: AttemptFault & {
    readonly retryAfterSeconds?: number;
    readonly headers?: Readonly<Record<string, string>>;
  };
  /** An HTTP 5xx, `status` @defaultValue 500. */
  readonly serverError?: AttemptFault & { readonly status?: number };
  /** The connection is dropped without an answer. */
  readonly drop?: AttemptFault;
  /** The answer waits `delayMs` of wall-clock time first. */
  readonly slow?: AttemptFault & { readonly delayMs: number };
  /** Share of tool-call answers whose first call's arguments are cut short (invalid JSON). */
  readonly malformedArguments?: number;
  /** Share of answers replaced by text with no tool call. */
  readonly textOnly?: number;
  /**
   * Share of requests for which the responder is asked for parallel tool calls (see
   * `RespondOptions.parallel`; e.g. the oracle responder then also returns the role's next
   * consecutive actions).
   */
  readonly parallel?: number;
  /** Mixed into every hash: another salt gives another, equally deterministic, draw. @defaultValue '' */
  readonly salt?: string;
}

/** The text of a `textOnly` answer. */
export const TEXT_ONLY_FAULT_TEXT = 'Let me think about how to proceed before I call a tool.';

/**
 * Wraps a responder so that it injects the faults of `plan`. Throws for an invalid plan.
 *
 * The wrapper counts the attempts of each identity: make a fresh one for each run, or a run
 * repeated against the same wrapper finds its transport faults already spent.
 */
export function withFaults(respond: Responder, plan: FaultPlan): Responder {
  checkPlan(plan);
  const salt = plan.salt ?? '';
  const seen = new Map<string, number>();
  return async (request, options) => {
    const identity = requestIdentity(request);
    const attempt = seen.get(identity) ?? 0;
    seen.set(identity, attempt + 1);
    const slow = plan.slow;
    const delay =
      slow !== undefined && attempt < (slow.attempts ?? 1) && uniformOf(salt, 'slow', identity) < slow.rate
        ? slow.delayMs
        : 0;
    // The reply as sent, with the faults it injects named for `server.requests`.
    const delayed = (reply: ScriptedReply, fault?: string): ScriptedReply => {
      const faults = [...(reply.faults ?? []), ...(delay > 0 ? ['slow'] : []), ...(fault !== undefined ? [fault] : [])];
      return {
        ...reply,
        ...(delay > 0 ? { delayMs: (reply.delayMs ?? 0) + delay } : {}),
        ...(faults.length > 0 ? { faults } : {}),
      };
    };

    const transport = pick(uniformOf(salt, 'transport', identity), [
      ['rateLimit', plan.rateLimit?.rate],
      ['serverError', plan.serverError?.rate],
      ['drop', plan.drop?.rate],
    ] as const);
    if (transport === 'rateLimit' && attempt < (plan.rateLimit!.attempts ?? 1))
      return delayed(
        rateLimitReply(plan.rateLimit!.retryAfterSeconds ?? 1, { headers: plan.rateLimit!.headers ?? {} }),
        'rateLimit',
      );
    if (transport === 'serverError' && attempt < (plan.serverError!.attempts ?? 1))
      return delayed(
        errorReply(
          plan.serverError!.status ?? 500,
          'The server had an error while processing your request (scripted).',
          { type: 'server_error' },
        ),
        'serverError',
      );
    if (transport === 'drop' && attempt < (plan.drop!.attempts ?? 1)) return delayed(dropReply(), 'drop');

    const content = pick(uniformOf(salt, 'content', identity), [
      ['malformedArguments', plan.malformedArguments],
      ['textOnly', plan.textOnly],
      ['parallel', plan.parallel],
    ] as const);
    if (content === 'textOnly') return delayed(textReply(TEXT_ONLY_FAULT_TEXT), 'textOnly');
    const reply = await respond(request, { ...options, parallel: options.parallel || content === 'parallel' });
    if (content === 'malformedArguments' && reply.kind === 'tool_calls' && reply.calls.length > 0)
      return delayed(malformed(reply), 'malformedArguments');
    return delayed(reply, content === 'parallel' ? 'parallel' : undefined);
  };
}

/** The answer with its first call's arguments cut short by one character: never valid JSON. */
function malformed(reply: ToolCallsReply): ToolCallsReply {
  const [first, ...rest] = reply.calls;
  const text = typeof first!.arguments === 'string' ? first!.arguments : JSON.stringify(first!.arguments);
  // A JSON object's text without its closing brace is never valid JSON; other text gets an opening one.
  const broken = text.trimEnd().endsWith('}') ? text.trimEnd().slice(0, -1) : `{${text}`;
  return { ...reply, calls: [{ ...first!, arguments: broken }, ...rest] };
}

/** The fault whose band of [0, 1) holds `u` (bands laid end to end in order), or undefined. */
function pick<T extends string>(u: number, bands: readonly (readonly [T, number | undefined])[]): T | undefined {
  let end = 0;
  for (const [name, rate] of bands) {
    end += rate ?? 0;
    if (u < end) return name;
  }
  return undefined;
}

function checkPlan(plan: FaultPlan): void {
  const rate = (field: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1))
      throw new Error(
        `withFaults: ${field} is ${value}, expected a share between 0 and 1 (e.g. 0.05 for 5% of requests).`,
      );
  };
  const attempts = (field: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1))
      throw new Error(`withFaults: ${field} is ${value}, expected a whole number of attempts ≥ 1.`);
  };
  for (const name of ['rateLimit', 'serverError', 'drop', 'slow'] as const) {
    rate(`${name}.rate`, plan[name]?.rate);
    attempts(`${name}.attempts`, plan[name]?.attempts);
  }
  for (const name of ['malformedArguments', 'textOnly', 'parallel'] as const) rate(name, plan[name]);
  if (plan.slow !== undefined && !(Number.isFinite(plan.slow.delayMs) && plan.slow.delayMs >= 0))
    throw new Error(`withFaults: slow.delayMs is ${plan.slow.delayMs}, expected a number of milliseconds ≥ 0.`);
  const transport = (plan.rateLimit?.rate ?? 0) + (plan.serverError?.rate ?? 0) + (plan.drop?.rate ?? 0);
  if (transport > 1 + 1e-9)
    throw new Error(
      `withFaults: rateLimit.rate + serverError.rate + drop.rate is ${transport}, expected at most 1 (they never overlap).`,
    );
  const content = (plan.malformedArguments ?? 0) + (plan.textOnly ?? 0) + (plan.parallel ?? 0);
  if (content > 1 + 1e-9)
    throw new Error(
      `withFaults: malformedArguments + textOnly + parallel is ${content}, expected at most 1 (they never overlap).`,
    );
}
