/**
 * Task family `flaky-api/reconcile-refunds`: reconcile one sales channel's orders against the
 * payment processor and give back every duplicate charge within the refund policy — refund
 * duplicates up to the policy's approval threshold (with idempotency keys, never twice), send
 * larger ones for approval, leave a customer under a chargeback hold and other channels alone,
 * close the customers' tickets with a given resolution code, and report the total refunded.
 *
 * How lost facts bite: the approval threshold (learned from the policy, not stated) decides for
 * each duplicate whether it is refunded or escalated, and one duplicate always lies between the
 * threshold and the round number a teammate would assume; the channel and the held customer
 * decide whether out-of-scope duplicates get refunded; the resolution code is written into the
 * tickets.
 */
import type { Rng } from '../../../src/core/rng.js';
import { defineTaskFamily, type TaskContent } from '../../../src/world/define-task-family.js';
import type { Constraint, Fact, PlanCondition } from '../../../src/team/world.js';
import type { ApiState, Customer, Doc, Order, Payment, Refund, Ticket } from '../state.js';
import { addMoney, money } from '../state.js';
import { flakyApiWorld } from '../world.js';
import {
  APPROVAL_LIMITS,
  ASSUMED_LIMITS,
  CHANNELS,
  COUNTRIES,
  CURRENCIES,
  DUP_SUBJECTS,
  FIRST_NAMES,
  METHODS,
  OTHER_SUBJECTS,
  RESOLUTION_CODES,
  SURNAMES,
} from '../names.js';
import { apiRoles } from './plan.js';
import { PlanBuilder, fact } from '../../../src/world/plan-builder.js';
import { BUSINESS_READ_TOOLS } from '../tools.js';
import { sentence, shuffledSentences } from '../../../src/world/wording.js';

const FAMILY_ID = 'reconcile-refunds';
const FAMILY_VERSION = 1;
const FACT_ORDER = ['channel', 'holdCustomer', 'approvalLimit', 'resolutionCode'] as const;
const PAGE = 10;
const { PLANNER, EXECUTOR, REVIEWER } = apiRoles(
  BUSINESS_READ_TOOLS,
  ['refunds_create', 'tickets_update'],
  'orders, payments, tickets',
);

/** The secondary source of the approval threshold and the pattern that reads it. */
export const FAQ_DOC = 'refunds-faq';
export const FAQ_PATTERN = 'without approval up to \\$(\\d+)';
/** The authoritative source (policy_get) and its pattern. */
export const POLICY_DOC = 'refund-policy';
export const POLICY_PATTERN = 'Approval threshold: \\$(\\d+)';

/** What a duplicate charge is there for. */
type DupKind = 'refund' | 'between' | 'above' | 'held' | 'other-channel' | 'already';

interface Dup {
  readonly kind: DupKind;
  readonly order: Order;
  readonly first: Payment;
  readonly second: Payment;
  readonly ticket: Ticket;
}

/** Random money in [lo, hi] (major units), with cents. */
function amount(rng: Rng, lo: number, hi: number): number {
  return rng.int(Math.round(lo * 100), Math.round(hi * 100)) / 100;
}

/** Draws the content of one reconcile-refunds task. Pure in `rng`. */
function buildReconcileRefunds(rng: Rng): TaskContent<ApiState> {
  const currency = rng.pick(CURRENCIES);
  const channels = rng.sample(CHANNELS, 3);
  const channel = channels[0] as string;
  const others = channels.slice(1);

  // Customers; one is under a chargeback hold.
  const customers: Customer[] = rng.sample(SURNAMES, rng.int(9, 14)).map((s) => ({
    id: `cus_${s}`,
    name: `${rng.pick(FIRST_NAMES)} ${s[0]?.toUpperCase()}${s.slice(1)}`,
    tier: rng.pick(['standard', 'plus', 'business'] as const),
    country: rng.pick(COUNTRIES),
  }));
  const held = customers[0] as Customer;
  const payers = customers.slice(1);

  // The threshold, the round number a teammate would assume instead, and the band between them.
  const limit = rng.pick(APPROVAL_LIMITS);
  const assumed = rng.pick(ASSUMED_LIMITS);
  const lo = Math.min(limit, assumed);
  const hi = Math.max(limit, assumed);

  // Order specs: duplicates of every kind, a retried failed payment, and ordinary orders.
  interface Spec {
    kind: DupKind | 'failed-retry' | 'plain';
    channel: string;
    customer: string;
    total: number;
  }
  const specs: Spec[] = [];
  const belowCount = rng.int(1, 3);
  for (let i = 0; i < belowCount; i++)
    specs.push({ kind: 'refund', channel, customer: rng.pick(payers).id, total: amount(rng, 18, lo - 5) });
  specs.push({ kind: 'between', channel, customer: rng.pick(payers).id, total: amount(rng, lo + 1, hi - 1) });
  specs.push({ kind: 'above', channel, customer: rng.pick(payers).id, total: amount(rng, hi + 10, hi + 600) });
  specs.push({ kind: 'held', channel, customer: held.id, total: amount(rng, 18, lo - 5) });
  for (let i = rng.int(1, 2); i > 0; i--)
    specs.push({
      kind: 'other-channel',
      channel: rng.pick(others),
      customer: rng.pick(payers).id,
      total: amount(rng, 18, lo - 5),
    });
  specs.push({ kind: 'already', channel, customer: rng.pick(payers).id, total: amount(rng, 18, lo - 5) });
  specs.push({ kind: 'failed-retry', channel, customer: rng.pick(payers).id, total: amount(rng, 18, 900) });
  for (let i = rng.int(12, 24); i > 0; i--) {
    specs.push({
      kind: 'plain',
      channel: rng.chance(0.45) ? channel : rng.pick(others),
      customer: rng.pick(customers).id,
      total: amount(rng, 12, 950),
    });
  }
  const ordered = rng.shuffle(specs);

  // Ids in placement order; payments in capture order (a duplicate is captured later).
  let orderNo = rng.int(1000, 6000);
  let payNo = rng.int(20000, 70000);
  let ticketNo = rng.int(2000, 8000);
  let refundNo = rng.int(100, 900);
  const day0 = rng.int(1, 14);
  const month = rng.pick(['03', '04', '05', '09', '10', '11']);
  const orders: Record<string, Order> = {};
  const payments: Record<string, Payment> = {};
  const firstPayments: { spec: Spec; order: Order }[] = [];
  for (const spec of ordered) {
    orderNo += rng.int(1, 9);
    const order: Order = {
      id: `ORD-${orderNo}`,
      customerId: spec.customer,
      channel: spec.channel,
      total: spec.total,
      currency,
      status: rng.pick(['paid', 'shipped', 'delivered'] as const),
      placedOn: `2025-${month}-${String(day0 + rng.int(0, 13)).padStart(2, '0')}`,
    };
    orders[order.id] = order;
    firstPayments.push({ spec, order });
  }
  const method = () => rng.pick(METHODS);
  const pay = (order: Order, status: Payment['status'], refunds: Refund[] = []): Payment => {
    payNo += rng.int(1, 40);
    const p: Payment = {
      id: `PAY-${payNo}`,
      orderId: order.id,
      amount: order.total,
      currency,
      status,
      method: method(),
      refunds,
    };
    payments[p.id] = p;
    return p;
  };
  const firsts = new Map<string, Payment>();
  for (const { spec, order } of firstPayments)
    firsts.set(order.id, pay(order, spec.kind === 'failed-retry' ? 'failed' : 'captured'));
  const dups: Dup[] = [];
  const tickets: Record<string, Ticket> = {};
  const ticketSpecs: (() => void)[] = [];
  for (const { spec, order } of rng.shuffle(firstPayments)) {
    if (spec.kind === 'plain') continue;
    if (spec.kind === 'failed-retry') {
      pay(order, 'captured');
      continue;
    }
    const refunds: Refund[] =
      spec.kind === 'already'
        ? [
            {
              id: `RF-${refundNo++}`,
              amount: order.total,
              reason: `Duplicate charge on order ${order.id}`,
              idempotencyKey: `dup-${order.id}`,
            },
          ]
        : [];
    const second = pay(order, 'captured', refunds);
    const kind = spec.kind;
    ticketSpecs.push(() => {
      ticketNo += rng.int(1, 6);
      const ticket: Ticket = {
        id: `TCK-${ticketNo}`,
        orderId: order.id,
        customerId: order.customerId,
        subject: rng.pick(DUP_SUBJECTS).replace('{order}', order.id),
        status: kind === 'already' ? 'resolved' : 'open',
        resolution: kind === 'already' ? 'REFUND-ISSUED' : null,
        note: null,
      };
      tickets[ticket.id] = ticket;
      dups.push({ kind, order, first: firsts.get(order.id) as Payment, second, ticket });
    });
  }
  const plainOrders = firstPayments.filter((f) => f.spec.kind === 'plain').map((f) => f.order);
  for (const o of rng.sample(plainOrders, rng.int(3, 6))) {
    ticketSpecs.push(() => {
      ticketNo += rng.int(1, 6);
      const t: Ticket = {
        id: `TCK-${ticketNo}`,
        orderId: o.id,
        customerId: o.customerId,
        subject: rng.pick(OTHER_SUBJECTS),
        status: rng.chance(0.7) ? 'open' : 'resolved',
        resolution: null,
        note: null,
      };
      tickets[t.id] = t.status === 'resolved' ? { ...t, resolution: 'ANSWERED' } : t;
    });
  }
  for (const make of rng.shuffle(ticketSpecs)) make();

  // Documents: the FAQ (secondary), the payments API migration note, the policy (authoritative).
  const policyVersion = `v${rng.int(2, 6)}.${rng.int(0, 9)}`;
  const docs: Record<string, Doc> = {};
  docs[FAQ_DOC] = {
    id: FAQ_DOC,
    title: 'Refunds: frequently asked questions',
    version: `2024-${rng.pick(['02', '06', '08', '11'])}`,
    content: [
      'Q: Can I refund a customer myself?',
      `A: Yes. Support agents may refund without approval up to $${limit} per refund; anything larger needs a manager's approval, so set the ticket to pending-approval instead of refunding.`,
      'Q: What about a duplicate charge?',
      'A: Refund the later of the two captured payments, in full, once. Check first that it has not been refunded already.',
      `Q: Where are the binding rules?\nA: In the refund policy (${POLICY_DOC}); if this FAQ and the policy disagree, the policy wins.`,
    ].join('\n'),
  };
  docs['payments-api'] = {
    id: 'payments-api',
    title: 'Payments API changes',
    version: '2025-01',
    content:
      'payments_list is deprecated and will be retired. Its replacement, payments_list_v2, takes the same arguments and returns the same results; switch to it if payments_list is unavailable.',
  };
  docs[POLICY_DOC] = {
    id: POLICY_DOC,
    title: 'Refund policy',
    version: policyVersion,
    content: [
      `Refund policy ${policyVersion}.`,
      `1. Approval threshold: $${limit}. A single refund above the threshold needs a manager's approval: do not issue it; set the customer's ticket to pending-approval with a note.`,
      '2. Never refund a payment twice. Every refund must carry an idempotency key so retries are safe.',
      '3. Customers under a chargeback hold get no refunds from support while the bank dispute is open.',
      '4. Refunds are issued in the currency of the payment, in full for duplicate charges.',
    ].join('\n'),
  };

  const state: ApiState = {
    legacy: {},
    crm: {},
    customers: Object.fromEntries(customers.map((c) => [c.id, c])),
    orders,
    payments,
    tickets: Object.fromEntries(
      Object.values(tickets)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((t) => [t.id, t]),
    ),
    docs,
    policyId: POLICY_DOC,
    nextRefund: refundNo + rng.int(1, 20),
  };

  const resolutionCode = rng.pick(RESOLUTION_CODES);
  const alternativeCode = rng.pick(RESOLUTION_CODES.filter((c) => c !== resolutionCode));
  const facts: Fact[] = [
    { id: 'channel', description: 'the sales channel whose orders are reconciled', value: channel, guess: '' },
    {
      id: 'holdCustomer',
      description: 'the customer under a chargeback hold, who must not be refunded',
      value: held.id,
      guess: '',
    },
    {
      id: 'approvalLimit',
      description: 'the refund policy approval threshold (largest refund issued without approval)',
      value: String(limit),
      guess: String(assumed),
    },
    {
      id: 'resolutionCode',
      description: 'the resolution code for the tickets of refunded duplicate charges',
      value: resolutionCode,
      guess: 'REFUNDED',
      alternative: alternativeCode,
    },
  ];

  // Who gets what, with the true threshold.
  const inScope = dups.filter((d) => d.kind === 'refund' || d.kind === 'between' || d.kind === 'above');
  const refunded = inScope.filter((d) => d.order.total <= limit);
  const escalated = inScope.filter((d) => d.order.total > limit);
  const total = refunded.reduce((s, d) => addMoney(s, d.order.total), 0);
  const allow = [...refunded.map((d) => d.second.id), ...inScope.map((d) => d.ticket.id)].sort();

  const constraints: Constraint[] = [
    {
      id: 'refunded',
      text: `Every duplicate charge in ${channel} within the approval threshold is refunded in full, once`,
      kind: 'payments-refunded',
      params: { payments: refunded.map((d) => d.second.id).sort() },
      facts: ['approvalLimit'],
      scope: 'goal',
      late: false,
    },
    {
      id: 'approval-threshold',
      text: 'No refund above the policy approval threshold is issued',
      kind: 'refund-limit',
      params: { max: limit },
      facts: ['approvalLimit'],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'never-twice',
      text: 'No payment is refunded twice',
      kind: 'no-double-refund',
      params: {},
      facts: [],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'scope',
      text: `Only ${channel} orders are refunded, and nothing for ${held.id}`,
      kind: 'refund-scope',
      params: { channel, excludeCustomers: [held.id] },
      facts: ['channel', 'holdCustomer'],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'idempotency',
      text: 'Every refund carries an idempotency key',
      kind: 'refunds-idempotent',
      params: {},
      facts: [],
      scope: 'invariant',
      late: false,
      subgoal: true,
    },
    {
      id: 'escalated',
      text: 'Duplicate charges above the threshold have their ticket set to pending-approval',
      kind: 'tickets-status',
      params: { tickets: escalated.map((d) => d.ticket.id).sort(), status: 'pending-approval' },
      facts: ['approvalLimit'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'tickets-resolved',
      text: `The tickets of refunded duplicates are resolved with code ${resolutionCode}`,
      kind: 'tickets-status',
      params: { tickets: refunded.map((d) => d.ticket.id).sort(), status: 'resolved', resolution: resolutionCode },
      facts: ['resolutionCode'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'no-collateral',
      text: 'No other record is changed',
      kind: 'no-collateral',
      params: { allow },
      facts: ['channel', 'holdCustomer'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'report',
      text: 'The final answer states the total refunded',
      kind: 'answer-refund-total',
      params: {},
      facts: [],
      scope: 'goal',
      late: true,
    },
  ];

  // The oracle plan.
  const P = PLANNER.id;
  const E = EXECUTOR.id;
  const R = REVIEWER.id;
  const b = new PlanBuilder();
  const scopeOrders = Object.values(orders).filter((o) => o.channel === channel).length;
  const captured = Object.values(payments).filter((p) => p.status === 'captured').length;
  const openTickets = Object.values(tickets).filter((t) => t.status === 'open').length;
  b.tool(P, 'docs_list', {}, { note: 'what documentation exists' })
    .tool(
      P,
      'docs_get',
      { id: FAQ_DOC },
      { learn: [{ fact: 'approvalLimit', pattern: FAQ_PATTERN }], note: 'the FAQ quotes the approval threshold' },
    )
    .tool(P, 'docs_get', { id: 'payments-api' }, { note: 'payments_list is deprecated; note its replacement' })
    .tool(
      P,
      'policy_get',
      {},
      {
        learn: [{ fact: 'approvalLimit', pattern: POLICY_PATTERN }],
        verification: true,
        note: 'the policy is authoritative',
      },
    );
  for (let page = 1; (page - 1) * PAGE < scopeOrders; page++)
    b.tool(
      P,
      'orders_list',
      { channel: fact('channel'), page, pageSize: PAGE },
      { note: page === 1 ? 'every order of the channel, page by page' : undefined },
    );
  for (let page = 1; (page - 1) * PAGE < captured; page++)
    b.tool(
      P,
      'payments_list',
      { status: 'captured', page, pageSize: PAGE },
      { note: page === 1 ? 'captured payments: two per order is a duplicate charge' : undefined },
    );
  const candidates = rng.shuffle(dups.filter((d) => d.order.channel === channel));
  for (const d of candidates) b.tool(P, 'payments_list', { orderId: d.order.id, page: 1, pageSize: PAGE });
  b.tool(P, 'customers_get', { id: fact('holdCustomer') }, { note: 'the customer under a chargeback hold' });
  for (let page = 1; (page - 1) * PAGE < openTickets; page++)
    b.tool(P, 'tickets_list', { status: 'open', page, pageSize: PAGE });
  const brief = inScope.map(
    (d) =>
      `${d.order.id}: duplicate payment ${d.second.id} of ${money(d.order.total)} ${currency}, ticket ${d.ticket.id}`,
  );
  const already = dups.find((d) => d.kind === 'already') as Dup;
  b.handoff(
    P,
    E,
    `Duplicate charges to settle — ${brief.join('; ')}. Refund each duplicate payment in full with idempotency key "dup-<order id>" if it is within the approval threshold, and resolve its ticket with the resolution code; above the threshold, set the ticket to pending-approval instead. ${already.second.id} (${already.order.id}) was already refunded: leave it. Nothing for the customer on hold, nothing outside the channel.`,
    FACT_ORDER,
  );
  const within = (d: Dup): PlanCondition => ({ op: 'lte', left: money(d.order.total), right: fact('approvalLimit') });
  const beyond = (d: Dup): PlanCondition => ({ op: 'gt', left: money(d.order.total), right: fact('approvalLimit') });
  const guardOf = (d: Dup): PlanCondition | undefined =>
    d.kind === 'held'
      ? { op: 'notStartsWith', left: held.id, right: fact('holdCustomer') }
      : d.kind === 'other-channel'
        ? { op: 'notStartsWith', left: channel, right: fact('channel') }
        : undefined;
  const work = rng.shuffle(dups.filter((d) => d.kind !== 'already'));
  for (const d of work) {
    const guard = guardOf(d);
    const when = guard ?? within(d);
    b.tool(E, 'payments_get', { id: d.second.id }, guard ? { when: guard } : {});
    b.tool(
      E,
      'refunds_create',
      {
        paymentId: d.second.id,
        amount: d.order.total,
        reason: `Duplicate charge on order ${d.order.id}`,
        idempotencyKey: `dup-${d.order.id}`,
      },
      { when },
    );
    b.tool(
      E,
      'tickets_update',
      {
        id: d.ticket.id,
        status: 'resolved',
        resolution: fact('resolutionCode'),
        note: `Refunded duplicate payment ${d.second.id} (${money(d.order.total)} ${currency}).`,
      },
      { when },
    );
    if (!guard)
      b.tool(
        E,
        'tickets_update',
        {
          id: d.ticket.id,
          status: 'pending-approval',
          note: `Duplicate payment ${d.second.id} of ${money(d.order.total)} ${currency} is above the approval threshold; refund awaits a manager's approval.`,
        },
        { when: beyond(d) },
      );
  }
  b.tool(E, 'payments_get', { id: already.second.id }, { note: 'already refunded: confirm and leave it' })
    .tool(E, 'tickets_list', { resolution: fact('resolutionCode'), page: 1, pageSize: PAGE })
    .handoff(
      E,
      R,
      `Done: refunded the duplicate charges within the threshold (idempotency keys dup-<order id>), resolved their tickets, set the larger ones to pending-approval. Please verify: ${brief.join('; ')}.`,
      FACT_ORDER,
    );
  for (const d of rng.shuffle(inScope)) b.tool(R, 'payments_get', { id: d.second.id });
  b.tool(R, 'payments_get', { id: already.second.id })
    .tool(R, 'policy_get', {})
    .tool(R, 'tickets_list', { status: 'resolved', resolution: fact('resolutionCode'), page: 1, pageSize: PAGE })
    .tool(R, 'tickets_list', { status: 'pending-approval', page: 1, pageSize: PAGE })
    .handoff(
      R,
      P,
      'Verified: each duplicate within the threshold has exactly one refund, larger ones are pending approval, tickets carry the right codes, nothing else was refunded.',
      [],
    )
    .finish(
      P,
      `Reconciled ${fact('channel')}: refunded ${refunded.length} duplicate charge${refunded.length === 1 ? '' : 's'} totalling ${money(total)} ${currency} (${refunded.map((d) => d.order.id).join(', ')}); ${escalated.map((d) => d.order.id).join(', ')} await approval; ${already.order.id} was already refunded; nothing for ${fact('holdCustomer')} (chargeback hold).`,
    );

  const request = reconcileRequest(rng, { channel, held: held.id, code: resolutionCode });
  return {
    request,
    facts,
    constraints,
    world: state,
    plan: b,
  };
}

/** The user's words: every constraint and every stated fact, in seeded wording and order. */
function reconcileRequest(rng: Rng, f: { channel: string; held: string; code: string }): string {
  const intro = sentence(rng, [
    `Please reconcile the ${f.channel} orders against the payment processor: some customers were charged twice.`,
    `Finance flagged double charges in the ${f.channel} channel. Reconcile its orders against the payments and settle them.`,
    `Our payment provider captured some ${f.channel} orders twice. Go through that channel's orders and payments and fix it.`,
  ]);
  const body = shuffledSentences(rng, [
    [
      'Refund each duplicate charge in full, within the refund policy: policy_get is the authoritative policy (it wins over the FAQ), and anything above its approval threshold must not be refunded; put its ticket to pending-approval instead.',
      'Give every duplicate charge back in full, but follow the refund policy — read it with policy_get, which is authoritative (the wiki FAQ may be outdated): refunds above its approval threshold need approval, so set those tickets to pending-approval rather than refunding.',
    ],
    [
      'Never refund a payment twice, and use an idempotency key on every refund.',
      'Use idempotency keys on all refunds and make sure no payment gets refunded twice.',
    ],
    [
      `Do not refund anything for ${f.held}: there is an open chargeback with their bank.`,
      `${f.held} is under a chargeback hold — no refunds for them.`,
    ],
    [
      `Only orders of ${f.channel} are in scope; leave other channels alone.`,
      `Don't touch orders from other channels than ${f.channel}.`,
    ],
    [
      `Resolve the support ticket of every refunded order with resolution code ${f.code}.`,
      `Close each refunded customer's ticket as resolved, code ${f.code}.`,
    ],
    ["Don't change any other record.", 'Touch nothing else.'],
  ]);
  const outro = sentence(rng, [
    'When done, tell me the total amount refunded.',
    'Report back with the total you refunded.',
  ]);
  return [intro, ...body, outro].join(' ');
}

/** The reconcile-refunds task family. */
export const reconcileRefundsFamily = defineTaskFamily({
  id: FAMILY_ID,
  version: FAMILY_VERSION,
  description:
    'Reconcile a channel’s orders against payments and refund duplicate charges within policy (approval threshold, idempotency keys, never twice), escalating large ones, skipping a held customer, resolving tickets.',
  world: flakyApiWorld,
  maxEpisodeSteps: 160,
  roles: [PLANNER, EXECUTOR, REVIEWER],
  factOrder: FACT_ORDER,
  build: buildReconcileRefunds,
});

/** Generates one reconcile-refunds task without the memo, drawing straight from `rng` (see `generateUnmemoized`). */
export const generateReconcileRefunds = reconcileRefundsFamily.generateUnmemoized;
