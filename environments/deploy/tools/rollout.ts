/**
 * The deploy console's rollout tools: deploy (rolling or canary), promote a canary, roll back.
 * Each needs a granted ticket; none enforces the dependency order, which is only recorded in the
 * change log (`depsReady`) for the checkers to judge.
 */
import * as z from 'zod';
import type { DeployState, Service } from '../state.js';
import { MAX_PREVIOUS, compareLines, isVersion, problemsOf, serviceEntity, serviceOf, withService } from '../state.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { fail } from '../../../src/world/fail.js';
import { checkTicket, findService, isOutcome, logged, serviceArg, ticketArg } from './shared.js';

/** Whether every dependency of `service` already runs `version`'s line or a later one. */
function depsReady(state: DeployState, service: Service, version: string): boolean {
  return service.deps.every((d) => {
    const dep = serviceOf(state, d);
    return !dep || compareLines(dep.version, version) >= 0;
  });
}

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
