/**
 * The state of the `__world__` world: a store of named records, each with a text and a list of
 * tags. Keep every object in the state small (a few hundred keys at most): immer's cost grows
 * with the size of the objects a step touches.
 */
import * as z from 'zod';

/** One record of the store. */
export interface StoredRecord {
  readonly text: string;
  readonly tags: readonly string[];
}

/** The world state: plain JSON, so snapshots, replay and digests work on it. */
export interface __World__State {
  readonly records: Readonly<Record<string, StoredRecord>>;
}

/** A record name as tools accept it: a folder and a word, e.g. `inbox/alpha`. */
export const RECORD_NAME = z
  .string()
  .max(80)
  .regex(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/, 'a record name like "inbox/alpha"')
  .describe('the record name, e.g. "inbox/alpha"');

/** The names of the records under `prefix`, sorted. */
export function recordsUnder(state: __World__State, prefix: string): string[] {
  return Object.keys(state.records)
    .filter((name) => name.startsWith(prefix))
    .sort();
}
