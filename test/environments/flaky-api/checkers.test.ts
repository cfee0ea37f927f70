import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../../src/team/world.js';
import { API_CHECKERS } from '../../../environments/flaky-api/checkers.js';
import { API_TOOLS } from '../../../environments/flaky-api/tools.js';
import type { ApiState, LegacyContact, Payment } from '../../../environments/flaky-api/state.js';

const pay = (id: string, orderId: string, amount: number): Payment => ({
  id,
  orderId,
  amount,
  currency: 'EUR',
  status: 'captured',
  method: 'visa',
  refunds: [],
});
const lc = (id: string, segment: string, consent: 'yes' | 'no', days: number): LegacyContact => ({
  id,
  full_name: `N ${id}`,
  email_addr: `${id}@example.com`,
  phone_no: '1',
  segment,
  country_code: 'DE',
  consent,
  days_since_activity: days,
  status: 'active',
});
const initial: ApiState = {
  customers: {},
  orders: {
    'ORD-1': {
      id: 'ORD-1',
      customerId: 'cus_a',
      channel: 'web-eu',
      total: 100,
      currency: 'EUR',
      status: 'paid',
      placedOn: '2025-01-01',
    },
    'ORD-2': {
      id: 'ORD-2',
      customerId: 'cus_b',
      channel: 'web-eu',
      total: 900,
      currency: 'EUR',
      status: 'paid',
      placedOn: '2025-01-01',
    },
    'ORD-3': {
      id: 'ORD-3',
      customerId: 'cus_c',
      channel: 'app-apac',
      total: 50,
      currency: 'EUR',
      status: 'paid',
      placedOn: '2025-01-01',
    },
    'ORD-4': {
      id: 'ORD-4',
      customerId: 'cus_held',
      channel: 'web-eu',
      total: 60,
      currency: 'EUR',
      status: 'paid',
      placedOn: '2025-01-01',
    },
  },
  payments: {
    'PAY-1': pay('PAY-1', 'ORD-1', 100),
    'PAY-2': pay('PAY-2', 'ORD-2', 900),
    'PAY-3': pay('PAY-3', 'ORD-3', 50),
    'PAY-4': pay('PAY-4', 'ORD-4', 60),
  },
  tickets: {
    'TCK-1': {
      id: 'TCK-1',
      orderId: 'ORD-1',
      customerId: 'cus_a',
      subject: 's',
      status: 'open',
      resolution: null,
      note: null,
    },
    'TCK-2': {
      id: 'TCK-2',
      orderId: 'ORD-2',
      customerId: 'cus_b',
      subject: 's',
      status: 'open',
      resolution: null,
      note: null,
    },
  },
  docs: { p: { id: 'p', title: 'p', version: 'v1', content: 'x' } },
  legacy: {
    'C-101': lc('C-101', 'wholesale', 'yes', 10),
    'C-102': lc('C-102', 'wholesale', 'yes', 900),
    'C-103': lc('C-103', 'wholesale', 'no', 10),
    'C-104': lc('C-104', 'retail', 'yes', 10),
    'C-105': lc('C-105', 'retail', 'yes', 10),
  },
  crm: {
    'C-105': {
      id: 'C-105',
      name: 'N C-105',
      email: 'C-105@example.com',
      phone: '1',
      segment: 'retail',
      country: 'DE',
      owner: 'team-vega',
    },
  },
  policyId: 'p',
  nextRefund: 1,
};

function apply(
  state: ApiState,
  tool: 'refunds_create' | 'tickets_update' | 'crm_contacts_create' | 'crm_contacts_update' | 'legacy_contacts_update',
  args: Record<string, unknown>,
): ApiState {
  const spec = API_TOOLS[tool];
  const o = spec.run(state, spec.args.parse(args) as never, { role: 'executor', clock: 0, step: 0 });
  if (!o.ok || !o.world) throw new Error(JSON.stringify(o.error));
  return o.world;
}
const refund = (s: ApiState, paymentId: string, amount: number, key = `k-${paymentId}-${s.nextRefund}`) =>
  apply(s, 'refunds_create', { paymentId, amount, reason: 'dup', idempotencyKey: key });
const check = (kind: string, world: ApiState, params: Record<string, unknown>, answer: string | null = null) =>
  (API_CHECKERS[kind] as (c: CheckContext<ApiState>) => boolean)({ world, initial, answer, params });

describe('flaky-api checkers', () => {
  const good = apply(refund(initial, 'PAY-1', 100), 'tickets_update', {
    id: 'TCK-1',
    status: 'resolved',
    resolution: 'DUP-OK',
  });

  it('payments-refunded: exactly one full refund per listed payment', () => {
    expect(check('payments-refunded', initial, { payments: ['PAY-1'] })).toBe(false);
    expect(check('payments-refunded', good, { payments: ['PAY-1'] })).toBe(true);
    expect(check('payments-refunded', refund(initial, 'PAY-1', 40), { payments: ['PAY-1'] })).toBe(false);
    expect(check('payments-refunded', refund(good, 'PAY-1', 100), { payments: ['PAY-1'] })).toBe(false);
    expect(check('payments-refunded', good, {})).toBe(false);
  });

  it('refund-limit: no new refund above the threshold', () => {
    expect(check('refund-limit', good, { max: 300 })).toBe(true);
    expect(check('refund-limit', refund(initial, 'PAY-2', 900), { max: 300 })).toBe(false);
    expect(check('refund-limit', good, { max: 'lots' })).toBe(false);
  });

  it('no-double-refund: a retried keyless refund is caught', () => {
    expect(check('no-double-refund', initial, {})).toBe(true);
    expect(check('no-double-refund', good, {})).toBe(true);
    const twice = apply(
      apply(initial, 'refunds_create', { paymentId: 'PAY-1', amount: 100, reason: 'r' }),
      'refunds_create',
      { paymentId: 'PAY-1', amount: 100, reason: 'r' },
    );
    expect(check('no-double-refund', twice, {})).toBe(false);
  });

  it('refund-scope: only the channel, never an excluded customer', () => {
    const params = { channel: 'web-eu', excludeCustomers: ['cus_held'] };
    expect(check('refund-scope', good, params)).toBe(true);
    expect(check('refund-scope', refund(initial, 'PAY-3', 50), params)).toBe(false);
    expect(check('refund-scope', refund(initial, 'PAY-4', 60), params)).toBe(false);
    expect(check('refund-scope', good, {})).toBe(false);
  });

  it('tickets-status: status and resolution code', () => {
    expect(check('tickets-status', good, { tickets: ['TCK-1'], status: 'resolved', resolution: 'DUP-OK' })).toBe(true);
    expect(check('tickets-status', good, { tickets: ['TCK-1'], status: 'resolved', resolution: 'OTHER' })).toBe(false);
    expect(check('tickets-status', good, { tickets: ['TCK-1', 'TCK-2'], status: 'resolved' })).toBe(false);
    expect(
      check('tickets-status', apply(initial, 'tickets_update', { id: 'TCK-2', status: 'pending-approval' }), {
        tickets: ['TCK-2'],
        status: 'pending-approval',
      }),
    ).toBe(true);
  });

  it('refunds-idempotent: every new refund has a key', () => {
    expect(check('refunds-idempotent', good, {})).toBe(true);
    expect(
      check(
        'refunds-idempotent',
        apply(initial, 'refunds_create', { paymentId: 'PAY-1', amount: 100, reason: 'r' }),
        {},
      ),
    ).toBe(false);
  });

  it('no-collateral: only allowed records change', () => {
    expect(check('no-collateral', good, { allow: ['PAY-1', 'TCK-1'] })).toBe(true);
    expect(check('no-collateral', good, { allow: ['PAY-1'] })).toBe(false);
    expect(check('no-collateral', good, { allow: ['PAY-', 'TCK-1'] })).toBe(false);
    expect(check('no-collateral', initial, { allow: [] })).toBe(true);
    expect(check('no-collateral', good, {})).toBe(false);
  });

  it('answer-refund-total: the answer states the total refunded', () => {
    const two = refund(good, 'PAY-3', 50);
    expect(check('answer-refund-total', two, {}, 'Refunded 150.00 EUR in total.')).toBe(true);
    expect(check('answer-refund-total', two, {}, 'Refunded 1150.00 EUR.')).toBe(false);
    expect(check('answer-refund-total', two, {}, 'Refunded 100.00 EUR.')).toBe(false);
    expect(check('answer-refund-total', two, {}, null)).toBe(false);
    expect(check('answer-refund-total', initial, {}, 'Refunded 0.00.')).toBe(false);
  });

  describe('CRM migration', () => {
    const move = (s: ApiState, id: string) => {
      const c = initial.legacy[id] as LegacyContact;
      const created = apply(s, 'crm_contacts_create', {
        id,
        name: c.full_name,
        email: c.email_addr,
        phone: c.phone_no,
        segment: c.segment,
        country: c.country_code,
      });
      return apply(apply(created, 'crm_contacts_update', { id, owner: 'team-orion' }), 'legacy_contacts_update', {
        id,
        status: 'migrated',
      });
    };
    const done = move(initial, 'C-101');
    const expected = {
      'C-101': { name: 'N C-101', email: 'C-101@example.com', phone: '1', segment: 'wholesale', country: 'DE' },
    };

    it('crm-migrated: same id, mapped fields', () => {
      expect(check('crm-migrated', initial, { records: expected })).toBe(false);
      expect(check('crm-migrated', done, { records: expected })).toBe(true);
      expect(check('crm-migrated', done, { records: { 'C-101': { ...expected['C-101'], email: 'x@y' } } })).toBe(false);
      expect(check('crm-migrated', done, { records: 'C-101' })).toBe(false);
    });

    it('crm-retention, crm-consent, crm-segment flag excluded contacts', () => {
      for (const kind of ['crm-retention', 'crm-consent', 'crm-segment'])
        expect(check(kind, done, { max: 500, segment: 'wholesale' }), kind).toBe(true);
      expect(check('crm-retention', move(done, 'C-102'), { max: 500 })).toBe(false);
      expect(check('crm-consent', move(done, 'C-103'), {})).toBe(false);
      expect(check('crm-segment', move(done, 'C-104'), { segment: 'wholesale' })).toBe(false);
      expect(check('crm-segment', done, {})).toBe(false);
    });

    it('crm-owner and legacy-status', () => {
      expect(check('crm-owner', done, { ids: ['C-101'], owner: 'team-orion' })).toBe(true);
      expect(check('crm-owner', done, { ids: ['C-101'], owner: 'team-vega' })).toBe(false);
      expect(check('legacy-status', done, { ids: ['C-101'], status: 'migrated' })).toBe(true);
      expect(check('legacy-status', initial, { ids: ['C-101'], status: 'migrated' })).toBe(false);
    });

    it('no-collateral names contacts by service; answer-migrated-count counts new contacts', () => {
      expect(check('no-collateral', done, { allow: ['crm/C-101', 'legacy/C-101'] })).toBe(true);
      expect(check('no-collateral', done, { allow: ['crm/C-101'] })).toBe(false);
      expect(
        check('no-collateral', apply(done, 'crm_contacts_update', { id: 'C-105', owner: 'team-orion' }), {
          allow: ['crm/C-101', 'legacy/C-101'],
        }),
      ).toBe(false);
      expect(check('answer-migrated-count', done, {}, 'Migrated 1 contact.')).toBe(true);
      expect(check('answer-migrated-count', move(done, 'C-104'), {}, 'Migrated 2 contacts.')).toBe(true);
      expect(check('answer-migrated-count', done, {}, 'Migrated 2 contacts.')).toBe(false);
      expect(check('answer-migrated-count', initial, {}, 'Migrated 0 contacts.')).toBe(false);
    });
  });
});
