/**
 * The error classes of faultline. Every message names the field, the value received, what was
 * expected and how to fix it (Gymnasium's style: the actual value and the likely fix).
 */

/** Base class of every error faultline throws on purpose. */
export class FaultlineError extends Error {
  override name = 'FaultlineError';
}

/** Shortens a value for an error message without ever throwing. */
export function describeValue(value: unknown, max = 120): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/**
 * A service a command needs did not answer (the queue's Redis): not a usage error — the command
 * was right, the service was away — so the CLI exits 1, and the run it stopped is resumable.
 */
export class UnavailableError extends FaultlineError {
  override name = 'UnavailableError';
}

/** A bad argument to a public entry point. */
export class InvalidArgumentError extends FaultlineError {
  override name = 'InvalidArgumentError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
    readonly fix: string,
  ) {
    super(`${field}: got ${describeValue(value)}, expected ${expected}. Fix: ${fix}.`);
  }
}

/** `make()` was asked for an env id that is not registered. */
export class UnregisteredEnvError extends FaultlineError {
  override name = 'UnregisteredEnvError';
}

/** `register()` was given a spec that conflicts with the registry. */
export class RegistrationError extends FaultlineError {
  override name = 'RegistrationError';
}

/** `step()` was called before `reset()`, or after the episode ended without a new `reset()`. */
export class ResetNeededError extends FaultlineError {
  override name = 'ResetNeededError';
}

/** The env was used after `close()`. */
export class ClosedEnvironmentError extends FaultlineError {
  override name = 'ClosedEnvironmentError';
}

/** A replayed trajectory diverged from its recording. */
export class ReplayDivergenceError extends FaultlineError {
  override name = 'ReplayDivergenceError';
}
