/**
 * The world-size parameter: how many entities (files, pages, records, services) a generated
 * world holds. Absent means the family's own size, which is what every golden digest was
 * recorded at; a size adds realistic distractors drawn from the seed until the world holds that
 * many entities (never fewer than the task itself needs).
 */
import { InvalidArgumentError } from '../core/errors.js';

/** The named sizes and the entity counts they stand for. */
export const WORLD_SIZES: Readonly<Record<WorldSizeName, number>> = { small: 100, medium: 1_000, large: 10_000 };

/** A named world size. */
export type WorldSizeName = 'small' | 'medium' | 'large';

/** A world size as given: a name or an entity count. */
export type WorldSizeInput = WorldSizeName | number;

/** The largest world size accepted: large enough for scaling curves, small enough to fit in memory. */
export const MAX_WORLD_SIZE = 100_000;

const ACCEPTED = `small (${WORLD_SIZES.small}), medium (${WORLD_SIZES.medium}), large (${WORLD_SIZES.large}) or a whole number in 1..${MAX_WORLD_SIZE}`;

/** `{ worldSize }` for a given size, `{}` for the default: spread into keys and configs so a default-size one stays byte-identical. */
export function worldSizeOf(value: unknown, field = '--world-size'): { worldSize?: number } {
  const worldSize = parseWorldSize(value, field);
  return worldSize === undefined ? {} : { worldSize };
}

/**
 * The entity count a world size means, or undefined for the default (absent) size. Accepts a
 * name, a number, or a number written as text (`"10000"`, `"10_000"`, `"10,000"`), as a flag
 * gives it. `field` names the option in the error (`--world-size`, `reset({ options.worldSize })`).
 *
 * @throws InvalidArgumentError naming `field`, the value and what is accepted.
 */
export function parseWorldSize(value: unknown, field = '--world-size'): number | undefined {
  if (value === undefined) return undefined;
  let n: number = NaN;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (Object.hasOwn(WORLD_SIZES, text)) return WORLD_SIZES[text as WorldSizeName];
    if (/^\d[\d_,]*$/.test(text)) n = Number(text.replace(/[_,]/g, ''));
  }
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_WORLD_SIZE)
    throw new InvalidArgumentError(
      field,
      value,
      ACCEPTED,
      `pass ${field === '--world-size' ? '--world-size ' : ''}large, or leave it out for the family's own size`,
    );
  return n;
}
