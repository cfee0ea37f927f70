/**
 * The endpoints of the `flaky-api` world as tools: typed JSON calls on orders, customers,
 * payments, refunds, tickets and documents, with pagination, filters and idempotency keys.
 *
 * Every tool is pure. Reads return the existing state (no `world` in the outcome); writes copy
 * only the changed record and its service map. Bad input is an error outcome with a stable code
 * (`not_found`, `invalid_argument`, `not_refundable`, `amount_exceeds_payment`,
 * `idempotency_conflict`, `already_exists`, `not_migrated`, `limit_reached`) and a message that says what to do instead.
 *
 * Refunds are the classic flaky-API trap: `refunds_create` with an `idempotencyKey` is safe to
 * retry (a repeated key replays the first refund), while a call without one always creates a new
 * refund, so retrying it after a timeout refunds the customer twice.
 */
import * as z from 'zod';
import type { ToolOutcome, ToolSpec } from '../../src/team/world.js';
import type { ApiState, CrmContact, Doc, LegacyContact, Order, Payment, Ticket } from './state.js';
import { MAX_RECORDS, MAX_REFUNDS_PER_PAYMENT, addMoney, money, refundedTotal } from './state.js';
import { own } from '../../src/world/own.js';
import { defineTool } from '../../src/world/define-tool.js';
import { fail } from '../../src/world/fail.js';

/** Default and largest page size of list endpoints. */
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 25;
/** Longest free-text field (reasons, notes, resolutions). */
export const MAX_TEXT_CHARS = 500;
/** Longest id or key argument. */
const MAX_ID_CHARS = 80;

type Outcome = ToolOutcome<ApiState>;

const idArg = (what: string, example: string) =>
  z.string().min(1).max(MAX_ID_CHARS).describe(`${what}, e.g. "${example}"`);
const pageArgs = {
  page: z.number().int().min(1).max(1000).default(1).describe('1-based page number'),
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`records per page (at most ${MAX_PAGE_SIZE})`),
};

/** One page of `items` (already filtered and sorted). */
function paginate<T extends { id: string }>(
  items: readonly T[],
  page: number,
  pageSize: number,
  filters: Record<string, unknown>,
): Outcome {
  const from = (page - 1) * pageSize;
  const slice = items.slice(from, from + pageSize);
  const hasMore = from + pageSize < items.length;
  return {
    ok: true,
    result: {
      items: slice,
      page,
      pageSize,
      total: items.length,
      hasMore,
      nextPage: hasMore ? page + 1 : null,
      filters,
    },
    reads: slice.map((r) => r.id),
  };
}

/** Records of a service sorted by id (insertion order is id order; sorting is a safeguard). */
const sortedCache = new WeakMap<object, readonly unknown[]>();
function sorted<T extends { id: string }>(records: Readonly<Record<string, T>>): readonly T[] {
  let out = sortedCache.get(records) as readonly T[] | undefined;
  if (!out) {
    out = Object.values(records).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    sortedCache.set(records, out);
  }
  return out;
}

function notFound(kind: string, id: string, hint: string): Outcome {
  return fail('not_found', `no ${kind} "${id}"; ${hint}`);
}

/** `customers_get`: one customer account. */
export const customersGet = defineTool({
  name: 'customers_get',
  description: 'Get a customer account by id (name, tier, country).',
  args: z.strictObject({ id: idArg('customer id', 'cus_okafor') }),
  readOnly: true,
  run(state: ApiState, args) {
    const c = own(state.customers, args.id);
    if (!c) return notFound('customer', args.id, 'customer ids look like "cus_<surname>"; find them on orders');
    return { ok: true, result: c, reads: [c.id] };
  },
});

/** `orders_list`: orders, filtered by channel and customer, one page at a time. */
export const ordersList = defineTool({
  name: 'orders_list',
  description: `List orders sorted by id, ${DEFAULT_PAGE_SIZE} per page by default. Filter by sales channel and/or customer (empty = any). Keep calling with nextPage while hasMore is true.`,
  args: z.strictObject({
    ...pageArgs,
    channel: z
      .string()
      .max(MAX_ID_CHARS)
      .default('')
      .describe('only orders of this sales channel, e.g. "web-eu" (empty: all channels)'),
    customerId: z
      .string()
      .max(MAX_ID_CHARS)
      .default('')
      .describe('only orders of this customer (empty: all customers)'),
  }),
  readOnly: true,
  run(state: ApiState, args) {
    const items = sorted(state.orders).filter(
      (o: Order) =>
        (args.channel === '' || o.channel === args.channel) &&
        (args.customerId === '' || o.customerId === args.customerId),
    );
    return paginate(items, args.page, args.pageSize, { channel: args.channel, customerId: args.customerId });
  },
});

/** `orders_get`: one order. */
export const ordersGet = defineTool({
  name: 'orders_get',
  description: 'Get an order by id (customer, channel, total, status).',
  args: z.strictObject({ id: idArg('order id', 'ORD-1042') }),
  readOnly: true,
  run(state: ApiState, args) {
    const o = own(state.orders, args.id);
    if (!o) return notFound('order', args.id, 'list orders with orders_list to find ids');
    return { ok: true, result: o, reads: [o.id] };
  },
});

const paymentsListArgs = z.strictObject({
  ...pageArgs,
  status: z
    .enum(['', 'captured', 'failed', 'authorized'])
    .default('')
    .describe('only payments with this status (empty: any)'),
  orderId: z.string().max(MAX_ID_CHARS).default('').describe('only payments of this order (empty: all orders)'),
});

/** `payments_list`: the deprecated v1 payments listing (same arguments and results as v2). */
export const paymentsList = defineTool({
  name: 'payments_list',
  description: `[deprecated: use payments_list_v2 when this endpoint is retired — same arguments, same results] List payments sorted by id with their refunds, ${DEFAULT_PAGE_SIZE} per page by default, filtered by status and/or order. Keep calling with nextPage while hasMore is true.`,
  args: paymentsListArgs,
  readOnly: true,
  run(state: ApiState, args) {
    const items = sorted(state.payments).filter(
      (p: Payment) =>
        (args.status === '' || p.status === args.status) && (args.orderId === '' || p.orderId === args.orderId),
    );
    return paginate(items, args.page, args.pageSize, { status: args.status, orderId: args.orderId });
  },
});

/** `payments_list_v2`: the documented replacement of `payments_list`. */
export const paymentsListV2 = defineTool({
  ...paymentsList,
  name: 'payments_list_v2',
  description: `The replacement for the deprecated payments_list: same arguments, same results. List payments sorted by id with their refunds, ${DEFAULT_PAGE_SIZE} per page by default, filtered by status and/or order.`,
});

/** `payments_get`: one payment with its refunds. */
export const paymentsGet = defineTool({
  name: 'payments_get',
  description: 'Get a payment by id, with its refunds and the amount still refundable.',
  args: z.strictObject({ id: idArg('payment id', 'PAY-50311') }),
  readOnly: true,
  run(state: ApiState, args) {
    const p = own(state.payments, args.id);
    if (!p) return notFound('payment', args.id, 'list payments with payments_list to find ids');
    return { ok: true, result: { ...p, refunded: refundedTotal(p) }, reads: [p.id] };
  },
});

/** `refunds_create`: refunds (part of) a captured payment. */
export const refundsCreate = defineTool({
  name: 'refunds_create',
  description:
    'Refund a captured payment. Always pass an idempotencyKey: a repeated key returns the first refund instead of refunding again. Without a key every call creates a new refund (the processor does not stop a second refund of the same payment).',
  args: z.strictObject({
    paymentId: idArg('the payment to refund', 'PAY-50311'),
    amount: z
      .number()
      .positive()
      .max(1_000_000)
      .describe('amount to refund, in the payment currency, at most 2 decimals'),
    reason: z.string().min(1).max(MAX_TEXT_CHARS).describe('why the refund is issued (shown to the customer)'),
    idempotencyKey: z
      .string()
      .max(MAX_ID_CHARS)
      .default('')
      .describe('unique key of this refund, e.g. "dup-ORD-1042"; retries with the same key are safe (empty: none)'),
  }),
  readOnly: false,
  run(state: ApiState, args) {
    const p = own(state.payments, args.paymentId);
    if (!p) return notFound('payment', args.paymentId, 'list payments with payments_list to find ids');
    if (Math.abs(args.amount * 100 - Math.round(args.amount * 100)) > 1e-6)
      return fail(
        'invalid_argument',
        `amount ${args.amount} has more than 2 decimals; round it to cents, e.g. ${money(args.amount)}`,
      );
    const key = args.idempotencyKey === '' ? null : args.idempotencyKey;
    if (key !== null) {
      for (const other of Object.values(state.payments)) {
        const prior = other.refunds.find((r) => r.idempotencyKey === key);
        if (!prior) continue;
        if (other.id !== p.id || prior.amount !== args.amount) {
          return fail(
            'idempotency_conflict',
            `idempotency key "${key}" was already used for refund ${prior.id} (${money(prior.amount)} on ${other.id}); use a new key for a different refund`,
          );
        }
        return { ok: true, result: { refund: prior, paymentId: p.id, replayed: true }, reads: [p.id] };
      }
    }
    if (p.status !== 'captured')
      return fail(
        'not_refundable',
        `payment ${p.id} is ${p.status}, not captured; only captured payments can be refunded`,
      );
    if (args.amount > p.amount)
      return fail(
        'amount_exceeds_payment',
        `amount ${money(args.amount)} is more than payment ${p.id} (${money(p.amount)})`,
      );
    if (p.refunds.length >= MAX_REFUNDS_PER_PAYMENT)
      return fail('limit_reached', `payment ${p.id} already has ${MAX_REFUNDS_PER_PAYMENT} refunds`);
    const refund = { id: `RF-${state.nextRefund}`, amount: args.amount, reason: args.reason, idempotencyKey: key };
    const payment: Payment = { ...p, refunds: [...p.refunds, refund] };
    const world: ApiState = {
      ...state,
      payments: { ...state.payments, [p.id]: payment },
      nextRefund: state.nextRefund + 1,
    };
    return {
      ok: true,
      result: { refund, paymentId: p.id, replayed: false, refunded: addMoney(refundedTotal(p), args.amount) },
      world,
      reads: [p.id],
      writes: [p.id],
    };
  },
});

const TICKET_STATUSES = ['open', 'pending-approval', 'resolved'] as const;

/** `tickets_list`: support tickets, filtered. */
export const ticketsList = defineTool({
  name: 'tickets_list',
  description: `List support tickets sorted by id, ${DEFAULT_PAGE_SIZE} per page by default, filtered by status, order and/or resolution code (empty = any).`,
  args: z.strictObject({
    ...pageArgs,
    status: z
      .enum(['', ...TICKET_STATUSES])
      .default('')
      .describe('only tickets with this status (empty: any)'),
    orderId: z.string().max(MAX_ID_CHARS).default('').describe('only tickets about this order (empty: any)'),
    resolution: z
      .string()
      .max(MAX_ID_CHARS)
      .default('')
      .describe('only tickets with this resolution code (empty: any)'),
  }),
  readOnly: true,
  run(state: ApiState, args) {
    const items = sorted(state.tickets).filter(
      (t: Ticket) =>
        (args.status === '' || t.status === args.status) &&
        (args.orderId === '' || t.orderId === args.orderId) &&
        (args.resolution === '' || t.resolution === args.resolution),
    );
    return paginate(items, args.page, args.pageSize, {
      status: args.status,
      orderId: args.orderId,
      resolution: args.resolution,
    });
  },
});

/** `tickets_get`: one ticket. */
export const ticketsGet = defineTool({
  name: 'tickets_get',
  description: 'Get a support ticket by id.',
  args: z.strictObject({ id: idArg('ticket id', 'TCK-3307') }),
  readOnly: true,
  run(state: ApiState, args) {
    const t = own(state.tickets, args.id);
    if (!t) return notFound('ticket', args.id, 'list tickets with tickets_list to find ids');
    return { ok: true, result: t, reads: [t.id] };
  },
});

/** `tickets_update`: changes a ticket's status, resolution code and/or note. */
export const ticketsUpdate = defineTool({
  name: 'tickets_update',
  description:
    'Update a support ticket: status, resolution code and/or note. Omitted (empty) fields keep their value. A resolved ticket needs a resolution code.',
  args: z.strictObject({
    id: idArg('ticket id', 'TCK-3307'),
    status: z
      .enum(['', ...TICKET_STATUSES])
      .default('')
      .describe('new status (empty: unchanged)'),
    resolution: z.string().max(MAX_ID_CHARS).default('').describe('resolution code (empty: unchanged)'),
    note: z.string().max(MAX_TEXT_CHARS).default('').describe('internal note (empty: unchanged)'),
  }),
  readOnly: false,
  run(state: ApiState, args) {
    const t = own(state.tickets, args.id);
    if (!t) return notFound('ticket', args.id, 'list tickets with tickets_list to find ids');
    const next: Ticket = {
      ...t,
      status: args.status === '' ? t.status : args.status,
      resolution: args.resolution === '' ? t.resolution : args.resolution,
      note: args.note === '' ? t.note : args.note,
    };
    if (next.status === 'resolved' && !next.resolution)
      return fail('invalid_argument', `ticket ${t.id} cannot be resolved without a resolution code; pass "resolution"`);
    if (next.status === t.status && next.resolution === t.resolution && next.note === t.note) {
      return { ok: true, result: { ticket: t, unchanged: true }, reads: [t.id] };
    }
    return {
      ok: true,
      result: { ticket: next, unchanged: false },
      world: { ...state, tickets: { ...state.tickets, [t.id]: next } },
      reads: [t.id],
      writes: [t.id],
    };
  },
});

/** `docs_list`: the wiki pages and the policy (ids, titles, versions). */
export const docsList = defineTool({
  name: 'docs_list',
  description: 'List the documents of the internal wiki (ids, titles and versions), including the refund policy.',
  args: z.strictObject({}),
  readOnly: true,
  run(state: ApiState) {
    return {
      ok: true,
      result: {
        docs: Object.values(state.docs).map((d: Doc) => ({ id: d.id, title: d.title, version: d.version })),
        policy: state.policyId,
      },
    };
  },
});

/** `docs_get`: one wiki page. */
export const docsGet = defineTool({
  name: 'docs_get',
  description: 'Read a wiki document by id (see docs_list).',
  args: z.strictObject({ id: idArg('document id', 'refunds-faq') }),
  readOnly: true,
  run(state: ApiState, args) {
    const d = own(state.docs, args.id);
    if (!d) return notFound('document', args.id, `see docs_list for the ids (${Object.keys(state.docs).join(', ')})`);
    return { ok: true, result: { id: d.id, title: d.title, version: d.version, content: d.content }, reads: [d.id] };
  },
});

/** `policy_get`: the current, authoritative refund policy. */
export const policyGet = defineTool({
  name: 'policy_get',
  description:
    'Read the current governing policy (refunds, data retention, ...): the authoritative source for limits, thresholds and retention periods.',
  args: z.strictObject({}),
  readOnly: true,
  run(state: ApiState) {
    const d = own(state.docs, state.policyId) as Doc;
    return { ok: true, result: { id: d.id, title: d.title, version: d.version, content: d.content }, reads: [d.id] };
  },
});

const CONTACT_ID = /^C-\d{3,8}$/;
const contactId = idArg('contact id (kept when a contact moves between the CRMs)', 'C-10231');

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
      .describe('only contacts with this status (empty: any)'),
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
      world: { ...state, legacy: { ...state.legacy, [c.id]: next } },
      reads: [`legacy/${c.id}`],
      writes: [`legacy/${c.id}`],
    };
  },
});

/** `crm_contacts_list`: contacts of the new CRM. */
export const crmContactsList = defineTool({
  name: 'crm_contacts_list',
  description: `List contacts of the new CRM sorted by id, ${DEFAULT_PAGE_SIZE} per page by default, filtered by owner team and/or segment (empty = any).`,
  args: z.strictObject({
    ...pageArgs,
    owner: z.string().max(MAX_ID_CHARS).default('').describe('only contacts owned by this team (empty: any)'),
    segment: z.string().max(MAX_ID_CHARS).default('').describe('only contacts of this segment (empty: any)'),
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
      world: { ...state, crm: { ...state.crm, [args.id]: contact } },
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
      world: { ...state, crm: { ...state.crm, [c.id]: next } },
      reads: [`crm/${c.id}`],
      writes: [`crm/${c.id}`],
    };
  },
});

/** Every tool of the world, by name. */
export const API_TOOLS = {
  customers_get: customersGet,
  orders_list: ordersList,
  orders_get: ordersGet,
  payments_list: paymentsList,
  payments_list_v2: paymentsListV2,
  payments_get: paymentsGet,
  refunds_create: refundsCreate,
  tickets_list: ticketsList,
  tickets_get: ticketsGet,
  tickets_update: ticketsUpdate,
  docs_list: docsList,
  docs_get: docsGet,
  policy_get: policyGet,
  legacy_contacts_list: legacyContactsList,
  legacy_contacts_list_v2: legacyContactsListV2,
  legacy_contacts_get: legacyContactsGet,
  legacy_contacts_update: legacyContactsUpdate,
  crm_contacts_list: crmContactsList,
  crm_contacts_get: crmContactsGet,
  crm_contacts_create: crmContactsCreate,
  crm_contacts_update: crmContactsUpdate,
} as const satisfies Record<string, ToolSpec<ApiState>>;

/** Tools that only read, of the business services and of the CRMs. */
export const BUSINESS_READ_TOOLS = [
  'docs_list',
  'docs_get',
  'policy_get',
  'customers_get',
  'orders_list',
  'orders_get',
  'payments_list',
  'payments_list_v2',
  'payments_get',
  'tickets_list',
  'tickets_get',
] as const;
export const CRM_READ_TOOLS = [
  'docs_list',
  'docs_get',
  'policy_get',
  'legacy_contacts_list',
  'legacy_contacts_list_v2',
  'legacy_contacts_get',
  'crm_contacts_list',
  'crm_contacts_get',
] as const;

/** Most records a service may hold (re-exported for tests). */
export { MAX_RECORDS };
