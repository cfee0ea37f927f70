import { describe, expect, it } from 'vitest';
import { DEPLOY_CHECKERS } from '../../../environments/deploy/checkers.js';
import { DEPLOY_TOOLS } from '../../../environments/deploy/tools.js';
import type { DeployState, Service } from '../../../environments/deploy/state.js';

const svc = (name: string, deps: string[] = [], extra: Partial<Service> = {}): Service => ({
  name,
  tier: 2,
  owner: 'team-orbit',
  version: 'v1.2.0',
  previous: [],
  deps,
  config: { DATABASE_HOST: 'pg-old.internal' },
  rules: [],
  badVersions: [],
  canary: null,
  ...extra,
});

const initial: DeployState = {
  services: {
    'a-store': svc('a-store'),
    'b-api': svc('b-api', ['a-store'], { rules: [{ key: 'DATABASE_HOST', value: 'pg-new.internal', from: 'v1.3.0' }] }),
    'c-web': svc('c-web', ['b-api']),
    'd-sync': svc('d-sync'),
  },
  docs: {},
  release: { version: 'v1.3.0', services: [], notes: '' },
  approvals: {},
  approvalDelay: 1,
  approver: 'release-manager',
  log: [
    {
      tick: -50,
      action: 'rolling',
      service: 'a-store',
      version: 'v1.2.0',
      ticket: 'CHG-1000',
      depsReady: false,
      unavailable: 0,
    },
  ],
};

/** Applies tool calls in order at ticks 10, 11, ... (approval of CHG-2000 first). */
function apply(calls: [keyof typeof DEPLOY_TOOLS, Record<string, unknown>][], from = initial, start = 10): DeployState {
  let s = DEPLOY_TOOLS.request_approval.run(
    from,
    { ticket: 'CHG-2000', summary: 's' },
    { role: 'executor', clock: 0, step: 0 },
  ).world as DeployState;
  let t = start;
  for (const [tool, args] of calls) {
    const spec = DEPLOY_TOOLS[tool];
    const o = spec.run(s, spec.args.parse(args) as never, { role: 'executor', clock: t++, step: t });
    if (!o.ok) throw new Error(`${tool}: ${o.error?.message}`);
    if (o.world) s = o.world;
  }
  return s;
}

const check = (
  kind: string,
  world: DeployState,
  params: Record<string, unknown> = {},
  answer: string | null = null,
) => {
  const checker = DEPLOY_CHECKERS[kind];
  if (!checker) throw new Error(kind);
  return checker({ world, initial, answer, params });
};

const T = 'CHG-2000';
const d = (service: string, version = 'v1.3.0', strategy = 'rolling') =>
  ['deploy', { service, version, strategy, ticket: T }] as [keyof typeof DEPLOY_TOOLS, Record<string, unknown>];
const cfg = ['set_config', { service: 'b-api', key: 'DATABASE_HOST', value: 'pg-new.internal', ticket: T }] as [
  keyof typeof DEPLOY_TOOLS,
  Record<string, unknown>,
];
const good = () =>
  apply([
    cfg,
    d('a-store'),
    d('b-api', 'v1.3.0', 'canary'),
    ['promote_canary', { service: 'b-api', version: 'v1.3.0', ticket: T }],
    d('c-web'),
  ]);
const outOfOrder = () => apply([cfg, d('c-web'), d('b-api'), d('a-store')]);

describe('deploy checkers', () => {
  it('services-at-version', () => {
    const p = { services: ['a-store', 'b-api', 'c-web'], version: 'v1.3.0' };
    expect(check('services-at-version', good(), p)).toBe(true);
    expect(check('services-at-version', initial, p)).toBe(false);
    expect(
      check('services-at-version', apply([cfg, d('a-store'), d('b-api', 'v1.3.0', 'canary')]), {
        services: ['b-api'],
        version: 'v1.3.0',
      }),
    ).toBe(false);
    expect(check('services-at-version', good(), {})).toBe(false);
  });

  it('service-untouched and no-collateral', () => {
    expect(check('service-untouched', good(), { service: 'd-sync' })).toBe(true);
    expect(check('service-untouched', apply([d('d-sync')]), { service: 'd-sync' })).toBe(false);
    const allow = { allow: ['services/a-store', 'services/b-api', 'services/c-web', 'approvals/CHG-2000'] };
    expect(check('no-collateral', good(), allow)).toBe(true);
    expect(check('no-collateral', apply([d('d-sync')]), allow)).toBe(false);
    expect(check('no-collateral', good(), { allow: ['services/', 'approvals/'] })).toBe(true);
    expect(check('no-collateral', good(), { allow: ['services/'] })).toBe(false);
  });

  it('config-before-deploy and config-equals', () => {
    const p = { service: 'b-api', key: 'DATABASE_HOST', value: 'pg-new.internal' };
    expect(check('config-before-deploy', initial, p)).toBe(true);
    expect(check('config-before-deploy', good(), p)).toBe(true);
    expect(check('config-before-deploy', apply([d('a-store'), d('b-api')]), p)).toBe(false);
    expect(check('config-before-deploy', apply([d('a-store'), d('b-api', 'v1.3.0', 'canary')]), p)).toBe(false);
    expect(check('config-equals', good(), p)).toBe(true);
    expect(check('config-equals', initial, p)).toBe(false);
  });

  it('canary-first', () => {
    expect(check('canary-first', good(), { service: 'b-api' })).toBe(true);
    expect(check('canary-first', outOfOrder(), { service: 'b-api' })).toBe(false);
    expect(
      check('canary-first', apply([cfg, d('a-store'), d('b-api', 'v1.3.0', 'canary')]), { service: 'b-api' }),
    ).toBe(false);
  });

  it('deploys-ticketed', () => {
    expect(check('deploys-ticketed', good(), { ticket: T })).toBe(true);
    expect(check('deploys-ticketed', good(), { ticket: 'CHG-9999' })).toBe(false);
    expect(check('deploys-ticketed', initial, { ticket: 'CHG-9999' })).toBe(true);
  });

  it('dependency-order, max-unavailable and all-healthy (history does not count)', () => {
    expect(check('dependency-order', initial)).toBe(true);
    expect(check('dependency-order', good())).toBe(true);
    const bad = outOfOrder();
    expect(check('dependency-order', bad)).toBe(false);
    // Repaired by the end, the out-of-order deploy stays in the log.
    expect(check('all-healthy', bad)).toBe(true);
    expect(check('max-unavailable', bad, { max: 0 })).toBe(true);
    const mid = apply([cfg, d('c-web')]);
    expect(check('max-unavailable', mid, { max: 0 })).toBe(false);
    expect(check('max-unavailable', mid, { max: 1 })).toBe(true);
    expect(check('all-healthy', mid)).toBe(false);
    expect(check('all-healthy', apply([d('a-store', 'v1.3.0', 'canary')]))).toBe(false);
  });

  it('change-window', () => {
    expect(check('change-window', good(), { from: 5, to: 100 })).toBe(true);
    expect(check('change-window', good(), { from: 12, to: 100 })).toBe(false);
    expect(check('change-window', good(), { from: 0, to: 11 })).toBe(false);
    expect(check('change-window', initial, { from: 0, to: 1 })).toBe(true);
  });

  it('answer-mentions', () => {
    expect(check('answer-mentions', good(), { mentions: ['v1.3.0', T] }, `Rolled out v1.3.0 under ${T}.`)).toBe(true);
    expect(check('answer-mentions', good(), { mentions: ['v1.3.0', T] }, 'Done.')).toBe(false);
    expect(check('answer-mentions', good(), { mentions: ['v1.3.0'] }, null)).toBe(false);
  });
});
