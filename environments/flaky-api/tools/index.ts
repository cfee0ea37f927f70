/**
 * The endpoints of the `flaky-api` world as tools: typed JSON calls on orders, customers,
 * payments, refunds, tickets and documents, with pagination, filters and idempotency keys.
 *
 * Every tool is pure. Reads return the existing state (no `world` in the outcome); writes copy
 * only the changed record and its service map. Bad input is an error outcome with a stable code
 * (`not_found`, `invalid_argument`, `not_refundable`, `amount_exceeds_payment`,
 * `idempotency_conflict`, `already_exists`, `not_migrated`, `limit_reached`) and a message that says what to do instead.
 *
 * One file per resource group (customers, orders, payments, refunds, tickets, docs, the legacy
 * and the new CRM's contacts) defines its tools; this one assembles them into the world's tool map
 * and the read-only tool lists the task families give their roles.
 */
import type { ToolSpec } from '../../../src/team/world.js';
import type { ApiState } from '../state.js';
import { MAX_RECORDS } from '../state.js';
import { customersGet } from './customers.js';
import { ordersGet, ordersList } from './orders.js';
import { paymentsGet, paymentsList, paymentsListV2 } from './payments.js';
import { refundsCreate } from './refunds.js';
import { ticketsGet, ticketsList, ticketsUpdate } from './tickets.js';
import { docsGet, docsList, policyGet } from './docs.js';
import {
  legacyContactsGet,
  legacyContactsList,
  legacyContactsListV2,
  legacyContactsUpdate,
} from './contacts-legacy.js';
import { crmContactsCreate, crmContactsGet, crmContactsList, crmContactsUpdate } from './contacts-crm.js';

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_TEXT_CHARS } from './shared.js';
export { customersGet } from './customers.js';
export { ordersGet, ordersList } from './orders.js';
export { paymentsGet, paymentsList, paymentsListV2 } from './payments.js';
export { refundsCreate } from './refunds.js';
export { ticketsGet, ticketsList, ticketsUpdate } from './tickets.js';
export { docsGet, docsList, policyGet } from './docs.js';
export {
  legacyContactsGet,
  legacyContactsList,
  legacyContactsListV2,
  legacyContactsUpdate,
} from './contacts-legacy.js';
export { crmContactsCreate, crmContactsGet, crmContactsList, crmContactsUpdate } from './contacts-crm.js';

/**
 * Every tool of the world, by name. The key order is the order agents are shown the tools in, so
 * it is part of the world's observable behaviour: add new tools at the end.
 */
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

/** Tools that only read, of the docs and of the business services. */
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
/** Tools that only read, of the docs and of the two CRMs. */
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
