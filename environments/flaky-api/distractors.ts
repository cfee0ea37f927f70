/**
 * Growing a flaky-api task's services to a world size: more customers and their orders in a sales
 * channel no task reconciles. Those two services are read-only (no tool writes them), so their
 * record maps keep their identity all episode and no diff or checker ever walks them; the
 * oracle's plan and every checker's verdict are what they are at the family's own size.
 */
import type { Rng } from '../../src/core/rng.js';
import type { Task } from '../../src/team/world.js';
import { taskText } from '../../src/world/variation.js';
import type { ApiState, Customer, Order } from './state.js';
import { SERVICES } from './state.js';
import { COUNTRIES, CURRENCIES, SURNAMES } from './names.js';

/** The sales channel of every distractor order: none of the task's. */
const CHANNEL = 'wholesale-archive';

function countRecords(state: ApiState): number {
  let n = 0;
  for (const s of SERVICES) n += Object.keys(state[s]).length;
  return n;
}

/** The task's services grown to `size` records, or unchanged when they hold that many. Pure in `rng`. */
export function resizeApi(task: Task<ApiState>, size: number, rng: Rng): ApiState {
  let need = size - countRecords(task.world);
  if (need <= 0) return task.world;
  const text = taskText(task);
  const customers: Record<string, Customer> = { ...task.world.customers };
  const orders: Record<string, Order> = { ...task.world.orders };
  for (let i = 0; need > 0; i++) {
    const id = `cus_${rng.pick(SURNAMES).toLowerCase()}${i}`;
    if (Object.hasOwn(customers, id) || text.includes(id)) continue;
    customers[id] = { id, name: `${rng.pick(SURNAMES)} Holdings ${i}`, tier: 'standard', country: rng.pick(COUNTRIES) };
    need--;
    for (let k = rng.int(1, 3); k > 0 && need > 0; k--) {
      const orderId = `ORD-W${String(i).padStart(5, '0')}${k}`;
      if (Object.hasOwn(orders, orderId)) continue;
      orders[orderId] = {
        id: orderId,
        customerId: id,
        channel: CHANNEL,
        total: rng.int(1000, 90000) / 100,
        currency: rng.pick(CURRENCIES),
        status: 'delivered',
        placedOn: `2023-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      };
      need--;
    }
  }
  return { ...task.world, customers, orders };
}
