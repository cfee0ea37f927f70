import { describe, expect, it } from 'vitest';
import type { ToolOutcome } from '../../../src/team/world.js';
import { DEPLOY_TOOLS } from '../../../environments/deploy/tools.js';
import {
  compareVersions,
  failingServices,
  type DeployState,
  type Service,
} from '../../../environments/deploy/state.js';
import { deployWorld } from '../../../environments/deploy/world.js';

const svc = (name: string, deps: string[] = [], extra: Partial<Service> = {}): Service => ({
  name,
  tier: 2,
  owner: 'team-orbit',
  version: 'v2.3.1',
  previous: ['v2.3.0'],
  deps,
  config: { LOG_LEVEL: 'info', DATABASE_HOST: 'pg-old.internal' },
  rules: [],
  badVersions: [],
  canary: null,
  ...extra,
});

/** A three-service stack: web → api → store; api needs DATABASE_HOST=pg-new.internal from v2.4.0. */
const stack = (): DeployState => ({
  services: {
    'cart-api': svc('cart-api', ['cart-store'], {
      rules: [{ key: 'DATABASE_HOST', value: 'pg-new.internal', from: 'v2.4.0' }],
    }),
    'cart-store': svc('cart-store'),
    'cart-web': svc('cart-web', ['cart-api'], { tier: 1 }),
  },
  docs: { 'change-policy': '# Change policy\n', 'release-notes': 'The next release is v2.4.0.\n' },
  release: { version: 'v2.4.0', services: ['cart-api', 'cart-store', 'cart-web'], notes: '' },
  approvals: {},
  approvalDelay: 2,
  approver: 'release-manager',
  log: [],
});

let clock = 0;
function run(
  state: DeployState,
  tool: keyof typeof DEPLOY_TOOLS,
  args: Record<string, unknown>,
  at = clock,
): ToolOutcome<DeployState> {
  const spec = DEPLOY_TOOLS[tool];
  const parsed = spec.args.safeParse(args);
  if (!parsed.success) throw new Error(`bad args for ${tool}: ${parsed.error.message}`);
  return spec.run(state, parsed.data as never, { role: 'executor', clock: at, step: at });
}

/** What `metrics` returns, as far as these tests read it. */
type Services = { services: Array<{ upstreamErrorRate: number }> };
/** What `get_approvals` returns, as far as these tests read it. */
type Approvals = { approvals: Array<{ status: string }> };

function result<T = Record<string, unknown>>(o: ToolOutcome<DeployState>): T {
  expect(o.ok, JSON.stringify(o.error)).toBe(true);
  return o.result as T;
}

function errorCode(o: ToolOutcome<DeployState>): string | undefined {
  expect(o.ok).toBe(false);
  expect(o.world).toBeUndefined();
  expect(o.error?.message.length).toBeGreaterThan(10);
  return o.error?.code;
}

/** The stack with CHG-10001 requested at tick 0 and granted (clock 5). */
function approved(): DeployState {
  const o = run(stack(), 'request_approval', { ticket: 'CHG-10001', summary: 'release' }, 0);
  clock = 5;
  return o.world as DeployState;
}

describe('read-only tools', () => {
  it('never return a new world', () => {
    const s = stack();
    for (const [tool, args] of [
      ['list_services', {}],
      ['get_service', { service: 'cart-api' }],
      ['get_config', { service: 'cart-api' }],
      ['health', { service: 'cart-api' }],
      ['probe', { service: 'cart-api' }],
      ['logs', { service: 'cart-api' }],
      ['metrics', {}],
      ['get_approvals', {}],
      ['read_doc', { name: 'change-policy' }],
      ['get_release', {}],
    ] as const) {
      const o = run(s, tool, args);
      expect(o.ok, tool).toBe(true);
      expect(o.world, tool).toBeUndefined();
      expect(o.writes, tool).toBeUndefined();
    }
    expect(
      Object.values(DEPLOY_TOOLS)
        .filter((t) => !t.readOnly)
        .map((t) => t.name)
        .sort(),
    ).toEqual(['deploy', 'promote_canary', 'request_approval', 'rollback', 'set_config']);
  });

  it('list_services, get_service and get_config describe the stack', () => {
    const s = stack();
    expect(
      result<{ services: Array<{ name: string; status: string }> }>(run(s, 'list_services', {})).services.map(
        (x) => `${x.name}:${x.status}`,
      ),
    ).toEqual(['cart-api:healthy', 'cart-store:healthy', 'cart-web:healthy']);
    expect(result(run(s, 'get_service', { service: 'cart-api' }))).toMatchObject({
      dependsOn: ['cart-store'],
      dependents: ['cart-web'],
      version: 'v2.3.1',
    });
    expect(run(s, 'get_service', { service: 'cart-api' }).reads).toEqual(['services/cart-api']);
    expect(result(run(s, 'get_config', { service: 'cart-api' })).config).toEqual({
      LOG_LEVEL: 'info',
      DATABASE_HOST: 'pg-old.internal',
    });
    expect(errorCode(run(s, 'get_service', { service: 'nope' }))).toBe('unknown_service');
    expect(errorCode(run(s, 'get_config', { service: 'toString' }))).toBe('unknown_service');
    expect(errorCode(run(s, 'health', { service: '__proto__' }))).toBe('unknown_service');
  });

  it('read_doc and get_release serve the documents', () => {
    const s = stack();
    expect(result(run(s, 'read_doc', { name: 'release-notes' })).content).toContain('v2.4.0');
    expect(result(run(s, 'get_release', {})).content).toMatch(/"version":\s*"v2\.4\.0"/);
    expect(errorCode(run(s, 'read_doc', { name: 'secrets' }))).toBe('not_found');
  });

  it('metrics and logs reflect failures', () => {
    const s = approved();
    const bad = run(s, 'deploy', { service: 'cart-web', version: 'v2.4.0', ticket: 'CHG-10001' }).world as DeployState;
    expect(failingServices(bad)).toEqual(['cart-web']);
    expect(result(run(bad, 'metrics', {})).failing).toBe(1);
    expect(
      result<Services>(run(bad, 'metrics', { service: 'cart-web' })).services[0]?.upstreamErrorRate,
    ).toBeGreaterThan(0.1);
    expect(errorCode(run(bad, 'metrics', { service: 'nope' }))).toBe('unknown_service');
    const lines = (result(run(bad, 'logs', { service: 'cart-web' })).content as string).split('\n');
    expect(lines[0]).toContain('rolling v2.4.0 (CHG-10001)');
    expect(lines.some((l) => l.includes('ERROR') && l.includes('cart-api'))).toBe(true);
    expect(result(run(bad, 'logs', { service: 'cart-web', since: 1000 })).content).not.toContain('rolling');
    expect(result(run(bad, 'metrics', {})).content).toBe('no alerts firing');
    expect(result(run(bad, 'health', { service: 'cart-web' }))).toMatchObject({ status: 'degraded' });
  });

  it('a buggy version passes its own health check but fails its callers, and raises an alert', () => {
    const s = stack();
    const buggy: DeployState = {
      ...s,
      services: { ...s.services, 'cart-store': { ...(s.services['cart-store'] as Service), badVersions: ['v2.3.1'] } },
    };
    expect(failingServices(buggy)).toEqual(['cart-api']);
    expect(result(run(buggy, 'health', { service: 'cart-store' })).status).toBe('healthy');
    expect(result(run(buggy, 'health', { service: 'cart-api' })).problems).toEqual([
      'upstream cart-store v2.3.1 returns 500 on most requests',
    ]);
    const m = result(run(buggy, 'metrics', {}));
    expect(m.content).toMatch(/^ALERT cart-store 5xx rate [\d.]+% on v2\.3\.1$/);
    expect(result(run(buggy, 'logs', { service: 'cart-store' })).content).toContain('WARN v2.3.1 answered 500');
  });

  it('metrics: each service shows the figures of its own state, asked again or not', () => {
    const s = stack();
    const buggy: DeployState = {
      ...s,
      services: { ...s.services, 'cart-store': { ...(s.services['cart-store'] as Service), badVersions: ['v2.3.1'] } },
    };
    type Row = { service: string; errorRate: number; upstreamErrorRate: number; p99ms: number };
    const rows = (state: DeployState) =>
      Object.fromEntries(
        result<{ services: Row[] }>(run(state, 'metrics', {})).services.map((r) => [r.service, r]),
      ) as Record<string, Row>;
    for (let round = 0; round < 2; round++) {
      const healthy = rows(s);
      const faulty = rows(buggy);
      for (const name of ['cart-api', 'cart-store', 'cart-web']) {
        expect(healthy[name]?.errorRate).toBeLessThan(0.004);
        expect(healthy[name]?.upstreamErrorRate).toBe(0);
        expect(healthy[name]?.p99ms).toBeLessThan(200);
      }
      // The buggy store: its own 5xx rate is high and it is slow; its caller fails upstream.
      expect(faulty['cart-store']?.errorRate).toBeGreaterThanOrEqual(0.25);
      expect(faulty['cart-store']?.p99ms).toBeGreaterThanOrEqual(900);
      expect(faulty['cart-api']?.errorRate).toBeLessThan(0.004);
      expect(faulty['cart-api']?.upstreamErrorRate).toBeGreaterThanOrEqual(0.1);
      expect(faulty['cart-api']?.upstreamErrorRate).toBeLessThan(0.4);
      expect(faulty['cart-api']?.p99ms).toBeGreaterThanOrEqual(900);
      expect(faulty['cart-web']).toEqual(healthy['cart-web']);
    }
  });

  it('compares versions numerically', () => {
    expect(compareVersions('v1.10.0', 'v1.9.3')).toBeGreaterThan(0);
    expect(compareVersions('v2.0.0', 'v2.0.0')).toBe(0);
    expect(compareVersions('v1.0.0', 'v1.0.1')).toBeLessThan(0);
  });
});

describe('approvals', () => {
  it('arrive after a delay; changes need them', () => {
    const s = stack();
    expect(errorCode(run(s, 'deploy', { service: 'cart-store', version: 'v2.4.0', ticket: 'CHG-10001' }))).toBe(
      'not_approved',
    );
    const r = run(s, 'request_approval', { ticket: 'CHG-10001', summary: 'release' }, 10);
    expect(r.writes).toEqual(['approvals/CHG-10001']);
    const w = r.world as DeployState;
    expect(result<Approvals>(run(w, 'get_approvals', {}, 11)).approvals[0]?.status).toBe('pending');
    const pending = run(w, 'deploy', { service: 'cart-store', version: 'v2.4.0', ticket: 'CHG-10001' }, 11);
    expect(errorCode(pending)).toBe('approval_pending');
    expect(pending.error?.detail?.['retryAfter']).toBe(1);
    expect(result<Approvals>(run(w, 'get_approvals', {}, 12)).approvals[0]?.status).toBe('approved');
    expect(run(w, 'deploy', { service: 'cart-store', version: 'v2.4.0', ticket: 'CHG-10001' }, 12).ok).toBe(true);
    expect(run(w, 'request_approval', { ticket: 'CHG-10001', summary: 'again' }, 13).world).toBeUndefined();
    expect(errorCode(run(s, 'request_approval', { ticket: 'ticket-1', summary: 'x' }))).toBe('invalid_ticket');
  });
});

describe('changes', () => {
  it('deploy rolling replaces the version, copies only the changed service and logs the change', () => {
    const s = approved();
    const o = run(s, 'deploy', { service: 'cart-store', version: 'v2.4.0', ticket: 'CHG-10001' });
    const w = o.world as DeployState;
    expect(o.writes).toEqual(['services/cart-store']);
    expect(w.services['cart-store']).toMatchObject({ version: 'v2.4.0', previous: ['v2.3.0', 'v2.3.1'] });
    expect(w.services['cart-api']).toBe(s.services['cart-api']);
    expect(w.log.at(-1)).toMatchObject({ action: 'rolling', service: 'cart-store', depsReady: true, tick: 5 });
    expect(deployWorld.diff(s, w)).toEqual(['services/cart-store']);
    expect(result(run(w, 'deploy', { service: 'cart-store', version: 'v2.4.0', ticket: 'CHG-10001' })).unchanged).toBe(
      true,
    );
    expect(errorCode(run(s, 'deploy', { service: 'cart-store', version: '2.4', ticket: 'CHG-10001' }))).toBe(
      'invalid_version',
    );
    expect(errorCode(run(s, 'deploy', { service: 'nope', version: 'v2.4.0', ticket: 'CHG-10001' }))).toBe(
      'unknown_service',
    );
    // Out of order: the dependency still runs the old version.
    const early = run(s, 'deploy', { service: 'cart-web', version: 'v2.4.0', ticket: 'CHG-10001' });
    expect((early.world as DeployState).log.at(-1)?.depsReady).toBe(false);
    expect(result(early).status).toBe('degraded');
  });

  it('a canary runs beside the stable version until promoted or rolled back', () => {
    let s = approved();
    s = run(s, 'deploy', { service: 'cart-store', version: 'v2.4.0', ticket: 'CHG-10001' }).world as DeployState;
    const c = run(s, 'deploy', { service: 'cart-store', version: 'v2.5.0', strategy: 'canary', ticket: 'CHG-10001' });
    const w = c.world as DeployState;
    expect(w.services['cart-store']).toMatchObject({ version: 'v2.4.0', canary: { version: 'v2.5.0' } });
    expect(result(run(w, 'health', { service: 'cart-store' })).canary).toMatchObject({
      version: 'v2.5.0',
      status: 'healthy',
    });
    expect(
      errorCode(
        run(w, 'deploy', { service: 'cart-store', version: 'v2.5.0', strategy: 'canary', ticket: 'CHG-10001' }),
      ),
    ).toBe('canary_in_progress');
    expect(errorCode(run(w, 'promote_canary', { service: 'cart-store', version: 'v2.6.0', ticket: 'CHG-10001' }))).toBe(
      'version_mismatch',
    );
    const p = run(w, 'promote_canary', { service: 'cart-store', version: 'v2.5.0', ticket: 'CHG-10001' })
      .world as DeployState;
    expect(p.services['cart-store']).toMatchObject({ version: 'v2.5.0', canary: null });
    expect(errorCode(run(p, 'promote_canary', { service: 'cart-store', version: 'v2.5.0', ticket: 'CHG-10001' }))).toBe(
      'no_canary',
    );
    const aborted = run(w, 'rollback', { service: 'cart-store', ticket: 'CHG-10001' });
    expect(result(aborted).abortedCanary).toBe(true);
    expect((aborted.world as DeployState).services['cart-store']).toMatchObject({ version: 'v2.4.0', canary: null });
  });

  it('rollback returns to the previous version, and fails without one', () => {
    let s = approved();
    s = run(s, 'rollback', { service: 'cart-api', ticket: 'CHG-10001' }).world as DeployState;
    expect(s.services['cart-api']).toMatchObject({ version: 'v2.3.0', previous: [] });
    expect(errorCode(run(s, 'rollback', { service: 'cart-api', ticket: 'CHG-10001' }))).toBe('no_previous');
    expect(errorCode(run(stack(), 'rollback', { service: 'cart-api', ticket: 'CHG-10001' }))).toBe('not_approved');
  });

  it('set_config changes one key; the new release rejects a wrong value', () => {
    const s = approved();
    let w = run(s, 'deploy', { service: 'cart-store', version: 'v2.4.0', ticket: 'CHG-10001' }).world as DeployState;
    const wrong = run(w, 'deploy', { service: 'cart-api', version: 'v2.4.0', ticket: 'CHG-10001' })
      .world as DeployState;
    expect(failingServices(wrong)).toEqual(['cart-api']);
    expect(result<{ problems: string[] }>(run(wrong, 'health', { service: 'cart-api' })).problems[0]).toContain(
      'DATABASE_HOST',
    );
    expect(result(run(wrong, 'health', { service: 'cart-web' })).upstreamErrors).toEqual(['calls to cart-api fail']);
    const o = run(w, 'set_config', {
      service: 'cart-api',
      key: 'DATABASE_HOST',
      value: 'pg-new.internal',
      ticket: 'CHG-10001',
    });
    expect(result(o).previous).toBe('pg-old.internal');
    w = o.world as DeployState;
    w = run(w, 'deploy', { service: 'cart-api', version: 'v2.4.0', ticket: 'CHG-10001' }).world as DeployState;
    expect(failingServices(w)).toEqual([]);
    expect(
      result(
        run(w, 'set_config', {
          service: 'cart-api',
          key: 'DATABASE_HOST',
          value: 'pg-new.internal',
          ticket: 'CHG-10001',
        }),
      ).unchanged,
    ).toBe(true);
    expect(
      errorCode(run(w, 'set_config', { service: 'cart-api', key: 'bad key', value: 'x', ticket: 'CHG-10001' })),
    ).toBe('invalid_key');
    expect(errorCode(run(w, 'set_config', { service: 'cart-api', key: 'X', value: 'x', ticket: 'CHG-99999' }))).toBe(
      'not_approved',
    );
  });

  it('refuses oversized arguments through the schemas', () => {
    expect(
      DEPLOY_TOOLS.set_config.args.safeParse({
        service: 'cart-api',
        key: 'K',
        value: 'x'.repeat(1000),
        ticket: 'CHG-10001',
      }).success,
    ).toBe(false);
    expect(
      DEPLOY_TOOLS.deploy.args.safeParse({
        service: 'cart-api',
        version: 'v1.0.0',
        strategy: 'blue-green',
        ticket: 'CHG-10001',
      }).success,
    ).toBe(false);
    expect(DEPLOY_TOOLS.list_services.args.safeParse({ extra: 1 }).success).toBe(false);
  });

  it('probe is the documented fallback of health', () => {
    expect(deployWorld.fallbacks).toEqual({ health: 'probe' });
    const s = approved();
    expect(run(s, 'probe', { service: 'cart-api' }).result).toEqual(run(s, 'health', { service: 'cart-api' }).result);
  });
});

/** The three-service stack grown by `extra` batch services, every seventh running a version with a bug. */
const grown = (extra: number): DeployState => {
  const s = stack();
  const services: Record<string, Service> = { ...s.services };
  for (let i = 0; i < extra; i++) {
    const name = `batch-archiver-${String(i).padStart(4, '0')}`;
    services[name] = svc(name, [], { tier: 3, badVersions: i % 7 === 0 ? ['v2.3.1'] : [] });
  }
  return { ...s, services };
};

/** What `list_services` and `metrics` return, as far as the paging tests read it. */
type Page = {
  services: Array<{ name?: string; service?: string }>;
  page?: number;
  total?: number;
  nextPage?: number | null;
  content?: string;
};

describe('a grown stack is listed a page at a time', () => {
  it('list_services and metrics of a stack that fits on one page carry no paging fields', () => {
    expect(Object.keys(result<Page>(run(stack(), 'list_services', {})))).toEqual(['services']);
    expect(Object.keys(result<Page>(run(stack(), 'metrics', {})))).toEqual(['failing', 'services', 'content']);
  });

  it('walking nextPage lists every service once, sorted, and reads only the page', () => {
    const s = grown(123);
    const all = Object.keys(s.services).sort();
    for (const tool of ['list_services', 'metrics'] as const) {
      const seen: string[] = [];
      let page: number | null = 1;
      let pages = 0;
      while (page !== null) {
        const out = run(s, tool, { page, pageSize: 50 });
        const r = result<Page>(out);
        const names = r.services.map((x) => x.name ?? x.service ?? '');
        expect(out.ok && out.reads).toEqual(names.map((n) => `services/${n}`));
        expect(r.total).toBe(all.length);
        expect(r.page).toBe(page);
        seen.push(...names);
        page = r.nextPage ?? null;
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(all);
    }
    // A page past the end is empty, and says there is no next one.
    expect(result<Page>(run(s, 'list_services', { page: 9 }))).toEqual({
      services: [],
      page: 9,
      total: 126,
      nextPage: null,
    });
  });

  it('metrics alerts on every buggy service of the stack, whichever page is shown', () => {
    const s = grown(123);
    const buggy = Object.keys(s.services)
      .filter((n) => (s.services[n] as Service).badVersions.includes('v2.3.1'))
      .sort();
    expect(buggy.length).toBe(18);
    for (const page of [1, 3]) {
      const lines = (result<Page>(run(s, 'metrics', { page })).content ?? '').split('\n');
      expect(lines.map((l) => l.split(' ')[1])).toEqual(buggy);
    }
  });

  it('an unknown service lists the first known names and how many more there are', () => {
    const out = run(grown(123), 'get_service', { service: 'nope' });
    expect(out.ok).toBe(false);
    const message = out.error?.message ?? '';
    expect(message).toMatch(
      /^no service "nope"; known services: batch-archiver-0000, .* and 86 more \(see list_services\)$/,
    );
    expect(message.split(', ').length).toBe(40);
  });

  it('refuses a page size over the limit', () => {
    expect(() => run(grown(10), 'list_services', { pageSize: 201 })).toThrow(/pageSize/);
  });
});
