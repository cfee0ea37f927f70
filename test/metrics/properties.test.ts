/**
 * Property tests: `analyzeEpisode` on arbitrary event logs — any roles, actions, ledgers,
 * handoff audits and perturbations — never throws, is deterministic, survives a JSON round trip
 * (recorded trajectories), and keeps its outputs well-formed.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import {
  analyzeEpisode,
  compactMetrics,
  CURVE_POINTS,
  FAILURE_MODES,
  RECOVERY_CLASSES,
} from '../../src/metrics/index.js';
import type { FiredPerturbation } from '../../src/team/perturbation.js';
import { ask, episode, finish, handoff, tool, wait, write, type StepSpec } from './synthetic.js';
import { viaJson } from '../support/json.js';

const roles = fc.constantFrom('planner', 'executor', 'reviewer');
const ledger = fc.stringMatching(/^[SPV]{3}$/);
const factIds = fc.subarray(['dir', 'version']);
const value = fc.constantFrom('vendor/', 'v2.0.0', 'v1.9.9', 'v1.8.3', 'other');
const entity = fc.constantFrom('CHANGELOG.md', 'vendor/lib.ts', 'src/a.ts');

const perturbation: fc.Arbitrary<Omit<FiredPerturbation, 'step' | 'role'>> = fc.record({
  id: fc.constantFrom('p1', 'p2', 'p3'),
  type: fc.constantFrom(
    'transient-error',
    'rate-limit',
    'stale-data',
    'ambiguity',
    'requirement-change',
    'memory-loss',
    'handoff-field-drop',
    'injection',
  ),
  kind: fc.constantFrom('tool', 'data', 'instruction', 'team'),
  site: fc.constantFrom('tool-call', 'tool-result', 'request', 'handoff', 'memory', 'user'),
  recovery: fc.constantFrom('retry', 'wait', 'fallback', 'clarify', 'verify', 'escalate', 'ignore'),
  facts: factIds,
  entities: fc.array(entity, { maxLength: 2 }),
  detail: fc.constant('x'),
});

const step: fc.Arbitrary<StepSpec> = fc.oneof(
  fc.tuple(roles, entity, value, ledger).map(([r, e, v, l]) => write(r, e, `## ${v}`, l)),
  fc.tuple(roles, entity, ledger, fc.boolean()).map(([r, e, l, ok]) =>
    tool(r, 'read_file', { path: e }, l, {
      reads: [e],
      ok,
      ...(ok ? {} : { error: { code: 'unavailable', message: '503' } }),
    }),
  ),
  fc.tuple(roles, roles, value, factIds, factIds, ledger).map(([from, to, v, required, carried]) =>
    handoff(from, to, { text: `use ${v}`, facts: { version: v } }, 'SPP', {
      required,
      carried,
      ...(carried.length ? { delivered: carried.slice(1) } : {}),
    }),
  ),
  fc.tuple(roles, ledger).map(([r, l]) => ask(r, l)),
  fc.tuple(roles, fc.integer({ min: 1, max: 9 }), ledger).map(([r, n, l]) => wait(r, n, l)),
);

const withPerturbation = fc.tuple(step, fc.option(perturbation, { nil: undefined })).map(([s, p]) => ({ s, p }));

const episodes = fc
  .record({
    steps: fc.array(withPerturbation, { maxLength: 25 }),
    end: fc.constantFrom('done', 'gave_up', 'none'),
    endLedger: ledger,
    outcome: fc.constantFrom(undefined, 'agent_error', 'timeout'),
    wrong: fc.option(value, { nil: undefined }),
  })
  .map(({ steps, end, endLedger, outcome, wrong }) => {
    const specs: StepSpec[] = steps.map(({ s, p }, i) =>
      p ? { ...s, perturbations: [{ ...p, step: i + 1, role: s.role }] } : s,
    );
    if (end !== 'none') specs.push(finish('planner', endLedger, end));
    const plan = [...new Set(specs.flatMap((s) => s.perturbations ?? []))].map((p) => ({
      id: p.id,
      type: p.type,
      kind: p.kind,
      site: p.site,
      recovery: p.recovery,
      trigger: { on: 'reset' as const },
      params: wrong ? { wrong, retryAfter: 3 } : {},
    }));
    return episode({
      steps: specs,
      plan,
      ...(outcome ? { outcome, error: { role: 'planner', step: specs.length, message: 'x' } } : {}),
    });
  });

test.prop([episodes], { numRuns: 300 })(
  'analyzeEpisode is total, deterministic and well-formed on arbitrary logs',
  (ep) => {
    const m = analyzeEpisode(ep);
    expect(JSON.stringify(analyzeEpisode(viaJson(ep)))).toBe(JSON.stringify(m));
    expect(m.drift.curve).toHaveLength(CURVE_POINTS);
    for (const x of m.drift.curve) expect(x >= 0 && x <= 1).toBe(true);
    expect(m.verdict.modes).toEqual(FAILURE_MODES.filter((mode) => m.verdict.modes.includes(mode)));
    if (m.verdict.primary) expect(m.verdict.causes).toContainEqual(m.verdict.primary);
    else expect(m.verdict.modes).toEqual([]);
    for (const r of m.recovery.responses) expect(RECOVERY_CLASSES).toContain(r.response);
    expect(new Set(m.recovery.responses.map((r) => r.id)).size).toBe(m.recovery.responses.length);
    if (m.verdict.success) expect(m.drift.occurred).toBe(false);
    const compact = compactMetrics(m);
    expect(JSON.parse(JSON.stringify(compact))).toEqual(compact);
  },
);
