/** The deploy console's health check, and `probe`, its documented fallback. */
import * as z from 'zod';
import type { DeployState } from '../state.js';
import { problemsOf, serviceEntity, serviceOf } from '../state.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { findService, isOutcome, serviceArg } from './shared.js';

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
      const dep = serviceOf(state, d);
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
