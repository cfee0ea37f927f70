import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Rng } from '../../src/core/rng.js';
import { listEnvs } from '../../src/core/registry.js';
import type { ConstraintChecker, World } from '../../src/team/world.js';
import { defineTaskFamily } from '../../src/world/define-task-family.js';
import { defineTool } from '../../src/world/define-tool.js';
import { PlanBuilder, fact, type RoleTemplate } from '../../src/world/plan-builder.js';
import { registerTaskFamilies } from '../../src/world/register-families.js';

interface Counter {
  readonly n: number;
}

const always: ConstraintChecker<Counter> = () => true;
const counterWorld: World<Counter> = {
  id: 'kit-counter',
  description: 'A counter.',
  tools: {
    add: defineTool({
      name: 'add',
      description: 'Add to the counter.',
      args: z.strictObject({ by: z.number().int() }),
      run: (state: Counter, args) => ({ ok: true, world: { n: state.n + args.by } }),
    }),
  },
  checkers: { always },
  diff: (a, b) => (a.n === b.n ? [] : ['n']),
  vocabulary: () => [],
};

const LEAD: RoleTemplate = { id: 'lead', description: 'Asks.', tools: [], canFinish: true };
const WORKER: RoleTemplate = { id: 'worker', description: 'Adds.', tools: ['add'], canFinish: false };

function options(overrides: Partial<Parameters<typeof defineTaskFamily<Counter>>[0]> = {}) {
  return {
    id: 'count',
    version: 3,
    description: 'Count up.',
    world: counterWorld,
    maxEpisodeSteps: 10,
    roles: [LEAD, WORKER],
    factOrder: ['by', 'unused'],
    build: (rng: Rng, _seed: number) => {
      const by = rng.int(1, 9);
      const plan = new PlanBuilder()
        .handoff('lead', 'worker', 'add it', ['by'])
        .tool('worker', 'add', { by: fact('by') })
        .finish('lead', 'done');
      return {
        request: `Add ${by}.`,
        facts: [{ id: 'by', description: 'how much', value: String(by), guess: '1' }],
        constraints: [],
        world: { n: 0 },
        plan,
      };
    },
    ...overrides,
  };
}

describe('defineTaskFamily', () => {
  const family = defineTaskFamily(options());

  it('assembles the task: id, family, seed, roles with needs from the plan, entry role, plan steps', () => {
    const task = family.generateUnmemoized(Rng.fromSeed(7), 7);
    expect(Object.keys(task)).toEqual([
      'id',
      'family',
      'seed',
      'request',
      'roles',
      'entryRole',
      'facts',
      'constraints',
      'world',
      'plan',
      'clarifications',
    ]);
    expect(task).toMatchObject({ id: 'count-v3@7', family: 'count', seed: 7, entryRole: 'lead', clarifications: [] });
    expect(task.roles.map((r) => [r.id, r.needs])).toEqual([
      ['lead', ['by']],
      ['worker', ['by']],
    ]);
    expect(task.plan).toHaveLength(3);
  });

  it('memoizes generate, draws it from a fork and leaves the caller stream alone', () => {
    const rng = Rng.fromSeed(7);
    const before = rng.state();
    const a = family.generate(rng, 7);
    expect(rng.state()).toEqual(before);
    expect(family.generate(Rng.fromSeed(7), 7)).toBe(a);
    expect(a).toEqual(family.generateUnmemoized(Rng.fromSeed(7).fork('generated-task'), 7));
    // Shared by every reset of the seed: frozen to the leaves.
    for (const part of [a, a.world, a.plan, a.plan[0], a.plan[0]?.action, a.roles[0], a.facts]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
  });

  it('takes an explicit entry role and clarifications', () => {
    const f = defineTaskFamily({
      ...options(),
      entryRole: 'worker',
      build: (rng, seed) => ({ ...options().build(rng, seed), clarifications: [{ keywords: ['how'], answer: 'so' }] }),
    });
    const task = f.generateUnmemoized(Rng.fromSeed(1), 1);
    expect(task.entryRole).toBe('worker');
    expect(task.clarifications).toEqual([{ keywords: ['how'], answer: 'so' }]);
  });

  it('refuses empty roles, a repeated role and an unknown entry role with the fix', () => {
    expect(() => defineTaskFamily(options({ roles: [] }))).toThrow(/kit-counter\/count.*roles is empty/);
    expect(() => defineTaskFamily(options({ roles: [LEAD, LEAD] }))).toThrow(/role "lead" appears twice/);
    expect(() => defineTaskFamily(options({ entryRole: 'boss' }))).toThrow(
      /entryRole "boss" is not one of roles \(lead, worker\)/,
    );
  });
});

describe('registerTaskFamilies', () => {
  it('registers each family once, however often it is called', () => {
    const other = defineTaskFamily(options({ id: 'count-twice' }));
    const family = defineTaskFamily(options());
    registerTaskFamilies([family, other]);
    registerTaskFamilies([family, other]);
    const ids = listEnvs()
      .map((s) => s.id)
      .filter((id) => id.startsWith('kit-counter/'));
    expect([...ids].sort()).toEqual(['kit-counter/count-twice-v3', 'kit-counter/count-v3']);
  });
});
