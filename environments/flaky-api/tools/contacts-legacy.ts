/**
 * The legacy CRM's contact endpoints of the `flaky-api` world, with legacy field names and a
 * deprecated listing beside its documented v2 replacement. Reads and writes name entities
 * `legacy/<id>`, apart from the same id in the new CRM.
 */
import * as z from 'zod';
import type { ApiState, LegacyContact } from '../state.js';
import { withRecord } from '../state.js';
import { own } from '../../../src/world/own.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { fail } from '../../../src/world/fail.js';
import { DEFAULT_PAGE_SIZE, MAX_ID_CHARS, contactId, notFound, pageArgs, paginate, sorted } from './shared.js';

/** `legacy_contacts_list`: the deprecated listing of the legacy CRM. */
export const legacyContactsList = defineTool({
  name: 'legacy_contacts_list',
  description: `[deprecated: use legacy_contacts_list_v2 when this endpoint is retired — same arguments, same results] List contacts of the legacy CRM sorted by id, ${DEFAULT_PAGE_SIZE} per page by default, filtered by segment and/or status. Legacy field names: full_name, email_addr, phone_no, country_code, consent, days_since_activity.`,
  args: z.strictObject({
    ...pageArgs,
    segment: z
      .string()
      .max(MAX_ID_CHARS)
      .default('')
      .describe('only contacts of this segment, e.g. "wholesale" (empty: all)'),
    status: z
      .enum(['', 'active', 'migrated', 'archived'])
      .default('')
      .describe('only contacts with this status (empty: all)'),
  }),
  readOnly: true,
  run(state: ApiState, args) {
    const items = sorted(state.legacy).filter(
      (c: LegacyContact) =>
        (args.segment === '' || c.segment === args.segment) && (args.status === '' || c.status === args.status),
    );
    const out = paginate(items, args.page, args.pageSize, { segment: args.segment, status: args.status });
    return { ...out, reads: (out.reads ?? []).map((id) => `legacy/${id}`) };
  },
});

/** `legacy_contacts_list_v2`: the documented replacement of `legacy_contacts_list`. */
export const legacyContactsListV2 = defineTool({
  ...legacyContactsList,
  name: 'legacy_contacts_list_v2',
  description: `The replacement for the deprecated legacy_contacts_list: same arguments, same results. List contacts of the legacy CRM sorted by id, ${DEFAULT_PAGE_SIZE} per page by default, filtered by segment and/or status.`,
});

/** `legacy_contacts_get`: one legacy contact. */
export const legacyContactsGet = defineTool({
  name: 'legacy_contacts_get',
  description: 'Get a contact of the legacy CRM by id (legacy field names).',
  args: z.strictObject({ id: contactId }),
  readOnly: true,
  run(state: ApiState, args) {
    const c = own(state.legacy, args.id);
    if (!c) return notFound('legacy contact', args.id, 'list them with legacy_contacts_list');
    return { ok: true, result: c, reads: [`legacy/${c.id}`] };
  },
});

/** `legacy_contacts_update`: marks a legacy contact migrated, archived or active. */
export const legacyContactsUpdate = defineTool({
  name: 'legacy_contacts_update',
  description:
    'Set the status of a legacy CRM contact: "migrated" once it lives in the new CRM, "archived", or back to "active".',
  args: z.strictObject({
    id: contactId,
    status: z.enum(['active', 'migrated', 'archived']).describe('the new status'),
  }),
  readOnly: false,
  run(state: ApiState, args) {
    const c = own(state.legacy, args.id);
    if (!c) return notFound('legacy contact', args.id, 'list them with legacy_contacts_list');
    if (c.status === args.status)
      return { ok: true, result: { contact: c, unchanged: true }, reads: [`legacy/${c.id}`] };
    if (args.status === 'migrated' && !own(state.crm, c.id))
      return fail(
        'not_migrated',
        `contact ${c.id} is not in the new CRM yet; create it with crm_contacts_create first`,
      );
    const next: LegacyContact = { ...c, status: args.status };
    return {
      ok: true,
      result: { contact: next, unchanged: false },
      // Frozen as it is made: the no-collateral check remembers its diff from this step on.
      world: { ...state, legacy: withRecord(state.legacy, c.id, next) },
      reads: [`legacy/${c.id}`],
      writes: [`legacy/${c.id}`],
    };
  },
});
