/**
 * The `__world__` world: its tools, its checkers, and how to compare two states (collateral
 * damage) and name their entities (the words a random agent may use).
 */
import type { World } from 'faultline/authoring';
import type { __World__State } from './state.js';
import { listRecords, readRecord, tagRecord } from './tools.js';
import { tagged } from './checkers.js';

/** The `__world__` world. */
export const world: World<__World__State> = {
  id: '__world__',
  description: 'A store of named records in folders, each with a text and tags.',
  tools: { list_records: listRecords, read_record: readRecord, tag_record: tagRecord },
  checkers: { tagged },
  diff(before, after) {
    const names = new Set([...Object.keys(before.records), ...Object.keys(after.records)]);
    return [...names]
      .filter((name) => JSON.stringify(before.records[name]) !== JSON.stringify(after.records[name]))
      .sort();
  },
  vocabulary: (state) => Object.keys(state.records).sort(),
};
