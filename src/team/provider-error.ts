/**
 * Failures of the infrastructure behind an agent — the model provider, a remote agent — as
 * opposed to failures of the team. An agent throws a {@link ProviderError}; the episode loop
 * records the episode as `provider_error` (left out of pass rates, re-run by `--resume`) or, for
 * a fatal one (a rejected key, an unknown model), stops the whole run at once.
 */
import { FaultlineError } from '../core/errors.js';

/** Marks provider errors across module copies (a team bundled with its own faultline). */
const BRAND = Symbol.for('faultline.ProviderError');

/** The model provider (or another service an agent depends on) could not answer. */
export class ProviderError extends FaultlineError {
  override name = 'ProviderError';
  /** True when no episode can succeed (401/403, unknown model): the run stops at once. */
  readonly fatal: boolean;
  /** The HTTP status, when there was one. */
  readonly status: number | null;
  readonly [BRAND] = true;

  constructor(message: string, options: { fatal?: boolean; status?: number | null; cause?: unknown } = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.fatal = options.fatal ?? false;
    this.status = options.status ?? null;
  }
}

/** True for a {@link ProviderError}, from this copy of faultline or another. */
export function isProviderError(e: unknown): e is ProviderError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
