/**
 * The tools of the deploy world, in the spirit of a deployment console: inspect services, configs,
 * health, logs and metrics; read the change policy and the release manifest; request approval of
 * a change ticket; deploy (rolling or canary), promote a canary, roll back, change a config.
 *
 * Every tool is pure. Reads return the existing state (no `world` in the outcome); writes copy
 * the services map and the one service they change, and append to the change log. The console
 * enforces approvals (a deploy needs a granted ticket) but not the change policy: keeping to the
 * window, the dependency order and the unavailability limit is the team's job, and the checkers
 * judge it over the whole episode. Errors have stable codes: `unknown_service`, `invalid_version`,
 * `not_approved`, `approval_pending` (with `retryAfter`), `canary_in_progress`, `no_canary`,
 * `no_previous`, `invalid_key`, `config_full`, `not_found`, `log_full`, `limit`.
 */
import * as z from 'zod';
import type { ToolOutcome, ToolSpec } from '../../src/team/world.js';
import type { ChangeAction, DeployState, Service } from './state.js';
import {
  MAX_APPROVALS,
  MAX_CONFIG_KEYS,
  MAX_LOG_ENTRIES,
  MAX_PREVIOUS,
  RELEASE_ENTITY,
  approvalEntity,
  compareLines,
  runsBadVersion,
  docEntity,
  failingServices,
  granted,
  isVersion,
  problemsOf,
  serviceEntity,
  withService,
} from './state.js';
import { own } from '../../src/world/own.js';
import { defineTool } from '../../src/world/define-tool.js';
import { fail } from '../../src/world/fail.js';

type Outcome = ToolOutcome<DeployState>;

/** Most log lines one `logs` call returns. */
export const MAX_LOG_LINES = 50;

const serviceArg = z.string().min(1).max(60).describe('service name, e.g. "cart-api" (see list_services)');
const ticketArg = z.string().min(1).max(40).describe('change ticket id, e.g. "CHG-48213"');
const TICKET = /^CHG-\d{4,6}$/;

function findService(state: DeployState, name: string): Service | Outcome {
  const s = own(state.services, name);
  if (s) return s;
  const names = Object.keys(state.services).sort();
  return fail('unknown_service', `no service "${name}"; known services: ${names.join(', ')}`);
}

function isOutcome(value: object): value is Outcome {
  return 'ok' in value;
}

/** Checks a ticket for a change at `clock`: it must be requested and granted. */
function checkTicket(state: DeployState, ticket: string, clock: number): Outcome | null {
  const a = own(state.approvals, ticket);
  if (!a)
    return fail(
      'not_approved',
      `change ticket ${ticket} has no approval; call request_approval first (the change policy requires an approved ticket for every change)`,
    );
  if (!granted(a, clock)) {
    const retryAfter = a.requestedAt + a.delay - clock;
    return fail(
      'approval_pending',
      `change ticket ${ticket} is still awaiting approval by ${a.approver}; retry after ${retryAfter} ticks (check get_approvals)`,
      { retryAfter },
    );
  }
  return null;
}

/** Appends a change-log entry, or explains that the log is full. */
function logged(
  state: DeployState,
  action: ChangeAction,
  service: string,
  version: string,
  ticket: string,
  depsReady: boolean,
  clock: number,
): DeployState | Outcome {
  if (state.log.length >= MAX_LOG_ENTRIES)
    return fail(
      'log_full',
      `the change log holds ${MAX_LOG_ENTRIES} entries; no more changes are accepted in this episode`,
    );
  const unavailable = failingServices(state).length;
  return { ...state, log: [...state.log, { tick: clock, action, service, version, ticket, depsReady, unavailable }] };
}

function depsReady(state: DeployState, service: Service, version: string): boolean {
  return service.deps.every((d) => {
    const dep = own(state.services, d);
    return !dep || compareLines(dep.version, version) >= 0;
  });
}

function statusOf(state: DeployState, s: Service): 'healthy' | 'degraded' {
  return problemsOf(state, s, s.version).length === 0 ? 'healthy' : 'degraded';
}

/** `list_services`: every service with its version, tier and status. */
export const listServices = defineTool({
  name: 'list_services',
  description:
    'List every service with its running version, tier (1 = critical), owner, status (healthy/degraded) and whether a canary is running.',
  args: z.strictObject({}),
  readOnly: true,
  run(state: DeployState) {
    const names = Object.keys(state.services).sort();
    const services = names.map((n) => {
      const s = state.services[n] as Service;
      return {
        name: n,
        version: s.version,
        tier: s.tier,
        owner: s.owner,
        status: statusOf(state, s),
        canary: s.canary?.version ?? null,
      };
    });
    return { ok: true, result: { services }, reads: names.map(serviceEntity) };
  },
});

/** `get_service`: one service's details, with its dependencies and dependents. */
export const getService = defineTool({
  name: 'get_service',
  description:
    'Show one service: version, previous versions, tier, owner, the services it depends on (deploy those first) and the services that depend on it, and any running canary.',
  args: z.strictObject({ service: serviceArg }),
  readOnly: true,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    const dependents = Object.keys(state.services)
      .filter((n) => (state.services[n] as Service).deps.includes(s.name))
      .sort();
    return {
      ok: true,
      result: {
        name: s.name,
        version: s.version,
        previous: s.previous,
        tier: s.tier,
        owner: s.owner,
        dependsOn: s.deps,
        dependents,
        canary: s.canary,
      },
      reads: [serviceEntity(s.name)],
    };
  },
});

/** `get_config`: a service's config. */
export const getConfig = defineTool({
  name: 'get_config',
  description: "Show a service's config (KEY=value settings).",
  args: z.strictObject({ service: serviceArg }),
  readOnly: true,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    return { ok: true, result: { service: s.name, config: s.config }, reads: [serviceEntity(s.name)] };
  },
});

/** `set_config`: sets one config key of a service (takes effect at once). */
export const setConfig = defineTool({
  name: 'set_config',
  description:
    'Set one config key of a service under an approved change ticket. Takes effect immediately on the running version (and any canary).',
  args: z.strictObject({
    service: serviceArg,
    key: z.string().min(1).max(60).describe('config key in UPPER_SNAKE_CASE, e.g. "DATABASE_HOST"'),
    value: z.string().max(200).describe('the new value'),
    ticket: ticketArg,
  }),
  readOnly: false,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args, ctx) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    if (!/^[A-Z][A-Z0-9_]*$/.test(args.key))
      return fail('invalid_key', `config key "${args.key}" must be UPPER_SNAKE_CASE, e.g. "DATABASE_HOST"`);
    const t = checkTicket(state, args.ticket, ctx.clock);
    if (t) return t;
    if (own(s.config, args.key) === args.value)
      return {
        ok: true,
        result: { service: s.name, key: args.key, value: args.value, unchanged: true },
        reads: [serviceEntity(s.name)],
      };
    if (!Object.hasOwn(s.config, args.key) && Object.keys(s.config).length >= MAX_CONFIG_KEYS)
      return fail('config_full', `${s.name} already has ${MAX_CONFIG_KEYS} config keys`);
    const next = withService(state, { ...s, config: { ...s.config, [args.key]: args.value } });
    const out = logged(next, 'config', s.name, args.key, args.ticket, true, ctx.clock);
    if (isOutcome(out)) return out;
    return {
      ok: true,
      result: { service: s.name, key: args.key, value: args.value, previous: own(s.config, args.key) ?? null },
      world: out,
      writes: [serviceEntity(s.name)],
    };
  },
});

/** `deploy`: a rolling deploy (replaces the running version) or a canary (beside it). */
export const deploy = defineTool({
  name: 'deploy',
  description:
    'Deploy a version of a service under an approved change ticket. strategy "rolling" replaces the running version; "canary" starts the new version beside it (check health, then promote_canary, or rollback to abort). The console does not enforce the change policy: check the window, dependency order and unavailability limit yourself.',
  args: z.strictObject({
    service: serviceArg,
    version: z.string().min(1).max(20).describe('version tag, e.g. "v3.7.0"'),
    strategy: z.enum(['rolling', 'canary']).default('rolling').describe('"rolling" (default) or "canary"'),
    ticket: ticketArg,
  }),
  readOnly: false,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args, ctx) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    if (!isVersion(args.version))
      return fail('invalid_version', `"${args.version}" is not a version tag; use the form v1.2.3`);
    const t = checkTicket(state, args.ticket, ctx.clock);
    if (t) return t;
    if (s.canary)
      return fail(
        'canary_in_progress',
        `${s.name} already runs a canary of ${s.canary.version}; promote_canary or rollback it first`,
      );
    if (args.strategy === 'rolling' && s.version === args.version)
      return {
        ok: true,
        result: { service: s.name, version: s.version, unchanged: true },
        reads: [serviceEntity(s.name)],
      };
    const ready = depsReady(state, s, args.version);
    const changed: Service =
      args.strategy === 'canary'
        ? { ...s, canary: { version: args.version, ticket: args.ticket, since: ctx.clock } }
        : { ...s, version: args.version, previous: [...s.previous, s.version].slice(-MAX_PREVIOUS) };
    const out = logged(withService(state, changed), args.strategy, s.name, args.version, args.ticket, ready, ctx.clock);
    if (isOutcome(out)) return out;
    const problems = problemsOf(out, changed, args.version);
    return {
      ok: true,
      result: {
        service: s.name,
        strategy: args.strategy,
        version: args.version,
        status: problems.length ? 'degraded' : 'healthy',
        ...(problems.length ? { problems } : {}),
      },
      world: out,
      writes: [serviceEntity(s.name)],
      latency: args.strategy === 'rolling' ? 3 : 2,
    };
  },
});

/** `promote_canary`: the canary's version becomes the running version. */
export const promoteCanary = defineTool({
  name: 'promote_canary',
  description:
    "Promote a service's running canary: its version replaces the stable version everywhere. version must be the canary's version (a guard against promoting the wrong build).",
  args: z.strictObject({
    service: serviceArg,
    version: z.string().min(1).max(20).describe('the canary\'s version, e.g. "v3.7.0"'),
    ticket: ticketArg,
  }),
  readOnly: false,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args, ctx) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    if (!s.canary) return fail('no_canary', `${s.name} runs no canary; deploy with strategy "canary" first`);
    if (s.canary.version !== args.version)
      return fail(
        'version_mismatch',
        `the canary of ${s.name} runs ${s.canary.version}, not ${args.version}; rollback it and deploy a canary of ${args.version}, or promote ${s.canary.version}`,
      );
    const t = checkTicket(state, args.ticket, ctx.clock);
    if (t) return t;
    const version = s.canary.version;
    const ready = depsReady(state, s, version);
    const changed: Service = { ...s, version, previous: [...s.previous, s.version].slice(-MAX_PREVIOUS), canary: null };
    const out = logged(withService(state, changed), 'promote', s.name, version, args.ticket, ready, ctx.clock);
    if (isOutcome(out)) return out;
    return {
      ok: true,
      result: { service: s.name, version, promoted: true },
      world: out,
      writes: [serviceEntity(s.name)],
      latency: 2,
    };
  },
});

/** `rollback`: aborts a running canary, or returns the service to its previous version. */
export const rollback = defineTool({
  name: 'rollback',
  description:
    'Roll a service back: abort its running canary if it has one, otherwise return it to the version it ran before its last deploy.',
  args: z.strictObject({ service: serviceArg, ticket: ticketArg }),
  readOnly: false,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args, ctx) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    const t = checkTicket(state, args.ticket, ctx.clock);
    if (t) return t;
    let changed: Service;
    if (s.canary) changed = { ...s, canary: null };
    else {
      const back = s.previous[s.previous.length - 1];
      if (back === undefined) return fail('no_previous', `${s.name} has no previous version to roll back to`);
      changed = { ...s, version: back, previous: s.previous.slice(0, -1) };
    }
    const out = logged(withService(state, changed), 'rollback', s.name, changed.version, args.ticket, true, ctx.clock);
    if (isOutcome(out)) return out;
    return {
      ok: true,
      result: { service: s.name, version: changed.version, abortedCanary: s.canary !== null },
      world: out,
      writes: [serviceEntity(s.name)],
      latency: 2,
    };
  },
});

/** `health`: a service's health check (and its canary's). */
export const health = defineTool({
  name: 'health',
  description:
    "Run a service's health check: status healthy/degraded with the reasons, and the canary's status when one runs. (probe is its documented fallback.)",
  args: z.strictObject({ service: serviceArg }),
  readOnly: true,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    const problems = problemsOf(state, s, s.version);
    const upstream = s.deps.filter((d) => {
      const dep = own(state.services, d);
      return dep !== undefined && problemsOf(state, dep, dep.version).length > 0;
    });
    const canary = s.canary ? { version: s.canary.version, problems: problemsOf(state, s, s.canary.version) } : null;
    return {
      ok: true,
      result: {
        service: s.name,
        version: s.version,
        status: problems.length ? 'degraded' : 'healthy',
        problems,
        ...(upstream.length ? { upstreamErrors: upstream.map((u) => `calls to ${u} fail`) } : {}),
        canary: canary
          ? {
              version: canary.version,
              status: canary.problems.length ? 'degraded' : 'healthy',
              problems: canary.problems,
            }
          : null,
      },
      reads: [serviceEntity(s.name), ...upstream.map(serviceEntity)],
    };
  },
});

/** `probe`: the documented fallback of `health` (same arguments, same result). */
export const probe = defineTool({
  ...health,
  name: 'probe',
  description: `The fallback for health when it is unavailable: same arguments, same result. ${health.description}`,
});

/** `logs`: the change log and current errors of a service since a tick. */
export const logs = defineTool({
  name: 'logs',
  description: `A service's log since a tick (content: one line per event): its deploys, config changes and rollbacks, then current errors. At most ${MAX_LOG_LINES} lines, newest last.`,
  args: z.strictObject({
    service: serviceArg,
    since: z.number().int().min(-100_000).default(-100_000).describe('only lines at or after this tick (default: all)'),
  }),
  readOnly: true,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args, ctx) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    const lines: string[] = [];
    for (const e of state.log) {
      if (e.service !== s.name || e.tick < args.since) continue;
      lines.push(
        e.action === 'config'
          ? `[t=${e.tick}] config ${e.version} changed (${e.ticket})`
          : `[t=${e.tick}] ${e.action} ${e.version} (${e.ticket})`,
      );
    }
    for (const p of problemsOf(state, s, s.version)) lines.push(`[t=${ctx.clock}] ERROR ${p}`);
    if (runsBadVersion(s))
      lines.push(`[t=${ctx.clock}] WARN ${s.version} answered 500 to callers (unhandled exception in request handler)`);
    if (s.canary)
      for (const p of problemsOf(state, s, s.canary.version)) lines.push(`[t=${ctx.clock}] ERROR canary ${p}`);
    const shown = lines.slice(-MAX_LOG_LINES);
    return {
      ok: true,
      result: {
        service: s.name,
        lines: shown.length,
        truncated: lines.length > MAX_LOG_LINES,
        content: shown.join('\n'),
      },
      reads: [serviceEntity(s.name)],
    };
  },
});

/** A stable pseudo-random number in [0, 1) from a name (no RNG: metrics are a function of state). */
function hash01(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

/** `metrics`: error rate and latency per service (or for one). */
export const metrics = defineTool({
  name: 'metrics',
  description:
    'Per service: its own 5xx error rate, the rate of its calls failing upstream, and p99 latency in ms — for one service or (service "") every service — with the count of failing services and the firing 5xx alerts (content).',
  args: z.strictObject({ service: z.string().max(60).default('').describe('a service name, or "" for all (default)') }),
  readOnly: true,
  run(state: DeployState, args) {
    const names = args.service === '' ? Object.keys(state.services).sort() : [args.service];
    if (args.service !== '') {
      const s = findService(state, args.service);
      if (isOutcome(s)) return s;
    }
    const failing = failingServices(state);
    const alerts: string[] = [];
    const rows = names.map((n) => {
      const s = state.services[n] as Service;
      const base = hash01(`${n}@${s.version}`);
      const buggy = runsBadVersion(s);
      const errorRate = buggy ? Number((0.25 + base * 0.5).toFixed(3)) : Number((base * 0.004).toFixed(4));
      const upstreamErrorRate = failing.includes(n) ? Number((0.1 + base * 0.3).toFixed(3)) : 0;
      if (buggy) alerts.push(`ALERT ${n} 5xx rate ${(errorRate * 100).toFixed(1)}% on ${s.version}`);
      return {
        service: n,
        version: s.version,
        errorRate,
        upstreamErrorRate,
        p99ms: Math.round((buggy || upstreamErrorRate > 0 ? 900 : 40) + base * 160),
      };
    });
    const content = alerts.length ? alerts.join('\n') : 'no alerts firing';
    return { ok: true, result: { failing: failing.length, services: rows, content }, reads: names.map(serviceEntity) };
  },
});

/** `request_approval`: asks for approval of a change ticket (granted after a delay). */
export const requestApproval = defineTool({
  name: 'request_approval',
  description:
    'Request approval of a change ticket. Approval arrives a few ticks later; check get_approvals before deploying under it.',
  args: z.strictObject({ ticket: ticketArg, summary: z.string().min(1).max(300).describe('what the change does') }),
  readOnly: false,
  entity: (a) => approvalEntity(a.ticket),
  run(state: DeployState, args, ctx) {
    if (!TICKET.test(args.ticket))
      return fail('invalid_ticket', `"${args.ticket}" is not a change ticket id; use the form CHG-12345`);
    const existing = own(state.approvals, args.ticket);
    if (existing)
      return {
        ok: true,
        result: {
          ticket: args.ticket,
          status: granted(existing, ctx.clock) ? 'approved' : 'pending',
          alreadyRequested: true,
        },
        reads: [approvalEntity(args.ticket)],
      };
    if (Object.keys(state.approvals).length >= MAX_APPROVALS)
      return fail('limit', `at most ${MAX_APPROVALS} approvals may be requested`);
    const approver = state.approver;
    const approval = {
      ticket: args.ticket,
      summary: args.summary,
      requestedAt: ctx.clock,
      delay: state.approvalDelay,
      approver,
    };
    return {
      ok: true,
      result: { ticket: args.ticket, status: 'pending', approver, expectedIn: state.approvalDelay },
      world: { ...state, approvals: { ...state.approvals, [args.ticket]: approval } },
      writes: [approvalEntity(args.ticket)],
    };
  },
});

/** `get_approvals`: every requested ticket and whether it is approved yet. */
export const getApprovals = defineTool({
  name: 'get_approvals',
  description: 'List the requested change tickets with their status (pending or approved) and approver.',
  args: z.strictObject({}),
  readOnly: true,
  run(state: DeployState, _args, ctx) {
    const tickets = Object.keys(state.approvals).sort();
    const approvals = tickets.map((t) => {
      const a = state.approvals[t] as (typeof state.approvals)[string];
      return {
        ticket: t,
        summary: a.summary,
        status: granted(a, ctx.clock) ? 'approved' : 'pending',
        approver: a.approver,
      };
    });
    return { ok: true, result: { approvals }, reads: tickets.map(approvalEntity) };
  },
});

/** `read_doc`: a document (change policy, release notes, runbook). */
export const readDoc = defineTool({
  name: 'read_doc',
  description:
    'Read a document by name: "change-policy" (maintenance window, unavailability limit, approvals), "release-notes", "runbook".',
  args: z.strictObject({ name: z.string().min(1).max(60).describe('document name, e.g. "change-policy"') }),
  readOnly: true,
  entity: (a) => docEntity(a.name),
  run(state: DeployState, args) {
    const content = own(state.docs, args.name);
    if (content === undefined) {
      const names = Object.keys(state.docs).sort();
      return fail('not_found', `no document "${args.name}"; documents: ${names.join(', ')}`);
    }
    return { ok: true, result: { name: args.name, content }, reads: [docEntity(args.name)] };
  },
});

/** `get_release`: the release manifest (the authoritative source of the release version). */
export const getRelease = defineTool({
  name: 'get_release',
  description:
    'Read the release manifest: the version being released and the services it covers. It is authoritative over the release notes.',
  args: z.strictObject({}),
  readOnly: true,
  run(state: DeployState) {
    return {
      ok: true,
      result: { name: 'release-manifest', content: `${JSON.stringify(state.release, null, 2)}\n` },
      reads: [RELEASE_ENTITY],
    };
  },
});

/** Every tool of the world, by name. */
export const DEPLOY_TOOLS = {
  list_services: listServices,
  get_service: getService,
  get_config: getConfig,
  set_config: setConfig,
  deploy,
  promote_canary: promoteCanary,
  rollback,
  health,
  probe,
  logs,
  metrics,
  request_approval: requestApproval,
  get_approvals: getApprovals,
  read_doc: readDoc,
  get_release: getRelease,
} as const satisfies Record<string, ToolSpec<DeployState>>;

/** Tools that only read. */
export const DEPLOY_READ_TOOLS = [
  'list_services',
  'get_service',
  'get_config',
  'health',
  'probe',
  'logs',
  'metrics',
  'get_approvals',
  'read_doc',
  'get_release',
] as const;
/** Tools that change the world. */
export const DEPLOY_WRITE_TOOLS = ['set_config', 'deploy', 'promote_canary', 'rollback', 'request_approval'] as const;
