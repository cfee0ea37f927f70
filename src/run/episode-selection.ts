/**
 * Running some episodes of a plan, named by their ids as `episodes.jsonl` writes them
 * (`--episode ID`, `--only-failed DIR`): parsing an id back into its key, and narrowing a plan to
 * the selected ids with a clear error for an id the plan does not have.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { formatEpisodeId, type EpisodeKey } from './episode-id.js';
import { closestIds } from './did-you-mean.js';

/** An episode id's parts: `world.family-vN__TEAM__sSEED[__vVARIANT][__wSIZE]__tTRIAL`. */
const EPISODE_ID = /^([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)__(.+?)__s(\d+)(?:__v(\d+))?(?:__w(\d+))?__t(\d+)$/;

/** How an episode id is written, for error messages. */
export const EPISODE_ID_FORM =
  'an episode id as in episodes.jsonl: ENV__TEAM__sSEED[__vVARIANT][__wSIZE]__tTRIAL with the env\'s "/" written ".", e.g. filesystem.rename-symbol-v1__oracle__s7__t0';

/** The key an episode id was made from, or null when `id` is not one (the inverse of `formatEpisodeId`). */
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

/**
 * The keys of `planned` whose ids are in `ids`, in plan order. An id the plan does not have
 * throws an {@link InvalidArgumentError} naming `flag`, with the closest planned ids.
 */
export function selectEpisodes<K extends EpisodeKey>(planned: readonly K[], ids: readonly string[], flag: string): K[] {
  const wanted = new Set(ids);
  const selected = planned.filter((k) => wanted.has(formatEpisodeId(k)));
  if (selected.length === wanted.size) return selected;
  const known = new Set(selected.map((k) => formatEpisodeId(k)));
  const missing = [...wanted].find((id) => !known.has(id)) as string;
  const form = parseEpisodeId(missing) === null ? `${EPISODE_ID_FORM}, ` : '';
  const close = closestIds(
    missing,
    planned.map((k) => formatEpisodeId(k)),
  );
  throw new InvalidArgumentError(
    flag,
    missing,
    `${form}one of the ${planned.length} episodes this command plans (its --env, --team, --seeds, --variants, --trials and --world-size)`,
    `${close.length > 0 ? `did you mean ${close.map((id) => `"${id}"`).join(' or ')}? ` : ''}copy the id from the run's episodes.jsonl, or widen the plan's flags to include it`,
  );
}
