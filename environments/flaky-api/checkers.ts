/**
 * Constraint checkers of the `flaky-api` world, by `kind`. Each is pure and cheap: unchanged
 * services are the same object as at the start, so most checks are an identity test plus a scan
 * of the payments that changed. Malformed parameters make a constraint fail rather than throw.
 */
import type { CheckContext, ConstraintChecker } from '../../src/team/world.js';
import { stringParam as str, stringListParam as strs } from '../../src/world/checker-params.js';
import type { ApiState, CrmContact, LegacyContact, Payment } from './state.js';
import { diffStates, money, newRefunds, refundedTotal } from './state.js';
import { own } from '../../src/world/own.js';
import { allowListParam } from '../../src/world/allow-list.js';
import { answerAsserts } from '../../src/facts/index.js';

type Ctx = CheckContext<ApiState>;

/**
 * `payments-refunded` {payments}: each listed payment carries exactly one refund, of its full
 * amount (the duplicate charges the task must give back).
 */
export const paymentsRefunded: ConstraintChecker<ApiState> = (ctx) => {
  const ids = strs(ctx, 'payments');
  if (!ids) return false;
  return ids.every((id) => {
    const p = own(ctx.world.payments, id);
    return p !== undefined && p.refunds.length === 1 && refundedTotal(p) === p.amount;
  });
};

/** `refund-limit` {max}: no refund issued during the episode is above `max`. */
export const refundLimit: ConstraintChecker<ApiState> = (ctx) => {
  const max = Number(ctx.params['max']);
  if (!Number.isFinite(max)) return false;
  return newRefunds(ctx.initial, ctx.world).every(({ refund }) => refund.amount <= max);
};

/** `no-double-refund` {}: no payment is refunded more than once, nor for more than it was. */
export const noDoubleRefund: ConstraintChecker<ApiState> = (ctx) => {
  if (ctx.world.payments === ctx.initial.payments) return true;
  for (const id in ctx.world.payments) {
    const p = ctx.world.payments[id] as Payment;
    if (p === own(ctx.initial.payments, id)) continue;
    if (p.refunds.length > 1 || refundedTotal(p) > p.amount) return false;
  }
  return true;
};

/**
 * `refund-scope` {channel, excludeCustomers}: every refund issued during the episode is on an
 * order of `channel` and of no excluded customer.
 */
export const refundScope: ConstraintChecker<ApiState> = (ctx) => {
  const channel = str(ctx, 'channel');
  const exclude = strs(ctx, 'excludeCustomers') ?? [];
  if (!channel) return false;
  return newRefunds(ctx.initial, ctx.world).every(({ payment }) => {
    const order = own(ctx.world.orders, payment.orderId);
    return order !== undefined && order.channel === channel && !exclude.includes(order.customerId);
  });
};

/**
 * `tickets-status` {tickets, status, resolution?}: each listed ticket has `status` (and, when
 * given, the resolution code `resolution`).
 */
export const ticketsStatus: ConstraintChecker<ApiState> = (ctx) => {
  const ids = strs(ctx, 'tickets');
  const status = str(ctx, 'status');
  const resolution = str(ctx, 'resolution');
  if (!ids || !status) return false;
  return ids.every((id) => {
    const t = own(ctx.world.tickets, id);
    return t !== undefined && t.status === status && (resolution === null || t.resolution === resolution);
  });
};

/** `refunds-idempotent` {}: every refund issued during the episode carried an idempotency key. */
export const refundsIdempotent: ConstraintChecker<ApiState> = (ctx) =>
  newRefunds(ctx.initial, ctx.world).every(({ refund }) => refund.idempotencyKey !== null);

/**
 * `no-collateral` {allow}: every record that differs from the start is allowed by `allow`
 * (exact ids, or prefixes ending in `/`).
 */
export const noCollateral: ConstraintChecker<ApiState> = (ctx) => {
  const allow = allowListParam(ctx, 'allow');
  if (!allow) return false;
  return diffStates(ctx.initial, ctx.world).every((id) => allow.allows(id));
};

/**
 * `answer-refund-total` {}: the final answer asserts the total refunded during the episode (in any
 * written form: "1234.50", "1,234.5 USD" …; not hedged among other amounts), and at least one
 * refund was issued.
 */
export const answerRefundTotal: ConstraintChecker<ApiState> = (ctx) => {
  if (ctx.answer === null) return false;
  const refunds = newRefunds(ctx.initial, ctx.world);
  if (refunds.length === 0) return false;
  let cents = 0;
  for (const { refund } of refunds) cents += Math.round(refund.amount * 100);
  return answerAsserts(ctx.answer, money(cents / 100));
};

/** Contacts of the new CRM created during the episode, with their legacy records. */
function newContacts(ctx: Ctx): { contact: CrmContact; legacy: LegacyContact | undefined }[] {
  const out: { contact: CrmContact; legacy: LegacyContact | undefined }[] = [];
  if (ctx.world.crm === ctx.initial.crm) return out;
  for (const id in ctx.world.crm)
    if (!Object.hasOwn(ctx.initial.crm, id))
      out.push({ contact: ctx.world.crm[id] as CrmContact, legacy: own(ctx.world.legacy, id) });
  return out;
}

const CRM_FIELDS = ['name', 'email', 'phone', 'segment', 'country'] as const;

/**
 * `crm-migrated` {records}: each record (id → expected fields of the new CRM) exists in the new
 * CRM under the same id with exactly those field values.
 */
export const crmMigrated: ConstraintChecker<ApiState> = (ctx) => {
  const records = ctx.params['records'];
  if (records === null || typeof records !== 'object' || Array.isArray(records)) return false;
  for (const [id, fields] of Object.entries(records as Record<string, Record<string, unknown>>)) {
    const c = own(ctx.world.crm, id);
    if (!c || fields === null || typeof fields !== 'object') return false;
    for (const f of CRM_FIELDS) if (c[f] !== fields[f]) return false;
  }
  return true;
};

/** `crm-retention` {max}: no contact migrated during the episode was inactive for more than `max` days. */
export const crmRetention: ConstraintChecker<ApiState> = (ctx) => {
  const max = Number(ctx.params['max']);
  if (!Number.isFinite(max)) return false;
  return newContacts(ctx).every(({ legacy }) => legacy !== undefined && legacy.days_since_activity <= max);
};

/** `crm-consent` {}: no contact without consent was migrated during the episode. */
export const crmConsent: ConstraintChecker<ApiState> = (ctx) =>
  newContacts(ctx).every(({ legacy }) => legacy !== undefined && legacy.consent === 'yes');

/** `crm-segment` {segment}: every contact migrated during the episode is of `segment`. */
export const crmSegment: ConstraintChecker<ApiState> = (ctx) => {
  const segment = str(ctx, 'segment');
  if (!segment) return false;
  return newContacts(ctx).every(({ legacy }) => legacy !== undefined && legacy.segment === segment);
};

/** `crm-owner` {ids, owner}: each listed contact of the new CRM is owned by `owner`. */
export const crmOwner: ConstraintChecker<ApiState> = (ctx) => {
  const ids = strs(ctx, 'ids');
  const owner = str(ctx, 'owner');
  if (!ids || !owner) return false;
  return ids.every((id) => own(ctx.world.crm, id)?.owner === owner);
};

/** `legacy-status` {ids, status}: each listed legacy contact has `status`. */
export const legacyStatus: ConstraintChecker<ApiState> = (ctx) => {
  const ids = strs(ctx, 'ids');
  const status = str(ctx, 'status');
  if (!ids || !status) return false;
  return ids.every((id) => own(ctx.world.legacy, id)?.status === status);
};

/**
 * `answer-migrated-count` {}: the final answer asserts how many contacts were migrated, as "N
 * contacts" (digits or words; not hedged among other counts).
 */
export const answerMigratedCount: ConstraintChecker<ApiState> = (ctx) => {
  if (ctx.answer === null) return false;
  const n = newContacts(ctx).length;
  return n > 0 && answerAsserts(ctx.answer, `${n} contacts`);
};

/** Every checker of the world, by constraint kind. */
export const API_CHECKERS: Readonly<Record<string, ConstraintChecker<ApiState>>> = {
  'payments-refunded': paymentsRefunded,
  'refund-limit': refundLimit,
  'no-double-refund': noDoubleRefund,
  'refund-scope': refundScope,
  'tickets-status': ticketsStatus,
  'refunds-idempotent': refundsIdempotent,
  'no-collateral': noCollateral,
  'answer-refund-total': answerRefundTotal,
  'crm-migrated': crmMigrated,
  'crm-retention': crmRetention,
  'crm-consent': crmConsent,
  'crm-segment': crmSegment,
  'crm-owner': crmOwner,
  'legacy-status': legacyStatus,
  'answer-migrated-count': answerMigratedCount,
};
