/**
 * The context an agent is called with, built once per turn. Its `signal` is made only when the
 * agent reads it: an AbortSignal is an event target, costly to make for every action of a
 * scripted agent that never reads it.
 */
import type { AgentContext, PrivilegedStep } from './agent.js';
import type { StepTurn } from './turn.js';

/**
 * The key of the hidden property holding the function that makes a context's signal: a symbol,
 * not enumerable, so a context has exactly its documented fields to `Object.keys`, spread and
 * JSON. Not a WeakMap beside the context: V8's young collector keeps a WeakMap entry whose key is
 * young alive until the next full collection, and a context is made for every turn.
 */
const SIGNAL_MAKER = Symbol('signal maker');

/** A context as this module makes it. */
interface WithSignalMaker {
  readonly [SIGNAL_MAKER]?: () => AbortSignal;
}

/** The `signal` getter every context shares. */
function signalOfContext(this: object): AbortSignal {
  const signalOf = (this as WithSignalMaker)[SIGNAL_MAKER];
  // Only `agentContext` defines this getter, and it records a maker for every context.
  if (!signalOf) throw new TypeError('signal is read from an object that is not an agent context');
  return signalOf();
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
  const context = privileged ? { note, privileged } : { note };
  Object.defineProperty(context, 'signal', SIGNAL_PROPERTY);
  Object.defineProperty(context, SIGNAL_MAKER, { value: signalOf });
  return Object.freeze(context) as unknown as AgentContext;
}
