import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import * as z from 'zod';
import { space, sampleJsonSchema } from '../../src/core/spaces.js';
import { Rng } from '../../src/core/rng.js';
import { canonicalJson } from '../../src/core/canonical.js';

/** Schemas of the kind tool arguments use. Sampling must stay inside every one of them. */
const SCHEMAS: Record<string, z.ZodType> = {
  'bounded string': z.string().min(2).max(5),
  'long minimum string': z.string().min(30),
  'empty-only string': z.string().max(0),
  'fixed-length string': z.string().length(4),
  'bounded int': z.int().min(-5).max(5),
  'int without bounds': z.int(),
  'positive number': z.number().positive(),
  'int greater than 5': z.int().gt(5),
  'number below -5': z.number().max(-5),
  'int below -5': z.int().max(-5),
  'number in (0, 1)': z.number().gt(0).lt(1),
  'multiple of 5': z.int().multipleOf(5).min(0).max(100),
  boolean: z.boolean(),
  enum: z.enum(['read', 'write', 'delete']),
  literal: z.literal('fixed'),
  nullable: z.string().max(3).nullable(),
  'optional fields': z.object({ path: z.string().min(1), lines: z.int().min(1).max(500).optional() }).strict(),
  array: z.array(z.int().min(0).max(9)).min(1).max(4),
  tuple: z.tuple([z.string().min(1), z.int().min(0)]),
  union: z.union([
    z.object({ kind: z.literal('a'), n: z.int().min(0).max(3) }),
    z.object({ kind: z.literal('b'), s: z.string().max(4) }),
  ]),
  'discriminated union': z.discriminatedUnion('type', [
    z.object({ type: z.literal('x'), v: z.boolean() }),
    z.object({ type: z.literal('y') }),
  ]),
  nested: z.object({
    user: z.object({ name: z.string().min(1).max(8), tags: z.array(z.enum(['a', 'b'])).max(2) }),
    limit: z.number().min(0).max(1),
  }),
  record: z.record(z.string(), z.int()),
};

describe('space', () => {
  test.prop([fc.constantFrom(...Object.keys(SCHEMAS)), fc.nat({ max: 0xffff_ffff })], { numRuns: 400 })(
    'sampled values satisfy their zod schema',
    (name, seed) => {
      const s = space(SCHEMAS[name] as z.ZodType);
      const rng = Rng.fromSeed(seed);
      for (let i = 0; i < 5; i++) {
        const v = s.sample(rng, ['alpha', 'beta', 'toolong-word']);
        expect(s.contains(v), `${name}: ${JSON.stringify(v)} is not in the space`).toBe(true);
      }
    },
  );

  test.prop([fc.constantFrom(...Object.keys(SCHEMAS)), fc.nat({ max: 0xffff_ffff })])(
    'sampling is a function of the rng state',
    (name, seed) => {
      const s = space(SCHEMAS[name] as z.ZodType);
      expect(canonicalJson(s.sample(Rng.fromSeed(seed)))).toBe(canonicalJson(s.sample(Rng.fromSeed(seed))));
    },
  );

  it('string leaves prefer the vocabulary when it fits', () => {
    const s = space(z.object({ path: z.string().min(1).max(40) }));
    const rng = Rng.fromSeed(3);
    const paths = Array.from({ length: 50 }, () => s.sample(rng, ['src/a.ts', 'src/b.ts']).path);
    expect(paths.filter((p) => p.startsWith('src/')).length).toBeGreaterThan(25);
  });

  it('contains() accepts members and rejects everything else', () => {
    const s = space(z.object({ n: z.int().min(0) }).strict());
    expect(s.contains({ n: 3 })).toBe(true);
    for (const bad of [null, {}, { n: -1 }, { n: 1.5 }, { n: 1, extra: true }, 'n'])
      expect(s.contains(bad)).toBe(false);
  });

  it('jsonSchema() is the zod JSON Schema, computed once', () => {
    const s = space(z.object({ path: z.string() }));
    const j = s.jsonSchema();
    expect(j).toBe(s.jsonSchema());
    expect(j).toMatchObject({ type: 'object', properties: { path: { type: 'string' } }, required: ['path'] });
  });

  it('sampleJsonSchema handles consts, enums and unknown types', () => {
    const rng = Rng.fromSeed(1);
    expect(sampleJsonSchema({ const: 7 }, rng)).toBe(7);
    expect(['a', 'b']).toContain(sampleJsonSchema({ enum: ['a', 'b'] }, rng));
    expect(sampleJsonSchema({}, rng)).toBeNull();
    expect(sampleJsonSchema({}, rng, ['w'])).toBe('w');
  });
});
