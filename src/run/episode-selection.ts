/**
 * Running some episodes of a plan, named by their ids as `episodes.jsonl` writes them
 * (`--episode ID`, `--only-failed DIR`): parsing an id back into its key, and narrowing a plan to
 * the selected ids with a clear error for an id the plan does not have.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { EPISODE_ID_FORM, formatEpisodeId, parseEpisodeId, type EpisodeKey } from './episode-id.js';
import { closestIds } from './did-you-mean.js';

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
