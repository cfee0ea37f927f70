/**
 * The tools of the `__world__` world. `defineTool` takes one zod schema: it types `args`, it is
 * the JSON Schema agents are shown, and every call is validated against it before `run`.
 * Tools are pure: they return the next state in `world` and never mutate the one they get.
 */
import * as z from 'zod';
import { defineTool, fail, own } from 'faultline/authoring';
import { RECORD_NAME, recordsUnder, type __World__State } from './state.js';

/** Lists record names, optionally under a folder. Read-only. */
export const listRecords = defineTool({
  name: 'list_records',
  description: 'List the names of the records, optionally only those under a folder such as "inbox/".',
  args: z.strictObject({ prefix: z.string().max(80).optional().describe('a folder, e.g. "inbox/"') }),
  readOnly: true,
  run(state: __World__State, args) {
    const names = recordsUnder(state, args.prefix ?? '');
    return { ok: true, result: names, reads: names };
  },
});

/** Reads one record. Read-only; the record name is the entity fault sites address. */
export const readRecord = defineTool({
  name: 'read_record',
  description: 'Read one record: its text and its tags.',
  args: z.strictObject({ name: RECORD_NAME }),
  readOnly: true,
  entity: (args) => args.name,
  run(state: __World__State, args) {
    const record = own(state.records, args.name);
    if (!record) return fail('not_found', `There is no record "${args.name}". Call list_records to see the names.`);
    return { ok: true, result: record, reads: [args.name] };
  },
});

/** Adds a tag to one record (once: tagging twice changes nothing). */
export const tagRecord = defineTool({
  name: 'tag_record',
  description: 'Add a tag to a record. Tagging a record that already has the tag changes nothing.',
  args: z.strictObject({
    name: RECORD_NAME,
    tag: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,39}$/, 'a lower-case tag like "urgent"')
      .describe('the tag, e.g. "urgent"'),
  }),
  entity: (args) => args.name,
  run(state: __World__State, args) {
    const record = own(state.records, args.name);
    if (!record) return fail('not_found', `There is no record "${args.name}". Call list_records to see the names.`);
    if (record.tags.includes(args.tag)) return { ok: true, result: `${args.name} already has the tag ${args.tag}` };
    return {
      ok: true,
      result: `tagged ${args.name} with ${args.tag}`,
      world: { records: { ...state.records, [args.name]: { ...record, tags: [...record.tags, args.tag] } } },
      writes: [args.name],
    };
  },
});
