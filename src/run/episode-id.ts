/**
 * Episode keys. Results are keyed by (env, team, seed, trial) and always sorted in this order, so
 * files and aggregates are identical however the episodes were scheduled.
 */
import type { Seed } from '../core/rng.js';
import { InvalidArgumentError } from '../core/errors.js';
import { assertSafeId } from '../core/safe-id.js';
import { MAX_ENV_ID_LENGTH } from '../core/registry.js';

/** The key of one episode. */
export interface EpisodeKey {
  readonly envId: string;
  readonly team: string;
  readonly seed: Seed;
  readonly trial: number;
  /** The task variant; 0 (the task as generated) when absent. */
  readonly variant?: number;
  /** The world size (an entity count); the family's own size when absent. */
  readonly worldSize?: number;
}

/** A planned episode's key: every part set but the world size, which is absent at the default size. */
export type PlannedKey = Required<Omit<EpisodeKey, 'worldSize'>> & Pick<EpisodeKey, 'worldSize'>;

/** The shape of a registered env id (`world/family-vN`), checked again here because it names files. */
const ENV_ID = /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/;

/**
 * A file-name-safe id, e.g. `filesystem.rename-symbol-v1__oracle__s7__t0` (`__s7__v1__t0` for
 * variant 1). Every part is checked, so a key built by hand cannot name a path outside a run
 * directory: a bad part throws an {@link InvalidArgumentError} naming it.
 */
export function episodeId(key: EpisodeKey): string {
  if (typeof key.envId !== 'string' || key.envId.length > MAX_ENV_ID_LENGTH || !ENV_ID.test(key.envId))
    throw new InvalidArgumentError(
      'episode key envId',
      key.envId,
      `a registered env id (world/family-vN, lower case, at most ${MAX_ENV_ID_LENGTH} characters)`,
      'run `faultline list` to see the env ids',
    );
  assertSafeId('episode key team', key.team);
  for (const [field, value] of [
    ['seed', key.seed],
    ['trial', key.trial],
    ['variant', key.variant ?? 0],
    ['worldSize', key.worldSize ?? 1],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new InvalidArgumentError(`episode key ${field}`, value, 'an integer >= 0', `pass e.g. ${field}: 0`);
  }
  return formatEpisodeId(key);
}

/**
 * The id of a key without checking its parts: for matching records read back from disk, which
 * may come from a version that accepted other team ids. Never use it to name a file to write.
 * A world size other than the family's own is part of the id (`…__s7__w10000__t0`), so episodes
 * at different sizes never resume or merge into one another.
 */
export function formatEpisodeId(key: EpisodeKey): string {
  const variant = key.variant ? `__v${key.variant}` : '';
  const size = key.worldSize !== undefined ? `__w${key.worldSize}` : '';
  return `${String(key.envId).replace(/\//g, '.')}__${key.team}__s${key.seed}${variant}${size}__t${key.trial}`;
}

/** An episode id's parts: `world.family-vN__TEAM__sSEED[__vVARIANT][__wSIZE]__tTRIAL`. */
const EPISODE_ID = /^([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)__(.+?)__s(\d+)(?:__v(\d+))?(?:__w(\d+))?__t(\d+)$/;

/** How an episode id is written, for error messages. */
export const EPISODE_ID_FORM =
  'an episode id as in episodes.jsonl: ENV__TEAM__sSEED[__vVARIANT][__wSIZE]__tTRIAL with the env\'s "/" written ".", e.g. filesystem.rename-symbol-v1__oracle__s7__t0';

/**
 * The key an episode id was made from, or null when `id` is not one: the inverse of
 * {@link formatEpisodeId}, and the one place ids are read back (the plan's order, `--episode`, the
 * scripted model's episodes), so every reader knows every part, the world size included.
 */
export function parseEpisodeId(id: string): EpisodeKey | null {
  const m = EPISODE_ID.exec(id);
  if (!m) return null;
  const key: EpisodeKey = {
    envId: `${m[1]}/${m[2]}`,
    team: m[3] as string,
    seed: Number(m[4]),
    trial: Number(m[7]),
    variant: m[5] === undefined ? 0 : Number(m[5]),
    ...(m[6] === undefined ? {} : { worldSize: Number(m[6]) }),
  };
  // `__v0` and numbers with leading zeros are never written: such an id names no episode.
  return formatEpisodeId(key) === id ? key : null;
}

/** Total order on episode keys: env, team, seed, variant, trial. */
export function compareKeys(a: EpisodeKey, b: EpisodeKey): number {
  return (
    cmp(a.envId, b.envId) ||
    cmp(a.team, b.team) ||
    a.seed - b.seed ||
    (a.variant ?? 0) - (b.variant ?? 0) ||
    (a.worldSize ?? 0) - (b.worldSize ?? 0) ||
    a.trial - b.trial
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
