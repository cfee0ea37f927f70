/**
 * The deploy console's metrics: error rates, latency and firing alerts per service, derived from
 * the state alone so that the same state always shows the same numbers.
 */
import * as z from 'zod';
import type { DeployState, Service } from '../state.js';
import { failingServices, runsBadVersion, serviceEntity } from '../state.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { findService, isOutcome } from './shared.js';

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
