/**
 * The options of the env checker and their validation: bad options are the caller's mistake, so
 * they throw at once instead of becoming issues in the report.
 */
import * as z from 'zod';
import { InvalidArgumentError } from './errors.js';
import type { Seed } from './rng.js';

/** Options of `checkEnv`. */
export interface CheckOptions {
  /** Seeds of the rollouts. @defaultValue [0, 123, 456] */
  readonly seeds?: readonly Seed[];
  /** Steps per rollout. @defaultValue 60 */
  readonly numSteps?: number;
  /**
   * Seeds compared by the seed-sensitivity check (D3); all but one must give distinct rollouts.
   * The default mixes small seeds and powers of two, so `seed % 10` or `seed & 0xffff` is caught.
   * @defaultValue [0, 1, 10, 100, 1000, 65536, 2147483648]
   */
  readonly sensitivitySeeds?: readonly Seed[];
  /** Stub ambient randomness and real time during reset/step (D8). @defaultValue true */
  readonly sandbox?: boolean;
  /** Checks to skip, by id or id prefix (e.g. `'D8'`). @defaultValue [] */
  readonly skip?: readonly string[];
  /** Count warnings as failures. @defaultValue false */
  readonly strict?: boolean;
}

const SeedSchema = z.number().int().min(0).max(0xffff_ffff);
const CheckOptionsSchema = z
  .object({
    seeds: z.array(SeedSchema).min(1).max(64).optional(),
    numSteps: z.number().int().min(2).max(100_000).optional(),
    sensitivitySeeds: z.array(SeedSchema).min(2).max(256).optional(),
    sandbox: z.boolean().optional(),
    skip: z.array(z.string()).optional(),
    strict: z.boolean().optional(),
  })
  .strict();

/** The seeds of the rollouts when `options.seeds` is not given. */
export const DEFAULT_SEEDS: readonly Seed[] = [0, 123, 456];

/** The seeds of D3 when `options.sensitivitySeeds` is not given (see {@link CheckOptions}). */
export const DEFAULT_SENSITIVITY_SEEDS: readonly Seed[] = [0, 1, 10, 100, 1000, 65536, 2147483648];

/** Check options after validation: every field checked, defaults not yet filled in. */
export type ParsedCheckOptions = z.infer<typeof CheckOptionsSchema>;

/**
 * Validates the options of `checkEnv`. Throws {@link InvalidArgumentError} naming the first bad
 * field, so a typo in an option is never silently ignored.
 */
export function parseCheckOptions(options: CheckOptions): ParsedCheckOptions {
  const parsed = CheckOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = `checkEnv(options${issue?.path.length ? `.${issue.path.map(String).join('.')}` : ''})`;
    throw new InvalidArgumentError(
      field,
      options,
      issue?.message ?? 'valid check options',
      'see CheckOptions: { seeds, numSteps, sensitivitySeeds, sandbox, skip, strict }',
    );
  }
  return parsed.data;
}
