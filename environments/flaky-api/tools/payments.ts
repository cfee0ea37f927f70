/**
 * The payment endpoints of the `flaky-api` world: payments with their refunds, listed by the
 * deprecated v1 endpoint and its documented v2 replacement (the same results, so an agent that
 * meets v1's retirement can switch without relearning it).
 */
import * as z from 'zod';
import type { ApiState, Payment } from '../state.js';
import { refundedTotal } from '../state.js';
import { own } from '../../../src/world/own.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { DEFAULT_PAGE_SIZE, MAX_ID_CHARS, idArg, notFound, pageArgs, paginate, sorted } from './shared.js';

const paymentsListArgs = z.strictObject({
  ...pageArgs,
  status: z
    .enum(['', 'captured', 'failed', 'authorized'])
    .default('')
    .describe('only payments with this status (empty: all)'),
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
