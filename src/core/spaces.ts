/**
 * zod-backed spaces. One schema is the single source of truth for validation, TypeScript types,
 * the JSON Schema handed to an LLM as a tool definition, and random sampling.
 */
import * as z from 'zod';
import type { Rng } from './rng.js';

/** A JSON Schema object as produced by `z.toJSONSchema`. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A set of values described by a zod schema. */
export interface Space<T> {
  readonly schema: z.ZodType<T>;
  /** True when `value` belongs to the space. */
  contains(value: unknown): value is T;
  /** The JSON Schema (draft 2020-12) of the space. */
  jsonSchema(): JsonSchema;
  /** A random member, drawn from `rng`; string leaves prefer words from `vocabulary`. */
  sample(rng: Rng, vocabulary?: readonly string[]): T;
}

/** Wraps a zod schema as a {@link Space}. The JSON Schema is computed once. */
export function space<T>(schema: z.ZodType<T>): Space<T> {
  let cached: JsonSchema | null = null;
  const json = (): JsonSchema => (cached ??= z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonSchema);
  return {
    schema,
    contains: (value: unknown): value is T => schema.safeParse(value).success,
    jsonSchema: json,
    sample: (rng, vocabulary = []) => sampleJsonSchema(json(), rng, vocabulary) as T,
  };
}

/**
 * A random value that matches a JSON Schema (the subset zod emits: objects, arrays, strings with
 * length bounds, numbers and integers with bounds, booleans, enums, consts, anyOf/oneOf).
 * Optional object properties are included half of the time.
 */
export function sampleJsonSchema(schema: JsonSchema, rng: Rng, vocabulary: readonly string[] = [], depth = 0): unknown {
  if ('const' in schema) return schema['const'];
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues) && enumValues.length > 0) return rng.pick(enumValues);
  const choices = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  if (Array.isArray(choices) && choices.length > 0)
    return sampleJsonSchema(rng.pick(choices), rng, vocabulary, depth + 1);
  const type = Array.isArray(schema['type']) ? rng.pick(schema['type'] as string[]) : schema['type'];
  switch (type) {
    case 'object': {
      const props = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema['required'] ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(props)) {
        if (required.has(key) || rng.chance(0.5))
          out[key] = sampleJsonSchema(props[key] as JsonSchema, rng, vocabulary, depth + 1);
      }
      return out;
    }
    case 'array': {
      const prefix = schema['prefixItems'];
      if (Array.isArray(prefix))
        return (prefix as JsonSchema[]).map((item) => sampleJsonSchema(item, rng, vocabulary, depth + 1));
      const min = Number(schema['minItems'] ?? 0);
      const max = Math.min(Number(schema['maxItems'] ?? min + 3), min + 3);
      const n = depth > 4 ? min : rng.int(min, Math.max(min, max));
      const items = (schema['items'] ?? {}) as JsonSchema;
      return Array.from({ length: n }, () => sampleJsonSchema(items, rng, vocabulary, depth + 1));
    }
    case 'string':
      return sampleString(schema, rng, vocabulary);
    case 'integer': {
      const [lo, hi] = numericRange(schema, true);
      const step = Number(schema['multipleOf'] ?? 1);
      if (step > 0 && Number.isInteger(step) && step !== 1) {
        const k = rng.int(Math.ceil(lo / step), Math.max(Math.ceil(lo / step), Math.floor(hi / step)));
        return k * step;
      }
      return rng.int(lo, hi);
    }
    case 'number': {
      const [lo, hi] = numericRange(schema, false);
      const step = Number(schema['multipleOf'] ?? 0);
      if (step > 0) return rng.int(Math.ceil(lo / step), Math.max(Math.ceil(lo / step), Math.floor(hi / step))) * step;
      const value = lo + rng.float() * (hi - lo);
      return value > lo || !('exclusiveMinimum' in schema) ? value : (lo + hi) / 2;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    default:
      return vocabulary.length > 0 ? rng.pick(vocabulary) : null;
  }
}

/**
 * The [lo, hi] range to draw a number from: inclusive and exclusive bounds, a window of at most
 * 1000 above the lower bound, and a window of 100 below a lone negative upper bound (e.g. `max(-5)`).
 */
function numericRange(schema: JsonSchema, integer: boolean): [number, number] {
  const exMin = schema['exclusiveMinimum'];
  const exMax = schema['exclusiveMaximum'];
  const nudge = integer ? 1 : 0;
  let lo =
    typeof exMin === 'number' ? exMin + nudge : schema['minimum'] !== undefined ? Number(schema['minimum']) : null;
  let hi =
    typeof exMax === 'number' ? exMax - nudge : schema['maximum'] !== undefined ? Number(schema['maximum']) : null;
  if (lo === null) lo = hi === null || hi >= 0 ? 0 : hi - 100;
  if (hi === null || hi > lo + 1000) hi = lo + (hi === null ? 100 : 1000);
  if (integer) {
    lo = Math.ceil(lo);
    hi = Math.max(lo, Math.floor(hi));
  }
  return [lo, hi];
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function sampleString(schema: JsonSchema, rng: Rng, vocabulary: readonly string[]): string {
  const min = Number(schema['minLength'] ?? 0);
  const max = Number(schema['maxLength'] ?? 24);
  if (vocabulary.length > 0 && rng.chance(0.8)) {
    const word = rng.pick(vocabulary);
    if (word.length >= min && word.length <= max) return word;
  }
  const upper = Math.max(min, Math.min(max, 12));
  const n = rng.int(Math.min(Math.max(min, 1), upper), upper);
  let s = '';
  for (let i = 0; i < n; i++) s += LETTERS[rng.int(0, LETTERS.length - 1)];
  return s;
}
