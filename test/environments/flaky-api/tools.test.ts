import { describe, expect, it } from 'vitest';
import type { ToolOutcome } from '../../../src/team/world.js';
import { API_TOOLS, MAX_PAGE_SIZE } from '../../../environments/flaky-api/tools.js';
import { flakyApiWorld } from '../../../environments/flaky-api/world.js';
import {
  diffStates,
  newRefunds,
  type ApiState,
  type LegacyContact,
  type Payment,
  type Ticket,
} from '../../../environments/flaky-api/state.js';
import { viaJson } from '../../support/json.js';
import { deepFreeze } from '../../../src/core/deep-freeze.js';

const pay = (id: string, orderId: string, amount: number, status: Payment['status'] = 'captured'): Payment => ({
  id,
  orderId,
  amount,
  currency: 'EUR',
  status,
  method: 'visa',
  refunds: [],
});

/** A small world: three orders, four payments (one duplicate, one failed), two tickets, the docs. */
const world = (): ApiState => ({
  customers: {
    cus_okafor: { id: 'cus_okafor', name: 'Ada Okafor', tier: 'plus', country: 'DE' },
    cus_sato: { id: 'cus_sato', name: 'Hana Sato', tier: 'standard', country: 'JP' },
  },
  orders: {
    'ORD-1001': {
      id: 'ORD-1001',
      customerId: 'cus_okafor',
      channel: 'web-eu',
      total: 120.5,
      currency: 'EUR',
      status: 'paid',
      placedOn: '2025-03-02',
    },
    'ORD-1002': {
      id: 'ORD-1002',
      customerId: 'cus_sato',
      channel: 'app-apac',
      total: 80,
      currency: 'EUR',
      status: 'shipped',
      placedOn: '2025-03-03',
    },
    'ORD-1003': {
      id: 'ORD-1003',
      customerId: 'cus_sato',
      channel: 'web-eu',
      total: 42.1,
      currency: 'EUR',
      status: 'delivered',
      placedOn: '2025-03-04',
    },
  },
  payments: {
    'PAY-1': pay('PAY-1', 'ORD-1001', 120.5),
    'PAY-2': pay('PAY-2', 'ORD-1002', 80),
    'PAY-3': pay('PAY-3', 'ORD-1001', 120.5),
    'PAY-4': pay('PAY-4', 'ORD-1003', 42.1, 'failed'),
  },
  tickets: {
    'TCK-1': {
      id: 'TCK-1',
      orderId: 'ORD-1001',
      customerId: 'cus_okafor',
      subject: 'Charged twice',
      status: 'open',
      resolution: null,
      note: null,
    },
    'TCK-2': {
      id: 'TCK-2',
      orderId: null,
      customerId: 'cus_sato',
      subject: 'Hello',
      status: 'resolved',
      resolution: 'ANSWERED',
      note: null,
    },
  },
  docs: {
    faq: { id: 'faq', title: 'FAQ', version: '1', content: 'refund without approval up to $300' },
    policy: { id: 'policy', title: 'Refund policy', version: 'v2.0', content: 'Approval threshold: $300.' },
  },
  legacy: {
    'C-101': legacyContact('C-101', 'wholesale', 'yes'),
    'C-102': legacyContact('C-102', 'wholesale', 'no'),
    'C-103': legacyContact('C-103', 'retail', 'yes'),
  },
  crm: {
    'C-103': {
      id: 'C-103',
      name: 'N C-103',
      email: 'c-103@example.com',
      phone: '',
      segment: 'retail',
      country: 'DE',
      owner: 'team-vega',
    },
  },
  policyId: 'policy',
  nextRefund: 7,
});

const ctx = { role: 'executor', clock: 0, step: 1 };

function legacyContact(id: string, segment: string, consent: 'yes' | 'no'): LegacyContact {
  return {
    id,
    full_name: `N ${id}`,
    email_addr: `${id.toLowerCase()}@example.com`,
    phone_no: '',
    segment,
    country_code: 'DE',
    consent,
    days_since_activity: 10,
    status: segment === 'retail' ? 'migrated' : 'active',
  };
}

function run(state: ApiState, tool: keyof typeof API_TOOLS, args: Record<string, unknown>): ToolOutcome<ApiState> {
  const spec = API_TOOLS[tool];
  const parsed = spec.args.safeParse(args);
  if (!parsed.success) throw new Error(`bad args for ${tool}: ${parsed.error.message}`);
  return spec.run(state, parsed.data as never, ctx);
}

/** A listing endpoint's result, as far as these tests read it. */
type Listing<T = { id: string }> = { items: T[] };

function result<T = Record<string, unknown>>(o: ToolOutcome<ApiState>): T {
  expect(o.ok, JSON.stringify(o.error)).toBe(true);
  return o.result as T;
}

function errorCode(o: ToolOutcome<ApiState>): string | undefined {
  expect(o.ok).toBe(false);
  expect(o.world).toBeUndefined();
  expect(o.error?.message.length).toBeGreaterThan(10);
  return o.error?.code;
}

describe('read-only tools', () => {
  it('never return a new world, and are exactly the read tools', () => {
    const s = world();
    for (const [tool, args] of [
      ['customers_get', { id: 'cus_okafor' }],
      ['orders_list', {}],
      ['orders_get', { id: 'ORD-1001' }],
      ['payments_list', {}],
      ['payments_list_v2', { status: 'captured' }],
      ['payments_get', { id: 'PAY-1' }],
      ['tickets_list', {}],
      ['tickets_get', { id: 'TCK-1' }],
      ['docs_list', {}],
      ['docs_get', { id: 'faq' }],
      ['policy_get', {}],
    ] as const) {
      const o = run(s, tool, args);
      expect(o.ok, tool).toBe(true);
      expect(o.world, tool).toBeUndefined();
    }
    expect(
      Object.values(API_TOOLS)
        .filter((t) => !t.readOnly)
        .map((t) => t.name)
        .sort(),
    ).toEqual([
      'crm_contacts_create',
      'crm_contacts_update',
      'legacy_contacts_update',
      'refunds_create',
      'tickets_update',
    ]);
    for (const t of Object.values(API_TOOLS)) expect(t.description.length, t.name).toBeGreaterThan(20);
  });

  it('list endpoints paginate and filter', () => {
    const s = world();
    const p1 = result<Listing<Payment>>(run(s, 'payments_list', { pageSize: 3 }));
    expect(p1.items.map((p: Payment) => p.id)).toEqual(['PAY-1', 'PAY-2', 'PAY-3']);
    expect(p1).toMatchObject({ page: 1, total: 4, hasMore: true, nextPage: 2 });
    const p2 = result(run(s, 'payments_list', { pageSize: 3, page: 2 }));
    expect(p2).toMatchObject({ total: 4, hasMore: false, nextPage: null });
    expect(p2.items).toHaveLength(1);
    expect(result(run(s, 'payments_list', { page: 9 })).items).toEqual([]);
    expect(
      result<Listing<Payment>>(run(s, 'payments_list', { orderId: 'ORD-1001' })).items.map((p: Payment) => p.id),
    ).toEqual(['PAY-1', 'PAY-3']);
    expect(
      result<Listing<Payment>>(run(s, 'payments_list_v2', { status: 'failed' })).items.map((p: Payment) => p.id),
    ).toEqual(['PAY-4']);
    expect(
      result<Listing>(run(s, 'orders_list', { channel: 'web-eu' })).items.map((o: { id: string }) => o.id),
    ).toEqual(['ORD-1001', 'ORD-1003']);
    expect(result(run(s, 'orders_list', { customerId: 'cus_sato', channel: 'web-eu' })).total).toBe(1);
    expect(
      result<Listing>(run(s, 'tickets_list', { status: 'resolved', resolution: 'ANSWERED' })).items.map(
        (t: { id: string }) => t.id,
      ),
    ).toEqual(['TCK-2']);
    expect(run(s, 'orders_list', { channel: 'web-eu' }).reads).toEqual(['ORD-1001', 'ORD-1003']);
    expect(API_TOOLS.orders_list.args.safeParse({ pageSize: MAX_PAGE_SIZE + 1 }).success).toBe(false);
    expect(API_TOOLS.orders_list.args.safeParse({ page: 0 }).success).toBe(false);
    expect(API_TOOLS.orders_list.args.safeParse({ bogus: 1 }).success).toBe(false);
  });

  it('payments_list_v2 is the documented fallback of the deprecated payments_list', () => {
    const s = world();
    expect(flakyApiWorld.fallbacks).toEqual({
      payments_list: 'payments_list_v2',
      legacy_contacts_list: 'legacy_contacts_list_v2',
    });
    for (const args of [{}, { status: 'captured', pageSize: 2, page: 2 }, { orderId: 'ORD-1001' }]) {
      expect(run(s, 'payments_list_v2', args)).toEqual(run(s, 'payments_list', args));
    }
    expect(API_TOOLS.payments_list.description).toContain('deprecated');
  });

  it('get endpoints find records or say how to find them', () => {
    const s = world();
    expect(result(run(s, 'orders_get', { id: 'ORD-1002' })).channel).toBe('app-apac');
    expect(result(run(s, 'payments_get', { id: 'PAY-1' })).refunded).toBe(0);
    expect(result(run(s, 'customers_get', { id: 'cus_sato' })).name).toBe('Hana Sato');
    expect(result(run(s, 'policy_get', {})).content).toContain('Approval threshold: $300');
    expect(result(run(s, 'docs_list', {})).docs).toHaveLength(2);
    for (const [tool, id] of [
      ['orders_get', 'ORD-9'],
      ['payments_get', 'PAY-9'],
      ['customers_get', '__proto__'],
      ['tickets_get', 'toString'],
      ['docs_get', 'nope'],
    ] as const) {
      expect(errorCode(run(s, tool, { id })), tool).toBe('not_found');
    }
  });
});

describe('refunds_create', () => {
  it('refunds a captured payment, copying only that record', () => {
    const s = world();
    const o = run(s, 'refunds_create', {
      paymentId: 'PAY-3',
      amount: 120.5,
      reason: 'duplicate',
      idempotencyKey: 'k1',
    });
    expect(result(o)).toMatchObject({
      refund: { id: 'RF-7', amount: 120.5, idempotencyKey: 'k1' },
      replayed: false,
      refunded: 120.5,
    });
    expect(o.writes).toEqual(['PAY-3']);
    const w = o.world as ApiState;
    expect(w.payments['PAY-3']?.refunds).toHaveLength(1);
    expect(w.payments['PAY-1']).toBe(s.payments['PAY-1']);
    expect(w.orders).toBe(s.orders);
    expect(w.nextRefund).toBe(8);
    expect(diffStates(s, w)).toEqual(['PAY-3']);
    expect(s.payments['PAY-3']?.refunds).toHaveLength(0);
  });

  it('replays a repeated idempotency key instead of refunding again', () => {
    const s = world();
    const w = run(s, 'refunds_create', { paymentId: 'PAY-3', amount: 120.5, reason: 'duplicate', idempotencyKey: 'k1' })
      .world as ApiState;
    const again = run(w, 'refunds_create', {
      paymentId: 'PAY-3',
      amount: 120.5,
      reason: 'duplicate',
      idempotencyKey: 'k1',
    });
    expect(result(again)).toMatchObject({ replayed: true, refund: { id: 'RF-7' } });
    expect(again.world).toBeUndefined();
    expect(
      errorCode(run(w, 'refunds_create', { paymentId: 'PAY-1', amount: 120.5, reason: 'x', idempotencyKey: 'k1' })),
    ).toBe('idempotency_conflict');
    expect(
      errorCode(run(w, 'refunds_create', { paymentId: 'PAY-3', amount: 10, reason: 'x', idempotencyKey: 'k1' })),
    ).toBe('idempotency_conflict');
  });

  it('creates a second refund when a call without a key is retried', () => {
    const s = world();
    const w1 = run(s, 'refunds_create', { paymentId: 'PAY-3', amount: 120.5, reason: 'duplicate' }).world as ApiState;
    const w2 = run(w1, 'refunds_create', { paymentId: 'PAY-3', amount: 120.5, reason: 'duplicate' }).world as ApiState;
    expect(w2.payments['PAY-3']?.refunds.map((r) => r.id)).toEqual(['RF-7', 'RF-8']);
    expect(w2.payments['PAY-3']?.refunds[0]?.idempotencyKey).toBeNull();
  });

  it('refuses what cannot be refunded', () => {
    const s = world();
    expect(errorCode(run(s, 'refunds_create', { paymentId: 'PAY-9', amount: 1, reason: 'x' }))).toBe('not_found');
    expect(errorCode(run(s, 'refunds_create', { paymentId: 'PAY-4', amount: 42.1, reason: 'x' }))).toBe(
      'not_refundable',
    );
    expect(errorCode(run(s, 'refunds_create', { paymentId: 'PAY-3', amount: 500, reason: 'x' }))).toBe(
      'amount_exceeds_payment',
    );
    expect(errorCode(run(s, 'refunds_create', { paymentId: 'PAY-3', amount: 1.005, reason: 'x' }))).toBe(
      'invalid_argument',
    );
    expect(API_TOOLS.refunds_create.args.safeParse({ paymentId: 'PAY-3', amount: -1, reason: 'x' }).success).toBe(
      false,
    );
    expect(
      API_TOOLS.refunds_create.args.safeParse({ paymentId: 'PAY-3', amount: 1, reason: 'x'.repeat(501) }).success,
    ).toBe(false);
  });
});

describe('tickets_update', () => {
  it('updates the given fields only and copies only that ticket', () => {
    const s = world();
    const o = run(s, 'tickets_update', { id: 'TCK-1', status: 'resolved', resolution: 'DUP-OK' });
    expect(result(o).ticket).toMatchObject({
      status: 'resolved',
      resolution: 'DUP-OK',
      note: null,
      subject: 'Charged twice',
    });
    expect(o.writes).toEqual(['TCK-1']);
    const w = o.world as ApiState;
    expect(w.tickets['TCK-2']).toBe(s.tickets['TCK-2']);
    expect(w.payments).toBe(s.payments);
    expect(diffStates(s, w)).toEqual(['TCK-1']);
    const same = run(w, 'tickets_update', { id: 'TCK-1', status: 'resolved' });
    expect(result(same).unchanged).toBe(true);
    expect(same.world).toBeUndefined();
  });

  it('refuses unknown tickets and resolving without a code', () => {
    const s = world();
    expect(errorCode(run(s, 'tickets_update', { id: 'TCK-9', status: 'open' }))).toBe('not_found');
    expect(errorCode(run(s, 'tickets_update', { id: 'TCK-1', status: 'resolved' }))).toBe('invalid_argument');
    expect(API_TOOLS.tickets_update.args.safeParse({ id: 'TCK-1', status: 'closed' }).success).toBe(false);
  });
});

describe('CRM endpoints', () => {
  const create = { id: 'C-101', name: 'N C-101', email: 'c-101@example.com', segment: 'wholesale', country: 'DE' };

  it('list, get and the deprecated listing with its replacement', () => {
    const s = world();
    expect(
      result<Listing>(run(s, 'legacy_contacts_list', { segment: 'wholesale' })).items.map((c: { id: string }) => c.id),
    ).toEqual(['C-101', 'C-102']);
    expect(run(s, 'legacy_contacts_list', { segment: 'wholesale' }).reads).toEqual(['legacy/C-101', 'legacy/C-102']);
    expect(result(run(s, 'legacy_contacts_list', { status: 'migrated' })).total).toBe(1);
    expect(run(s, 'legacy_contacts_list_v2', { segment: 'wholesale', pageSize: 1, page: 2 })).toEqual(
      run(s, 'legacy_contacts_list', { segment: 'wholesale', pageSize: 1, page: 2 }),
    );
    expect(result(run(s, 'crm_contacts_list', { owner: 'team-vega' })).total).toBe(1);
    expect(result(run(s, 'legacy_contacts_get', { id: 'C-101' })).full_name).toBe('N C-101');
    expect(result(run(s, 'crm_contacts_get', { id: 'C-103' })).owner).toBe('team-vega');
    expect(errorCode(run(s, 'crm_contacts_get', { id: 'C-101' }))).toBe('not_found');
    expect(errorCode(run(s, 'legacy_contacts_get', { id: 'C-999' }))).toBe('not_found');
  });

  it('crm_contacts_create keeps the id, is idempotent by id, and refuses a different contact under it', () => {
    const s = world();
    const o = run(s, 'crm_contacts_create', create);
    expect(result(o)).toMatchObject({ created: true, contact: { id: 'C-101', owner: null, phone: '' } });
    expect(o.writes).toEqual(['crm/C-101']);
    const w = o.world as ApiState;
    expect(w.legacy).toBe(s.legacy);
    expect(w.crm['C-103']).toBe(s.crm['C-103']);
    expect(diffStates(s, w)).toEqual(['crm/C-101']);
    const again = run(w, 'crm_contacts_create', create);
    expect(result(again).created).toBe(false);
    expect(again.world).toBeUndefined();
    expect(errorCode(run(w, 'crm_contacts_create', { ...create, name: 'Other' }))).toBe('already_exists');
    expect(errorCode(run(s, 'crm_contacts_create', { ...create, id: 'X-1' }))).toBe('invalid_argument');
    expect(errorCode(run(s, 'crm_contacts_create', { ...create, email: 'nope' }))).toBe('invalid_argument');
    expect(API_TOOLS.crm_contacts_create.args.safeParse({ ...create, country: 'Germany' }).success).toBe(false);
  });

  it('crm_contacts_update and legacy_contacts_update change one record each', () => {
    const s = run(world(), 'crm_contacts_create', create).world as ApiState;
    const owned = run(s, 'crm_contacts_update', { id: 'C-101', owner: 'team-orion' });
    expect(result<{ contact: { owner: string } }>(owned).contact.owner).toBe('team-orion');
    const w = owned.world as ApiState;
    expect(run(w, 'crm_contacts_update', { id: 'C-101', owner: 'team-orion' }).world).toBeUndefined();
    expect(errorCode(run(w, 'crm_contacts_update', { id: 'C-102', owner: 'team-orion' }))).toBe('not_found');
    const marked = run(w, 'legacy_contacts_update', { id: 'C-101', status: 'migrated' });
    expect(marked.writes).toEqual(['legacy/C-101']);
    expect(diffStates(world(), marked.world as ApiState).sort()).toEqual(['crm/C-101', 'legacy/C-101']);
    expect(errorCode(run(w, 'legacy_contacts_update', { id: 'C-102', status: 'migrated' }))).toBe('not_migrated');
    expect(errorCode(run(w, 'legacy_contacts_update', { id: 'C-9', status: 'archived' }))).toBe('not_found');
    expect(run(w, 'legacy_contacts_update', { id: 'C-103', status: 'migrated' }).world).toBeUndefined();
  });
});

describe('the world', () => {
  it('diffs by record, including equal copies restored from JSON', () => {
    const s = world();
    expect(flakyApiWorld.diff(s, viaJson(s))).toEqual([]);
    const w = run(s, 'tickets_update', { id: 'TCK-1', note: 'hi' }).world as ApiState;
    expect(flakyApiWorld.diff(viaJson(s), w)).toEqual(['TCK-1']);
    expect(flakyApiWorld.vocabulary(s)).toContain('PAY-3');
  });

  it('finds the new refunds of a frozen state once, and a hand-built state afresh each time', () => {
    const s = deepFreeze(world());
    const once = run(s, 'refunds_create', { paymentId: 'PAY-3', amount: 120.5, reason: 'dup', idempotencyKey: 'k1' });
    const w = deepFreeze(once.world as ApiState);
    const first = newRefunds(s, w);
    expect(first.map(({ payment, refund }) => [payment.id, refund.id])).toEqual([['PAY-3', 'RF-7']]);
    // The same answer object: the checkers that ask about one state share one walk.
    expect(newRefunds(s, w)).toBe(first);
    // Asked against another start, the same payments map is compared afresh.
    expect(newRefunds(w, w)).toEqual([]);
    expect(newRefunds(deepFreeze({ ...w, payments: { ...w.payments } }), w)).toEqual([]);

    // A state built by hand and changed in place is never answered from memory.
    const mutable = world();
    const grown = { ...mutable, payments: { ...mutable.payments } };
    expect(newRefunds(mutable, grown)).toEqual([]);
    grown.payments['PAY-2'] = {
      ...(grown.payments['PAY-2'] as Payment),
      refunds: [{ id: 'RF-9', amount: 5, reason: 'r', idempotencyKey: null }],
    };
    expect(newRefunds(mutable, grown).map(({ refund }) => refund.id)).toEqual(['RF-9']);
  });

  it('diffs a chain of frozen states against its start as a fresh diff of thawed copies does', () => {
    const initial = deepFreeze(world());
    const writes: [keyof typeof API_TOOLS, Record<string, unknown>][] = [
      ['refunds_create', { paymentId: 'PAY-3', amount: 120.5, reason: 'dup', idempotencyKey: 'k1' }],
      ['tickets_update', { id: 'TCK-1', note: 'refunded' }],
      [
        'crm_contacts_create',
        { id: 'C-101', name: 'N C-101', email: 'c-101@example.com', phone: '', segment: 'wholesale', country: 'DE' },
      ],
      ['tickets_update', { id: 'TCK-1', note: 'done' }],
      ['legacy_contacts_update', { id: 'C-101', status: 'migrated' }],
      ['refunds_create', { paymentId: 'PAY-1', amount: 10, reason: 'goodwill', idempotencyKey: 'k2' }],
    ];
    let state = initial;
    for (const [tool, args] of writes) {
      const next = deepFreeze(run(state, tool, args).world as ApiState);
      // The step's own diff first (as the env takes it), then the no-collateral check's.
      expect(flakyApiWorld.diff(state, next)).toEqual(flakyApiWorld.diff(viaJson(state), viaJson(next)));
      expect(diffStates(initial, next)).toEqual(diffStates(viaJson(initial), viaJson(next)));
      state = next;
    }
    expect(diffStates(initial, state).sort()).toEqual(['PAY-1', 'PAY-3', 'TCK-1', 'crm/C-101', 'legacy/C-101']);
    // Against another start, the same maps are compared afresh.
    expect(diffStates(state, state)).toEqual([]);
    expect(diffStates(deepFreeze({ ...state, tickets: { ...state.tickets } }), state)).toEqual([]);

    // A state built by hand and changed in place is never answered from memory.
    const start = world();
    const edited = { ...start, tickets: { ...start.tickets } };
    expect(diffStates(start, edited)).toEqual([]);
    edited.tickets['TCK-2'] = { ...(edited.tickets['TCK-2'] as Ticket), note: 'later' };
    expect(diffStates(start, edited)).toEqual(['TCK-2']);
  });
});
