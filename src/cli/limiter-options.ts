/**
 * The run command's request-limit flags (`--rpm`, `--tpm`, `--max-in-flight`): one limiter per
 * run, shared by every worker, built by a {@link LimiterFactory}.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { createRequestLimiter } from '../llm/limiter.js';
import type { LimiterSettings, RequestLimiter } from '../llm/types.js';

/** Builds the run's limiter from its settings. */
export type LimiterFactory = (settings: LimiterSettings) => RequestLimiter | Promise<RequestLimiter>;

/** The flags, as commander parses them. */
export interface LimiterFlags {
  readonly rpm?: number;
  readonly tpm?: number;
  readonly maxInFlight?: number;
}

/** The limits each flag allows (a provider's own limits are well inside them). */
const RANGES: Readonly<Record<keyof LimiterFlags, { flag: string; max: number; example: string }>> = {
  rpm: { flag: '--rpm', max: 1_000_000, example: '--rpm 500' },
  tpm: { flag: '--tpm', max: 1_000_000_000, example: '--tpm 200000' },
  maxInFlight: { flag: '--max-in-flight', max: 100_000, example: '--max-in-flight 16' },
};

/** A commander parser for one of the flags: a whole number in its range, or a clear error. */
export function limitFlag(field: keyof LimiterFlags): (value: string) => number {
  const { flag, max, example } = RANGES[field];
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(flag, value, `a whole number in 1..${max}`, `pass e.g. ${example}`);
    return n;
  };
}

/** The limiter settings the flags give, or null when none was given (no limit). */
export function limiterSettings(flags: LimiterFlags): LimiterSettings | null {
  const settings: LimiterSettings = {
    ...(flags.rpm !== undefined ? { rpm: flags.rpm } : {}),
    ...(flags.tpm !== undefined ? { tpm: flags.tpm } : {}),
    ...(flags.maxInFlight !== undefined ? { maxInFlight: flags.maxInFlight } : {}),
  };
  return Object.keys(settings).length > 0 ? settings : null;
}

/**
 * The run's limiter for the flags (undefined when none was given). `factory` defaults to
 * `createRequestLimiter`.
 */
export async function limiterFromFlags(
  flags: LimiterFlags,
  factory: LimiterFactory = defaultLimiterFactory,
): Promise<RequestLimiter | undefined> {
  const settings = limiterSettings(flags);
  return settings ? await factory(settings) : undefined;
}

/** The built-in limiter (`createRequestLimiter`). */
export const defaultLimiterFactory: LimiterFactory = (settings) => createRequestLimiter(settings);
