/**
 * The context an agent is called with, built once per turn. Its `signal` is made only when the
 * agent reads it: an AbortSignal is an event target, costly to make for every action of a
 * scripted agent that never reads it.
 */
import type { AgentContext, PrivilegedStep } from './agent.js';
import type { StepTurn } from './turn.js';

/** Where a context keeps the function that makes its signal: a symbol key, unseen by `Object.keys`. */
const SIGNAL_OF = Symbol('faultline.agentContext.signalOf');

/** The `signal` getter every context shares. */
function signalOfContext(this: { readonly [SIGNAL_OF]: () => AbortSignal }): AbortSignal {
  return this[SIGNAL_OF]();
}

/**
 * The `signal` property of every context: an own, enumerable getter as before, but one getter for
 * all contexts. A getter written in an object literal is a new function per context, which V8
 * defines on its slow path, on every turn of every episode.
 */
const SIGNAL_PROPERTY: PropertyDescriptor = { get: signalOfContext, enumerable: true, configurable: false };

/**
 * A frozen {@link AgentContext} whose `signal` is `signalOf()` (called when `signal` is read), with
 * `note`, and with `privileged` when given.
 */
export function agentContext(
  signalOf: () => AbortSignal,
  note: (turn: StepTurn) => void,
  privileged?: PrivilegedStep | null,
): AgentContext {
  const context = privileged ? { note, privileged, [SIGNAL_OF]: signalOf } : { note, [SIGNAL_OF]: signalOf };
  Object.defineProperty(context, 'signal', SIGNAL_PROPERTY);
  return Object.freeze(context) as unknown as AgentContext;
}
