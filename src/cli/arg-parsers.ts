/**
 * Parsers of command-line values shared by the commands: each turns a bad value into a clear
 * error naming the flag, the value and what was expected.
 */
import { InvalidArgumentError } from '../core/errors.js';

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
