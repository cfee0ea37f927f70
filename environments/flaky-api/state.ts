/**
 * The state of the `flaky-api` world: simulated business services (orders, customers, payments
 * with their refunds, support tickets) and the written documents (wiki pages and the versioned
 * refund policy), as plain JSON.
 *
 * Each service is one record map keyed by a globally unique id (`ORD-1042`, `PAY-50311`,
 * `TCK-3307`, `cus_okafor`), capped at {@link MAX_RECORDS} per service so no object grows past
 * ~200 keys. A refund lives inside its payment (`payment.refunds`), so issuing one copies only that
 * payment record and the payments map; every other record keeps its identity, which is what makes
 * {@link diffStates} a cheap identity scan.
 */
import { isFrozen } from '../../src/core/frozen.js';
import { own } from '../../src/world/own.js';
import { deepFreeze } from '../../src/core/deep-freeze.js';
import { MemoSpace } from '../../src/core/memo-space.js';

/**
 * The memos of a service's record maps (a diff, the new refunds, a sort), in one record per map; a
 * map a tool makes ({@link withRecord}) holds it (see src/core/memo-space.ts: a WeakMap entry per
 * memo kept each step's map alive until a full collection).
 */
export const RECORD_MAP_MEMOS = new MemoSpace<object>();

/** Most records one service holds. */
export const MAX_RECORDS = 200;
/** Most refunds one payment may carry (the processor's own cap). */
export const MAX_REFUNDS_PER_PAYMENT = 20;

/** A customer account. */
export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly tier: 'standard' | 'plus' | 'business';
  readonly country: string;
}

/** An order placed in one sales channel. `total` is in the currency's major unit, 2 decimals. */
export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly channel: string;
  readonly total: number;
  readonly currency: string;
  readonly status: 'paid' | 'shipped' | 'delivered';
  readonly placedOn: string;
}

/** A refund issued against a payment. */
export interface Refund {
  readonly id: string;
  readonly amount: number;
  readonly reason: string;
  /** The idempotency key it was created with, or null (a legacy call without one). */
  readonly idempotencyKey: string | null;
}

/** A card payment of an order. */
export interface Payment {
  readonly id: string;
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: 'captured' | 'failed' | 'authorized';
  readonly method: string;
  readonly refunds: readonly Refund[];
}

/** A support ticket. */
export interface Ticket {
  readonly id: string;
  readonly orderId: string | null;
  readonly customerId: string;
  readonly subject: string;
  readonly status: 'open' | 'pending-approval' | 'resolved';
  readonly resolution: string | null;
  readonly note: string | null;
}

/** A contact in the legacy CRM (its own field names). */
export interface LegacyContact {
  readonly id: string;
  readonly full_name: string;
  readonly email_addr: string;
  readonly phone_no: string;
  readonly segment: string;
  readonly country_code: string;
  readonly consent: 'yes' | 'no';
  readonly days_since_activity: number;
  readonly status: 'active' | 'migrated' | 'archived';
}

/** A contact in the new CRM. */
export interface CrmContact {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly segment: string;
  readonly country: string;
  readonly owner: string | null;
}

/** A wiki page or the policy: text with a version. */
export interface Doc {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly content: string;
}

/** The whole world state. */
export interface ApiState {
  readonly customers: Readonly<Record<string, Customer>>;
  readonly orders: Readonly<Record<string, Order>>;
  readonly payments: Readonly<Record<string, Payment>>;
  readonly tickets: Readonly<Record<string, Ticket>>;
  readonly docs: Readonly<Record<string, Doc>>;
  /** Contacts of the legacy CRM (entity ids `legacy/<id>`). */
  readonly legacy: Readonly<Record<string, LegacyContact>>;
  /** Contacts of the new CRM (entity ids `crm/<id>`: a migrated contact keeps its legacy id). */
  readonly crm: Readonly<Record<string, CrmContact>>;
  /** The id of the authoritative policy document in `docs`. */
  readonly policyId: string;
  /** Next refund number (refund ids are `RF-<n>`). */
  readonly nextRefund: number;
}

/** The record collections an entity id may live in, in a fixed order. */
export const SERVICES = ['customers', 'orders', 'payments', 'tickets', 'docs', 'legacy', 'crm'] as const;
export type Service = (typeof SERVICES)[number];

/** Services whose records share ids with another service, so their entity ids carry the service name. */
const PREFIXED: ReadonlySet<Service> = new Set(['legacy', 'crm']);

/** The entity id of a record: its id, or `service/id` for the two contact services. */
export function entityId(service: Service, id: string): string {
  return PREFIXED.has(service) ? `${service}/${id}` : id;
}

/** Adds two money amounts exactly (as cents). */
export function addMoney(a: number, b: number): number {
  return (Math.round(a * 100) + Math.round(b * 100)) / 100;
}

/** A money amount as text with two decimals (`1234.5` → `1234.50`). */
export function money(amount: number): string {
  return amount.toFixed(2);
}

/** The total refunded on a payment. */
export function refundedTotal(payment: Payment): number {
  let cents = 0;
  for (const r of payment.refunds) cents += Math.round(r.amount * 100);
  return cents / 100;
}

/**
 * The entity ids that differ between two states: changed, created or deleted records of every
 * service. Records that are the same object are skipped without a look.
 */
export function diffStates(before: ApiState, after: ApiState): string[] {
  const out: string[] = [];
  if (before === after) return out;
  for (const service of SERVICES) {
    const b = before[service] as Readonly<Record<string, unknown>>;
    const a = after[service] as Readonly<Record<string, unknown>>;
    if (a !== b) for (const id of serviceDiff(service, b, a)) out.push(id);
  }
  return out;
}

/**
 * {@link serviceDiff} by the later map, with the earlier one it was compared to. The no-collateral
 * check diffs the start against every state of an episode, and a step changes one service: the
 * others are the same maps as one step before, whose diffs are known. The tools freeze the maps
 * they make, so a new map's diff is remembered from the step that made it (the ledger reads the
 * world before the step freezes it).
 */
const serviceDiffs = RECORD_MAP_MEMOS.slot<{ readonly before: object; readonly ids: readonly string[] }>();

/** The entity ids of the records of `service` that differ between two of its maps. */
function serviceDiff(
  service: Service,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): readonly string[] {
  const known = serviceDiffs.get(after);
  if (known !== undefined && known.before === before) return known.ids;
  const ids: string[] = [];
  for (const id in before) {
    const next = own(after, id);
    if (next !== before[id] && !sameJson(next, before[id])) ids.push(entityId(service, id));
  }
  for (const id in after) if (!Object.hasOwn(before, id)) ids.push(entityId(service, id));
  // Only frozen maps (and records: sameJson looks inside them) are answered from memory; a state
  // built by hand may still change. Frozen states are deep-frozen when a step makes them.
  if (isFrozen(after) && isFrozen(before)) serviceDiffs.set(after, { before, ids });
  return ids;
}

/**
 * Structural equality of two JSON values. Records that are not the same object are usually
 * changed; after a snapshot is restored from JSON they may be equal copies, which must not count.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka)
    if (!Object.hasOwn(b, k) || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  return true;
}

/** A refund issued during an episode, with the payment it is on. */
export interface NewRefund {
  readonly payment: Payment;
  readonly refund: Refund;
}

const NO_REFUNDS: readonly NewRefund[] = Object.freeze([]);

/**
 * {@link newRefunds} by the payments map it was asked about, with the start's map it was compared
 * to. Four checkers ask about the same state every step; each used to walk every payment.
 */
const refundsByPayments = RECORD_MAP_MEMOS.slot<{ readonly initial: object; readonly refunds: readonly NewRefund[] }>();

/** The new refunds of every payment (refunds not present at the start), in payment order. */
export function newRefunds(initial: ApiState, world: ApiState): readonly NewRefund[] {
  if (initial.payments === world.payments) return NO_REFUNDS;
  const known = refundsByPayments.get(world.payments);
  if (known !== undefined && known.initial === initial.payments) return known.refunds;
  const out: NewRefund[] = [];
  for (const id in world.payments) {
    const p = world.payments[id] as Payment;
    const before = own(initial.payments, id);
    if (before === p) continue;
    const earlier = new Set(before?.refunds.map((r) => r.id) ?? []);
    for (const r of p.refunds) if (!earlier.has(r.id)) out.push({ payment: p, refund: r });
  }
  const refunds = Object.freeze(out);
  // Only a frozen map can be answered from memory: a hand-built state may still change.
  if (isFrozen(world.payments) && isFrozen(initial.payments))
    refundsByPayments.set(world.payments, { initial: initial.payments, refunds });
  return refunds;
}

/**
 * A service's record map with one record put in: a new map, adopted by the memos and deep-frozen
 * as it is made (the no-collateral check remembers its diff from the step that made it on).
 */
export function withRecord<T>(map: Readonly<Record<string, T>>, id: string, record: T): Readonly<Record<string, T>> {
  const next = { ...map, [id]: record };
  RECORD_MAP_MEMOS.adopt(next);
  return deepFreeze(next);
}
