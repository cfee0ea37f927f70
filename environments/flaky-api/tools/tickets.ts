/** The support-ticket endpoints of the `flaky-api` world: list, read and update tickets. */
import * as z from 'zod';
import type { ApiState, Ticket } from '../state.js';
import { withRecord } from '../state.js';
import { own } from '../../../src/world/own.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { fail } from '../../../src/world/fail.js';
import {
  DEFAULT_PAGE_SIZE,
  MAX_ID_CHARS,
  MAX_TEXT_CHARS,
  idArg,
  notFound,
  pageArgs,
  paginate,
  sorted,
} from './shared.js';

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
      .describe('only tickets with this status (empty: all)'),
    orderId: z.string().max(MAX_ID_CHARS).default('').describe('only tickets about this order (empty: all)'),
    resolution: z
      .string()
      .max(MAX_ID_CHARS)
      .default('')
      .describe('only tickets with this resolution code (empty: all)'),
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
      // Frozen as it is made: the no-collateral check remembers its diff from this step on.
      world: { ...state, tickets: withRecord(state.tickets, t.id, next) },
      reads: [t.id],
      writes: [t.id],
    };
  },
});
