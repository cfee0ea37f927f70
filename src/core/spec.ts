/**
 * Env ids and specs. An env id is `world/family-vN` (Gymnasium style); N is bumped whenever a fixed
 * seed's trajectory changes, which the golden digests in the tests enforce.
 */
import { InvalidArgumentError } from './errors.js';

/** The serializable description of a registered env. */
export interface EnvSpec {
  /** `world/family-vN`. */
  readonly id: string;
  /** The world, e.g. `filesystem`. */
  readonly world: string;
  /** The task family, e.g. `rename-symbol`. */
  readonly family: string;
  /** The version N of `-vN`. */
  readonly version: number;
  /** One line shown by `faultline list`. */
  readonly description: string;
  /** Steps after which the TimeLimit wrapper truncates; null for none. */
  readonly maxEpisodeSteps: number | null;
  /** Whether `make()` adds the OrderEnforcing wrapper. */
  readonly orderEnforce: boolean;
  /** Simulated envs are deterministic; the checker proves it. */
  readonly nondeterministic: boolean;
  /** Extra keyword arguments passed to the env factory. */
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/** The parts of an env id. */
export interface ParsedEnvId {
  readonly world: string;
  readonly family: string;
  readonly version: number | null;
}

const ID_PATTERN = /^([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*?)(?:-v(\d+))?$/;

/** Splits `world/family-vN` into its parts; the version is optional. */
export function parseEnvId(id: string): ParsedEnvId {
  const m = typeof id === 'string' ? ID_PATTERN.exec(id) : null;
  if (!m) {
    throw new InvalidArgumentError(
      'env id',
      id,
      'a string like "filesystem/rename-symbol-v1" (world/family-vN, lower case)',
      'run `faultline list` to see the registered ids',
    );
  }
  return { world: m[1] as string, family: m[2] as string, version: m[3] === undefined ? null : Number(m[3]) };
}

/** Serializes a spec to JSON (specs are plain data, so this is lossless). */
export function specToJSON(spec: EnvSpec): string {
  return JSON.stringify(spec);
}

/** Reads a spec back from {@link specToJSON}. */
export function specFromJSON(json: string): EnvSpec {
  const raw = JSON.parse(json) as EnvSpec;
  const parsed = parseEnvId(raw.id);
  return { ...raw, world: parsed.world, family: parsed.family, version: parsed.version ?? raw.version };
}
