/** The order endpoints of the `flaky-api` world: orders are read-only, listed a page at a time. */
import * as z from 'zod';
import type { ApiState, Order } from '../state.js';
import { own } from '../../../src/world/own.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { DEFAULT_PAGE_SIZE, MAX_ID_CHARS, idArg, notFound, pageArgs, paginate, sorted } from './shared.js';

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
