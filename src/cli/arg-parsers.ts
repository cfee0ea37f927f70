/**
 * Parsers of command-line values shared by the commands: each turns a bad value into a clear
 * error naming the flag, the value and what was expected.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { WORLD_SIZES, parseWorldSize } from '../world/world-size.js';

/** A parser of a whole number >= 1 for `flag`. */
export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1) {
      throw new InvalidArgumentError(flag, value, 'a whole number >= 1', `pass e.g. ${flag} 1`);
    }
    return n;
  };
}

/** A comma-separated list, trimmed, without empty items. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A flag given once per value (a value may hold commas: a command line), in the order given. */
export function repeated(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The help of `--world-size`, the same for every command that takes it. */
export const WORLD_SIZE_HELP = `entities per world: small (${WORLD_SIZES.small}), medium (${WORLD_SIZES.medium}), large (${WORLD_SIZES.large}) or a number — files, pages, records or services (default: each family's own)`;

/** The parser of `--world-size`: an entity count, or a clear error naming the flag. */
export function worldSizeArg(value: string): number | undefined {
  return parseWorldSize(value, '--world-size');
}
