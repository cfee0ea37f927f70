/**
 * The `flaky-api` world: simulated business services behind typed JSON endpoints, with the task
 * families `flaky-api/reconcile-refunds-v1` and `flaky-api/migrate-records-v1`.
 */
import type { TaskFamily } from '../../src/team/world.js';
import type { ApiState } from './state.js';
import { generateReconcileRefunds, reconcileRefundsFamily } from './families/reconcile-refunds.js';
import { generateMigrateRecords, migrateRecordsFamily } from './families/migrate-records.js';

export { flakyApiWorld } from './world.js';
export { API_TOOLS } from './tools.js';
export { API_CHECKERS } from './checkers.js';
export {
  diffStates,
  type ApiState,
  type Customer,
  type Order,
  type Payment,
  type Refund,
  type Ticket,
  type Doc,
  type LegacyContact,
  type CrmContact,
} from './state.js';
export { reconcileRefundsFamily, generateReconcileRefunds, migrateRecordsFamily, generateMigrateRecords };

/** Every task family of the flaky-api world. */
export const FLAKY_API_FAMILIES: readonly TaskFamily<ApiState>[] = [reconcileRefundsFamily, migrateRecordsFamily];
