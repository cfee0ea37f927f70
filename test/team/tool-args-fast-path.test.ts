/**
 * The tool-argument fast path must give exactly what the tool's schema gives — the same fields,
 * in the same order, defaults filled in — and step aside (null) whenever the schema would reject
 * the arguments. Checked on every built-in tool and on schemas with each supported construct.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import * as z from 'zod';
import { builtinEnvIds, loadBuiltins } from '../../src/builtins.js';
import { make } from '../../src/core/registry.js';
import { planActions } from '../../src/team/plan.js';
import { teamModelOf, teamStateOf } from '../../src/team/team-env.js';
import { fastArgsOf } from '../../src/team/tool-args-fast-path.js';

loadBuiltins();

/** Every tool schema of the built-in team envs, by `world/tool`. */
function builtinTools(): Map<string, z.ZodType> {
  const out = new Map<string, z.ZodType>();
  for (const id of builtinEnvIds()) {
    const env = make(id);
    const model = teamModelOf(env);
    env.close();
    if (!model) continue;
    for (const [name, tool] of Object.entries(model.family.world.tools)) out.set(`${id}/${name}`, tool.args);
  }
  return out;
}

const TOOLS = builtinTools();

/** The same value for the fast path and the schema: fields, their order, and -0 kept apart from 0. */
function expectSame(schema: z.ZodType, args: unknown): void {
  const fast = fastArgsOf(schema)?.(args) ?? null;
  const parsed = schema.safeParse(args);
  if (fast === null) return;
  expect(parsed.success).toBe(true);
  expect(Object.keys(fast)).toEqual(Object.keys(parsed.data as object));
  expect(fast).toStrictEqual(parsed.data);
  const data = parsed.data as Record<string, unknown>;
  for (const [key, v] of Object.entries(fast)) if (typeof v !== 'object') expect(Object.is(v, data[key])).toBe(true);
}

const field = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', 'a', 'ab', 'src/index.ts', 'x'.repeat(300), 'x'.repeat(5000), 'canary', 'blue-green', 'open'),
  fc.integer({ min: -3, max: 1002 }),
  fc.constantFrom(0, -0, 1, 2 ** 53, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 100, 101, 1000),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);

describe('tool-argument fast path', () => {
  it('covers every built-in tool (none is left to the schema alone)', () => {
    expect(TOOLS.size).toBeGreaterThan(40);
    for (const [name, schema] of TOOLS) expect(fastArgsOf(schema), name).not.toBeNull();
  });

  it('takes the oracle plans of the built-in envs (valid arguments are not left to the schema)', () => {
    for (const id of builtinEnvIds()) {
      const env = make(id);
      const model = teamModelOf(env);
      if (!model) {
        env.close();
        continue;
      }
      env.reset({ seed: 1 });
      for (const action of planActions(teamStateOf(env)!.task)) {
        const a = action as { type: string; tool?: string; args?: unknown };
        if (a.type !== 'tool' || !a.tool || !Object.hasOwn(model.family.world.tools, a.tool)) continue;
        const schema = model.family.world.tools[a.tool]!.args;
        const fast = fastArgsOf(schema)!(a.args ?? {});
        expect(fast, `${id} ${a.tool}`).not.toBeNull();
        expect(fast).toStrictEqual(schema.parse(a.args ?? {}));
      }
      env.close();
    }
  });

  test.prop(
    [fc.constantFrom(...TOOLS.keys()), fc.dictionary(fc.string({ maxLength: 10 }), field, { maxKeys: 5 }), field],
    {
      numRuns: 400,
    },
  )('gives what the schema gives, or leaves it to the schema, for any arguments', (name, extra, value) => {
    const schema = TOOLS.get(name)!;
    const shape = Object.keys((schema as unknown as { shape: Record<string, unknown> }).shape);
    // Near-valid arguments: each field of the schema given a random value, or left out, plus noise.
    const args: Record<string, unknown> = {};
    shape.forEach((key, i) => {
      if (i % 3 !== 1) args[key] = i % 2 === 0 ? value : (extra[key] ?? 'ab');
    });
    expectSame(schema, args);
    expectSame(schema, { ...args, ...extra });
    expectSame(schema, extra);
  });

  test.prop([fc.dictionary(fc.constantFrom('s', 'n', 'e', 'a', 'd', 'x', '__proto__'), field, { maxKeys: 6 })], {
    numRuns: 400,
  })('agrees with the schema on every supported construct', (args) => {
    const schema = z.strictObject({
      s: z.string().min(1).max(4),
      n: z.number().int().min(0).max(100).default(7),
      e: z.enum(['open', 'a']).default('open'),
      a: z.array(z.string().max(3)).max(2).default([]),
      d: z.number().positive().lt(1000).default(1),
      x: z.string().length(2).default('ab'),
    });
    expect(fastArgsOf(schema)).not.toBeNull();
    expectSame(schema, args);
  });

  it('leaves schemas with other constructs to the schema', () => {
    expect(fastArgsOf(z.object({ a: z.string() }))).toBeNull();
    expect(fastArgsOf(z.strictObject({ a: z.string().regex(/x/) }))).toBeNull();
    expect(fastArgsOf(z.strictObject({ a: z.string().optional() }))).toBeNull();
    expect(fastArgsOf(z.strictObject({ a: z.coerce.number() }))).toBeNull();
    expect(fastArgsOf(z.strictObject({ a: z.string() }).refine(() => true))).toBeNull();
  });

  it('copies arrays and defaults: the parsed value shares nothing mutable with the input or a later call', () => {
    const schema = z.strictObject({ a: z.array(z.string()).default([]) });
    const input = { a: ['x'] };
    const out = fastArgsOf(schema)!(input)!;
    expect(out['a']).not.toBe(input.a);
    expect(fastArgsOf(schema)!({})!['a']).not.toBe(fastArgsOf(schema)!({})!['a']);
  });
});
