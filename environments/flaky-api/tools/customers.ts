/** The customer endpoint of the `flaky-api` world: customer accounts are read-only. */
import * as z from 'zod';
import type { ApiState } from '../state.js';
import { own } from '../../../src/world/own.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { idArg, notFound } from './shared.js';

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
