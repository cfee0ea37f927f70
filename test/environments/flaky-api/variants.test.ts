/**
 * Flaky-api variants: payment ids (whose order says which capture is the duplicate) never change;
 * orders, tickets and legacy contacts trade ids among themselves, so listings come in another
 * order while every record is still there.
 */
import { describe, expect, it } from 'vitest';
import { make } from '../../../src/core/registry.js';
import { teamStateOf } from '../../../src/team/team-env.js';
import type { Task } from '../../../src/team/world.js';
import { FLAKY_API_FAMILIES, type ApiState } from '../../../environments/flaky-api/index.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';

registerTaskFamilies(FLAKY_API_FAMILIES);
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

describe.each(FLAKY_API_FAMILIES.map((f) => `flaky-api/${f.id}-v${f.version}`))('%s', (envId) => {
  const env = make(envId);
  const at = (seed: number, variant: number) => {
    env.reset({ seed, options: { variant } });
    return teamStateOf(env)?.task as Task<ApiState>;
  };

  it('keeps payment ids and amounts, permutes the other ids', () => {
    let permuted = 0;
    for (const seed of SEEDS) {
      const base = at(seed, 0).world;
      for (const variant of [1, 2]) {
        const v = at(seed, variant).world;
        expect(Object.keys(v.payments).sort()).toEqual(Object.keys(base.payments).sort());
        expect(Object.values(v.payments).map((p) => p.amount)).toEqual(
          Object.values(base.payments).map((p) => p.amount),
        );
        for (const service of ['orders', 'tickets', 'legacy'] as const) {
          const ids = (w: ApiState) => Object.keys(w[service]).sort();
          expect(ids(v)).toEqual(ids(base));
          if (ids(base).length > 1) {
            expect(Object.keys(v[service]), `${service} seed ${seed}`).not.toEqual(Object.keys(base[service]));
            permuted++;
          }
        }
      }
    }
    // Services with one record cannot be permuted; the others were checked, not skipped for want of any.
    expect(permuted).toBeGreaterThan(0);
  });
});
