/**
 * The deploy console's metrics: error rates, latency and firing alerts per service, derived from
 * the state alone so that the same state always shows the same numbers.
 */
import * as z from 'zod';
import type { DeployState, Service } from '../state.js';
import { buggyServices, failingServices, runsBadVersion, serviceEntity, serviceOf } from '../state.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { textMemo } from '../../../src/core/text-memo.js';
import {
  SERVICES_PAGE_SIZE,
  findService,
  isOutcome,
  servicePage,
  servicePageArgs,
  type ServicePage,
} from './shared.js';

/** A stable pseudo-random number in [0, 1) from a name (no RNG: metrics are a function of state). */
function hash01(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

/** The figures a service running a version can show, by `name@version`. */
interface Figures {
  /** Its own 5xx error rate on a version with a bug, and on one without. */
  readonly errorRateBuggy: number;
  readonly errorRateSound: number;
  /** The rate of its calls failing upstream, when a dependency fails. */
  readonly upstreamErrorRate: number;
  /** p99 latency in ms when it or its upstream fails, and when neither does. */
  readonly p99Failing: number;
  readonly p99Healthy: number;
}

/**
 * {@link Figures} worked out once per `name@version`: every `metrics` call shows a page of
 * services, most of them at the version they had the call before.
 */
const figuresOf = textMemo((key): Figures => {
  const base = hash01(key);
  return {
    errorRateBuggy: Number((0.25 + base * 0.5).toFixed(3)),
    errorRateSound: Number((base * 0.004).toFixed(4)),
    upstreamErrorRate: Number((0.1 + base * 0.3).toFixed(3)),
    p99Failing: Math.round(900 + base * 160),
    p99Healthy: Math.round(40 + base * 160),
  };
}, 10_000);

/** `metrics`: error rate and latency per service (or for one), a page of services at a time. */
export const metrics = defineTool({
  name: 'metrics',
  description: `Per service: its own 5xx error rate, the rate of its calls failing upstream, and p99 latency in ms — for one service or (service "") every service, sorted by name, ${SERVICES_PAGE_SIZE} per page by default (a larger stack's result also gives page, total and nextPage) — with the count of failing services and the firing 5xx alerts of the whole stack (content).`,
  args: z.strictObject({
    service: z.string().max(60).default('').describe('a service name, or "" for all (default)'),
    ...servicePageArgs,
  }),
  readOnly: true,
  run(state: DeployState, args) {
    let names: readonly string[];
    let paging: ServicePage['paging'] = null;
    let alerting: readonly string[];
    if (args.service === '') {
      ({ names, paging } = servicePage(state, args.page, args.pageSize));
      alerting = buggyServices(state);
    } else {
      const s = findService(state, args.service);
      if (isOutcome(s)) return s;
      names = [args.service];
      alerting = runsBadVersion(s) ? names : [];
    }
    const failing = failingServices(state);
    const rows = names.map((n) => {
      const s = serviceOf(state, n) as Service;
      const figures = figuresOf(`${n}@${s.version}`);
      const upstreamErrorRate = failing.includes(n) ? figures.upstreamErrorRate : 0;
      return {
        service: n,
        version: s.version,
        errorRate: errorRateOf(n, s),
        upstreamErrorRate,
        p99ms: runsBadVersion(s) || upstreamErrorRate > 0 ? figures.p99Failing : figures.p99Healthy,
      };
    });
    const alerts = alerting.map((n) => {
      const s = serviceOf(state, n) as Service;
      return `ALERT ${n} 5xx rate ${(errorRateOf(n, s) * 100).toFixed(1)}% on ${s.version}`;
    });
    const content = alerts.length ? alerts.join('\n') : 'no alerts firing';
    const result = { failing: failing.length, services: rows, content };
    return { ok: true, result: paging ? { ...result, ...paging } : result, reads: names.map(serviceEntity) };
  },
});

/** A service's own 5xx error rate: high on a version with a bug, near zero otherwise. */
function errorRateOf(name: string, s: Service): number {
  const figures = figuresOf(`${name}@${s.version}`);
  return runsBadVersion(s) ? figures.errorRateBuggy : figures.errorRateSound;
}
