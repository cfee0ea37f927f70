/**
 * Checking what a caller passes to a vector env, the same way for the sync and async versions:
 * the build options, the reset arguments (turned into one reset order per chosen sub-env) and
 * the step's actions.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { assertSeed, type Seed } from '../core/rng.js';
import {
  AUTORESET_MODES,
  type AutoresetMode,
  type SubReset,
  type VectorEnvOptions,
  type VectorResetArgs,
} from './types.js';

/** The most sub-envs one vector env holds. */
export const MAX_SUB_ENVS = 1024;

/** The validated build options, defaults filled in. */
export function parseVectorOptions(options: VectorEnvOptions): Required<VectorEnvOptions> {
  if (options === null || typeof options !== 'object')
    throw new InvalidArgumentError(
      'VectorEnv(options)',
      options,
      'an object { envId, numEnvs }',
      'pass e.g. { envId, numEnvs: 4 }',
    );
  const { envId, numEnvs } = options;
  const autoresetMode: AutoresetMode = options.autoresetMode ?? 'next-step';
  if (typeof envId !== 'string' || envId.length === 0)
    throw new InvalidArgumentError('VectorEnv(options.envId)', envId, 'a registered env id', 'run `faultline list`');
  if (!Number.isInteger(numEnvs) || numEnvs < 1 || numEnvs > MAX_SUB_ENVS)
    throw new InvalidArgumentError(
      'VectorEnv(options.numEnvs)',
      numEnvs,
      `an integer in [1, ${MAX_SUB_ENVS}]`,
      'pass e.g. numEnvs: 4',
    );
  if (!AUTORESET_MODES.includes(autoresetMode))
    throw new InvalidArgumentError(
      'VectorEnv(options.autoresetMode)',
      autoresetMode,
      AUTORESET_MODES.join(' | '),
      'omit it for next-step',
    );
  return { envId, numEnvs, autoresetMode, makeOptions: options.makeOptions ?? {} };
}

/** One reset order per sub-env the mask chooses (every sub-env without a mask). */
export function planReset(numEnvs: number, args: VectorResetArgs = {}): SubReset[] {
  if (args === null || typeof args !== 'object')
    throw new InvalidArgumentError(
      'reset(args)',
      args,
      'an object { seed | seeds, options, mask }',
      'call reset({ seed: 0 })',
    );
  const { seed, seeds, options, mask } = args;
  if (seed !== undefined && seeds !== undefined)
    throw new InvalidArgumentError(
      'reset({ seed, seeds })',
      args,
      'either seed or seeds, not both',
      'drop one of them',
    );
  if (seed !== undefined) {
    assertSeed(seed, 'reset({ seed })');
    assertSeed(seed + numEnvs - 1, `reset({ seed }) + ${numEnvs - 1} (sub-env i is seeded with seed + i)`);
  }
  if (seeds !== undefined) {
    if (!Array.isArray(seeds) || seeds.length !== numEnvs)
      throw new InvalidArgumentError(
        'reset({ seeds })',
        seeds,
        `an array of ${numEnvs} seeds (or nulls)`,
        'pass one seed per sub-env',
      );
    seeds.forEach((s, i) => {
      if (s !== null) assertSeed(s, `reset({ seeds[${i}] })`);
    });
  }
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options)))
    throw new InvalidArgumentError('reset({ options })', options, 'an object of reset options', 'omit it or pass {}');
  if (mask !== undefined) {
    if (!Array.isArray(mask) || mask.length !== numEnvs || !mask.every((m) => typeof m === 'boolean'))
      throw new InvalidArgumentError(
        'reset({ mask })',
        mask,
        `an array of ${numEnvs} booleans`,
        'pass true for each sub-env to reset',
      );
  }
  const given: readonly (Seed | null)[] | undefined = args.seeds;
  const chosen: readonly boolean[] | undefined = args.mask;
  const orders: SubReset[] = [];
  for (let i = 0; i < numEnvs; i++) {
    if (chosen !== undefined && chosen[i] !== true) continue;
    const s: Seed | null = seed !== undefined ? seed + i : given !== undefined ? (given[i] ?? null) : null;
    orders.push({ index: i, seed: s, options });
  }
  return orders;
}

/** Checks that `actions` holds one action per sub-env. */
export function assertActions(numEnvs: number, actions: unknown): asserts actions is readonly unknown[] {
  if (!Array.isArray(actions) || actions.length !== numEnvs)
    throw new InvalidArgumentError(
      'step(actions)',
      actions,
      `an array of ${numEnvs} actions, one per sub-env`,
      'pass actions[i] for sub-env i',
    );
}
