/**
 * Mock-web variants: every link the plan follows leads to the same page as before (link numbers
 * follow the reordered links), the researched product and the report's headings keep their names,
 * and renamed sites keep as many words in their names.
 */
import { describe, expect, it } from 'vitest';
import { make } from '../../../src/core/registry.js';
import { Rng } from '../../../src/core/rng.js';
import { teamStateOf } from '../../../src/team/team-env.js';
import type { Task } from '../../../src/team/world.js';
import { MOCK_WEB_FAMILIES, type WebState } from '../../../environments/mock-web/index.js';
import { mockWebVariants } from '../../../environments/mock-web/variants.js';
import { pageAt, wordCount } from '../../../environments/mock-web/state.js';
import { registerTaskFamilies } from '../../../src/world/register-families.js';

registerTaskFamilies(MOCK_WEB_FAMILIES);
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The page each follow_link step of the plan lands on. */
function followed(task: Task<WebState>): string[] {
  return task.plan.flatMap((s) =>
    s.action.type === 'tool' && s.action.tool === 'follow_link'
      ? [pageAt(task.world, String(s.action.args['url']))?.links[Number(s.action.args['link']) - 1]?.url ?? 'none']
      : [],
  );
}

describe.each(MOCK_WEB_FAMILIES.map((f) => [`mock-web/${f.id}-v${f.version}`, f] as const))('%s', (envId, family) => {
  const env = make(envId);
  const at = (seed: number, variant: number) => {
    env.reset({ seed, options: { variant } });
    return teamStateOf(env)?.task as Task<WebState>;
  };

  it('reordered links take the plan to the same pages', () => {
    let moved = 0;
    for (const seed of SEEDS) {
      const task = family.generate(Rng.fromSeed(seed).fork('task'), seed);
      const reordered = mockWebVariants.reorder?.(task, Rng.fromSeed(seed)) as Task<WebState>;
      expect(followed(reordered)).toEqual(followed(task));
      expect(followed(task)).not.toContain('none');
      if (
        JSON.stringify(Object.values(reordered.world.sites).map((x) => Object.values(x.pages).map((p) => p.links))) !==
        JSON.stringify(Object.values(task.world.sites).map((x) => Object.values(x.pages).map((p) => p.links)))
      )
        moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('facts, headings and site name lengths are kept', () => {
    for (const seed of SEEDS) {
      const base = at(seed, 0);
      for (const variant of [1, 2]) {
        const v = at(seed, variant);
        const product = base.facts.find((f) => f.id === 'product');
        if (product) expect(v.facts.find((f) => f.id === 'product')?.value).toBe(product.value);
        expect(v.world.report.sections.map((s) => s.heading)).toEqual(base.world.report.sections.map((s) => s.heading));
        const words = (t: Task<WebState>) =>
          Object.values(t.world.sites)
            .map((s) => wordCount(s.name))
            .sort();
        expect(words(v)).toEqual(words(base));
      }
    }
  });
});
