/**
 * The new CRM's contact endpoints of the `flaky-api` world: contacts keep their legacy id when
 * they are created here. Reads and writes name entities `crm/<id>`, apart from the same id in
 * the legacy CRM.
 */
import * as z from 'zod';
import type { ApiState, CrmContact } from '../state.js';
import { MAX_RECORDS, withRecord } from '../state.js';
import { own } from '../../../src/world/own.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { fail } from '../../../src/world/fail.js';
import {
  CONTACT_ID,
  DEFAULT_PAGE_SIZE,
  MAX_ID_CHARS,
  contactId,
  notFound,
  pageArgs,
  paginate,
  sorted,
} from './shared.js';

/** `crm_contacts_list`: contacts of the new CRM. */
export const crmContactsList = defineTool({
  name: 'crm_contacts_list',
  description: `List contacts of the new CRM sorted by id, ${DEFAULT_PAGE_SIZE} per page by default, filtered by owner team and/or segment (empty = any).`,
  args: z.strictObject({
    ...pageArgs,
    owner: z.string().max(MAX_ID_CHARS).default('').describe('only contacts owned by this team (empty: all)'),
    segment: z.string().max(MAX_ID_CHARS).default('').describe('only contacts of this segment (empty: all)'),
  }),
  readOnly: true,
  run(state: ApiState, args) {
    const items = sorted(state.crm).filter(
      (c: CrmContact) =>
        (args.owner === '' || c.owner === args.owner) && (args.segment === '' || c.segment === args.segment),
    );
    const out = paginate(items, args.page, args.pageSize, { owner: args.owner, segment: args.segment });
    return { ...out, reads: (out.reads ?? []).map((id) => `crm/${id}`) };
  },
});

/** `crm_contacts_get`: one contact of the new CRM. */
export const crmContactsGet = defineTool({
  name: 'crm_contacts_get',
  description: 'Get a contact of the new CRM by id.',
  args: z.strictObject({ id: contactId }),
  readOnly: true,
  run(state: ApiState, args) {
    const c = own(state.crm, args.id);
    if (!c)
      return notFound(
        'CRM contact',
        args.id,
        'list them with crm_contacts_list, or create it with crm_contacts_create',
      );
    return { ok: true, result: c, reads: [`crm/${c.id}`] };
  },
});

/** `crm_contacts_create`: creates a contact in the new CRM under a given (preserved) id. */
export const crmContactsCreate = defineTool({
  name: 'crm_contacts_create',
  description:
    'Create a contact in the new CRM, keeping its legacy id. Idempotent by id: creating the same contact again returns it; a different contact under an existing id is refused.',
  args: z.strictObject({
    id: contactId,
    name: z.string().min(1).max(MAX_ID_CHARS).describe('full name (legacy full_name)'),
    email: z.string().min(3).max(MAX_ID_CHARS).describe('e-mail address (legacy email_addr)'),
    phone: z.string().max(MAX_ID_CHARS).default('').describe('phone number (legacy phone_no)'),
    segment: z.string().min(1).max(MAX_ID_CHARS).describe('customer segment'),
    country: z.string().length(2).describe('ISO country code (legacy country_code)'),
  }),
  readOnly: false,
  run(state: ApiState, args) {
    if (!CONTACT_ID.test(args.id))
      return fail('invalid_argument', `"${args.id}" is not a contact id; keep the legacy id, e.g. "C-10231"`);
    if (!args.email.includes('@')) return fail('invalid_argument', `"${args.email}" is not an e-mail address`);
    const contact: CrmContact = {
      id: args.id,
      name: args.name,
      email: args.email,
      phone: args.phone,
      segment: args.segment,
      country: args.country,
      owner: null,
    };
    const existing = own(state.crm, args.id);
    if (existing) {
      const same =
        existing.name === contact.name &&
        existing.email === contact.email &&
        existing.phone === contact.phone &&
        existing.segment === contact.segment &&
        existing.country === contact.country;
      if (same) return { ok: true, result: { contact: existing, created: false }, reads: [`crm/${args.id}`] };
      return fail(
        'already_exists',
        `the new CRM already has a different contact ${args.id}; update it with crm_contacts_update or check the id`,
      );
    }
    if (Object.keys(state.crm).length >= MAX_RECORDS)
      return fail('limit_reached', `the new CRM already holds ${MAX_RECORDS} contacts`);
    return {
      ok: true,
      result: { contact, created: true },
      // Frozen as it is made: the no-collateral check remembers its diff from this step on.
      world: { ...state, crm: withRecord(state.crm, args.id, contact) },
      writes: [`crm/${args.id}`],
    };
  },
});

/** `crm_contacts_update`: assigns a contact of the new CRM to an owner team. */
export const crmContactsUpdate = defineTool({
  name: 'crm_contacts_update',
  description: 'Assign a contact of the new CRM to an owner team.',
  args: z.strictObject({
    id: contactId,
    owner: z.string().min(1).max(MAX_ID_CHARS).describe('owner team, e.g. "team-orion"'),
  }),
  readOnly: false,
  run(state: ApiState, args) {
    const c = own(state.crm, args.id);
    if (!c) return notFound('CRM contact', args.id, 'create it with crm_contacts_create first');
    if (c.owner === args.owner) return { ok: true, result: { contact: c, unchanged: true }, reads: [`crm/${c.id}`] };
    const next: CrmContact = { ...c, owner: args.owner };
    return {
      ok: true,
      result: { contact: next, unchanged: false },
      world: { ...state, crm: withRecord(state.crm, c.id, next) },
      reads: [`crm/${c.id}`],
      writes: [`crm/${c.id}`],
    };
  },
});
