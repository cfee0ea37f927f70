/** The deploy console's service inventory: every service at a glance, and one in detail. */
import * as z from 'zod';
import type { DeployState, Service } from '../state.js';
import { dependentsOf, problemsOf, serviceEntity, serviceOf } from '../state.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { SERVICES_PAGE_SIZE, findService, isOutcome, serviceArg, servicePage, servicePageArgs } from './shared.js';

/** A service's status as the inventory shows it: degraded when its running version has problems. */
function statusOf(state: DeployState, s: Service): 'healthy' | 'degraded' {
  return problemsOf(state, s, s.version).length === 0 ? 'healthy' : 'degraded';
}

/** `list_services`: every service with its version, tier and status, a page at a time. */
export const listServices = defineTool({
  name: 'list_services',
  description: `List every service with its running version, tier (1 = critical), owner, status (healthy/degraded) and whether a canary is running, sorted by name, ${SERVICES_PAGE_SIZE} per page by default: a larger stack's result also gives page, total and nextPage (call again with page = nextPage until it is null).`,
  args: z.strictObject(servicePageArgs),
  readOnly: true,
  run(state: DeployState, args) {
    const { names, paging } = servicePage(state, args.page, args.pageSize);
    const services = names.map((n) => {
      const s = serviceOf(state, n) as Service;
      return {
        name: n,
        version: s.version,
        tier: s.tier,
        owner: s.owner,
        status: statusOf(state, s),
        canary: s.canary?.version ?? null,
      };
    });
    return { ok: true, result: paging ? { services, ...paging } : { services }, reads: names.map(serviceEntity) };
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
    const dependents = dependentsOf(state, s.name);
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
