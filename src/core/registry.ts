/**
 * The env registry: `register()` a spec with its factory, `make(id)` an env with the standard
 * wrapper stack (OrderEnforcing, then TimeLimit), `listEnvs()` for the CLI.
 */
import type { Env } from './env.js';
import type { EnvSpec } from './spec.js';
import { parseEnvId } from './spec.js';
import { InvalidArgumentError, RegistrationError, UnregisteredEnvError, describeValue } from './errors.js';
import { OrderEnforcing, TimeLimit } from './wrappers.js';

/** Builds the raw (unwrapped) env for a spec. */
export type EnvFactory = (spec: EnvSpec, kwargs: Readonly<Record<string, unknown>>) => Env<unknown, unknown>;

/** What `register()` takes: the id plus the spec fields that have no sensible default. */
export interface RegisterOptions {
  readonly id: string;
  readonly description: string;
  readonly factory: EnvFactory;
  /** @defaultValue null (no time limit) */
  readonly maxEpisodeSteps?: number | null;
  /** @defaultValue true */
  readonly orderEnforce?: boolean;
  /** @defaultValue {} */
  readonly kwargs?: Readonly<Record<string, unknown>>;
}

/** Overrides accepted by {@link make}. Unknown keys are passed to the factory as kwargs. */
export interface MakeOptions {
  /** Replaces the spec's time limit; -1 removes it. */
  readonly maxEpisodeSteps?: number;
  readonly [kwarg: string]: unknown;
}

const specs = new Map<string, EnvSpec>();
const factories = new Map<string, EnvFactory>();

/** The longest env id accepted: it becomes part of file names (episode ids, trajectory files). */
export const MAX_ENV_ID_LENGTH = 100;

/** Registers an env. Ids must be versioned (`-vN`), unique and at most {@link MAX_ENV_ID_LENGTH} characters. */
export function register(options: RegisterOptions): EnvSpec {
  if (typeof options.id === 'string' && options.id.length > MAX_ENV_ID_LENGTH) {
    throw new InvalidArgumentError(
      'register(options.id)',
      options.id,
      `an env id of at most ${MAX_ENV_ID_LENGTH} characters (it becomes part of file names)`,
      'shorten the world or family name',
    );
  }
  const parsed = parseEnvId(options.id);
  if (parsed.version === null) {
    throw new RegistrationError(`register(): id "${options.id}" has no version. Use "${options.id}-v1".`);
  }
  if (specs.has(options.id)) {
    throw new RegistrationError(
      `register(): "${options.id}" is already registered. Bump the version (-v${parsed.version + 1}) for a changed env.`,
    );
  }
  const spec: EnvSpec = {
    id: options.id,
    world: parsed.world,
    family: parsed.family,
    version: parsed.version,
    description: options.description,
    maxEpisodeSteps: options.maxEpisodeSteps ?? null,
    orderEnforce: options.orderEnforce ?? true,
    nondeterministic: false,
    kwargs: options.kwargs ?? {},
  };
  specs.set(spec.id, spec);
  factories.set(spec.id, options.factory);
  return spec;
}

/** The spec of a registered id; an unversioned id resolves to its newest version. */
export function spec(id: string): EnvSpec {
  const parsed = parseEnvId(id);
  if (parsed.version === null) {
    const versions = [...specs.values()].filter((s) => s.world === parsed.world && s.family === parsed.family);
    const newest = versions.sort((a, b) => b.version - a.version)[0];
    if (newest) return newest;
  }
  const found = specs.get(id);
  if (!found) {
    const known = [...specs.keys()].sort();
    const close = known.filter((k) => k.startsWith(`${parsed.world}/`));
    throw new UnregisteredEnvError(
      `No env registered as ${describeValue(id)}. ${close.length ? `Known in ${parsed.world}: ${close.join(', ')}.` : `Known ids: ${known.join(', ') || '(none — import "faultline/env", which registers the built-ins)'}.`} Run \`faultline list\`.`,
    );
  }
  return found;
}

/** Makes a registered env wrapped in OrderEnforcing and TimeLimit (as the spec says). */
export function make<O = unknown, Opts = unknown>(id: string, options: MakeOptions = {}): Env<O, Opts> {
  const s = spec(id);
  const { maxEpisodeSteps, ...kwargs } = options;
  if (
    maxEpisodeSteps !== undefined &&
    maxEpisodeSteps !== -1 &&
    (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1)
  ) {
    throw new InvalidArgumentError(
      'make(options.maxEpisodeSteps)',
      maxEpisodeSteps,
      'an integer >= 1, or -1 for no limit',
      'pass e.g. { maxEpisodeSteps: 300 }',
    );
  }
  const factory = factories.get(s.id) as EnvFactory;
  let env = factory(s, { ...s.kwargs, ...kwargs });
  if (s.orderEnforce) env = new OrderEnforcing(env);
  const limit = maxEpisodeSteps === -1 ? null : (maxEpisodeSteps ?? s.maxEpisodeSteps);
  if (limit !== null) env = new TimeLimit(env, limit);
  return env as Env<O, Opts>;
}

/** Every registered spec, sorted by id. */
export function listEnvs(): EnvSpec[] {
  return [...specs.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
