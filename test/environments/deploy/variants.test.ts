/**
 * Deploy variants: services keep `domain-kind` names none of which contains another, the stack
 * keeps its shape (dependencies, versions, config keys), and facts that name services follow them.
 */
import { describe, expect, it } from 'vitest';
import { make } from '../../../src/core/registry.js';
import { teamStateOf } from '../../../src/team/team-env.js';
import type { Task } from '../../../src/team/world.js';
import { DEPLOY_FAMILIES } from '../../../environments/deploy/index.js';
import type { DeployState } from '../../../environments/deploy/state.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';

registerTaskFamilies(DEPLOY_FAMILIES);
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

describe.each(DEPLOY_FAMILIES.map((f) => `deploy/${f.id}-v${f.version}`))('%s', (envId) => {
  const env = make(envId);
  const at = (seed: number, variant: number) => {
    env.reset({ seed, options: { variant } });
    return teamStateOf(env)?.task as Task<DeployState>;
  };

  it('renames services consistently and keeps the stack', () => {
    let named = 0;
    for (const seed of SEEDS) {
      const base = at(seed, 0);
      for (const variant of [1, 2]) {
        const v = at(seed, variant);
        const names = Object.keys(v.world.services);
        expect(names.every((n) => /^[a-z]+-[a-z]+$/.test(n))).toBe(true);
        expect(names.every((a) => names.every((b) => a === b || !a.includes(b)))).toBe(true);
        expect(names.sort()).not.toEqual(Object.keys(base.world.services).sort());
        const shape = (t: Task<DeployState>) =>
          Object.values(t.world.services)
            .map((s) => [s.tier, s.version, s.deps.length, Object.keys(s.config).sort().join(',')].join('|'))
            .sort();
        expect(shape(v)).toEqual(shape(base));
        for (const f of v.facts)
          if (f.id.toLowerCase().includes('service') || f.id === 'culprit') {
            expect(Object.hasOwn(v.world.services, f.value), `${f.id} seed ${seed}`).toBe(true);
            named++;
          }
      }
    }
    // Facts that name a service were found and checked, not skipped for want of any.
    expect(named).toBeGreaterThan(0);
  });
});
