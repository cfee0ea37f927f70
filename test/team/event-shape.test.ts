/**
 * Every step's event has the same fields in the same order — the ones a step lacks are
 * `undefined` — so the metrics that read every event see one object shape; and what an event
 * lacks never reaches its JSON, so trajectory files hold only the fields a step has.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { make } from '../../src/core/registry.js';
import type { StepEvent } from '../../src/team/events.js';
import { planActions } from '../../src/team/plan.js';
import { teamStateOf } from '../../src/team/team-env.js';

beforeAll(() => loadBuiltins());

const FIELDS = [
  'step',
  'clock',
  'role',
  'kind',
  'action',
  'ok',
  'error',
  'reads',
  'writes',
  'handoff',
  'answer',
  'ledger',
  'perturbations',
  'userMessage',
];

/** The events of an oracle run under `production`, with an invalid action first. */
function events(id: string, seed: number): StepEvent[] {
  const env = make(id);
  env.reset({ seed, options: { perturb: 'production' } });
  const plan = planActions(teamStateOf(env)!.task);
  const out: StepEvent[] = [];
  for (const action of [{ type: 'no-such-action' }, ...plan]) {
    const r = env.step(action);
    out.push(r.info['event'] as StepEvent);
    if (r.terminated || r.truncated) break;
  }
  env.close();
  return out;
}

describe('step events', () => {
  for (const id of ['deploy/diagnose-rollback-v2', 'filesystem/rename-symbol-v1', 'flaky-api/reconcile-refunds-v1']) {
    it(`${id}: one shape for every kind of step, and only the fields a step has in its JSON`, () => {
      const all = [1, 2, 3].flatMap((seed) => events(id, seed));
      const kinds = new Set(all.map((e) => `${e.kind}${e.ok ? '' : ' failed'}`));
      // The run covers the kinds of step whose events used to differ in shape.
      for (const kind of ['invalid failed', 'handoff', 'finish']) expect(kinds).toContain(kind);
      expect(all.some((e) => e.perturbations !== undefined)).toBe(true);
      expect(all.some((e) => e.writes !== undefined)).toBe(true);
      for (const event of all) {
        expect(Object.keys(event)).toEqual(FIELDS);
        const json = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
        const defined = FIELDS.filter((f) => (event as unknown as Record<string, unknown>)[f] !== undefined);
        expect(Object.keys(json)).toEqual(defined);
      }
    });
  }
});
