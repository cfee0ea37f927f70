/**
 * The common case of tool-argument validation without running the schema library: a tool's
 * `args` schema made of the few constructs worlds use (a strict object of strings, numbers,
 * enums and string arrays, with length and range limits and defaults) is compiled once into a
 * plain check. It gives the very value the schema's `safeParse` would give (the same fields, in
 * the schema's order, defaults filled in, arrays copied); anything it is not sure of — a schema
 * with another construct, an unknown or missing field, a wrong type, a limit crossed — gives
 * null, and the schema decides and words the error. test/team/tool-args-fast-path.test.ts holds
 * it to the schema for every built-in tool and for random arguments.
 */
import type * as z from 'zod';

/** Arguments as the schema would parse them, or null to leave the call to the schema. */
export type FastArgs = (args: unknown) => Record<string, unknown> | null;

/** One field's check: the parsed value, or {@link REJECT} (the schema must decide). */
type FieldCheck = (value: unknown) => unknown;

const REJECT = Symbol('reject');

/** Compiled checks by schema; null for a schema the fast path does not handle. */
const compiled = new WeakMap<object, FastArgs | null>();

/** The fast check of `schema`, or null when the schema has a construct it does not handle. */
export function fastArgsOf(schema: z.ZodType): FastArgs | null {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compileObject(defOf(schema));
    compiled.set(schema, check);
  }
  return check;
}

/** Zod's definition of a schema, read loosely: anything unexpected makes a construct unsupported. */
interface Def {
  readonly type?: string;
  readonly coerce?: boolean;
  readonly checks?: readonly { readonly _zod?: { readonly def?: CheckDef } }[];
  readonly shape?: Readonly<Record<string, unknown>>;
  readonly catchall?: unknown;
  readonly innerType?: unknown;
  readonly defaultValue?: unknown;
  readonly element?: unknown;
  readonly entries?: Readonly<Record<string, unknown>>;
}

interface CheckDef {
  readonly check?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly length?: number;
  readonly value?: number;
  readonly inclusive?: boolean;
}

function defOf(schema: unknown): Def {
  return (schema as { _zod?: { def?: Def } } | null)?._zod?.def ?? {};
}

function compileObject(def: Def): FastArgs | null {
  if (def.type !== 'object' || !def.shape || (def.checks?.length ?? 0) > 0) return null;
  // Strict objects only: unknown keys are the schema's to reject.
  if (defOf(def.catchall).type !== 'never') return null;
  const keys = Object.keys(def.shape);
  const fields: FieldCheck[] = [];
  const defaults: ((() => unknown) | null)[] = [];
  for (const key of keys) {
    let field = defOf(def.shape[key]);
    let fallback: (() => unknown) | null = null;
    if (field.type === 'default') {
      // The schema reads its default through a getter that copies arrays and objects.
      const holder = field;
      fallback = () => holder.defaultValue;
      field = defOf(field.innerType);
    }
    const check = compileField(field);
    if (!check) return null;
    fields.push(check);
    defaults.push(fallback);
  }
  const known = new Set(keys);
  return (args) => {
    if (typeof args !== 'object' || args === null || Array.isArray(args)) return null;
    const input = args as Record<string, unknown>;
    for (const key in input) if (!Object.hasOwn(input, key) || !known.has(key)) return null;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = Object.hasOwn(input, key) ? input[key] : undefined;
      let parsed: unknown;
      if (value === undefined) {
        const fallback = defaults[i];
        if (!fallback) return null;
        parsed = fallback();
      } else {
        parsed = (fields[i] as FieldCheck)(value);
        if (parsed === REJECT) return null;
      }
      // Defined, not assigned: a "__proto__" field stays data, as the schema keeps it.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: parsed, enumerable: true, writable: true, configurable: true });
      else out[key] = parsed;
    }
    return out;
  };
}

function compileField(def: Def): FieldCheck | null {
  if (def.coerce) return null;
  switch (def.type) {
    case 'string':
      return compileString(def);
    case 'number':
      return compileNumber(def);
    case 'enum': {
      if ((def.checks?.length ?? 0) > 0 || !def.entries) return null;
      const values = new Set(Object.values(def.entries));
      return (v) => (values.has(v) ? v : REJECT);
    }
    case 'array': {
      const element = compileField(defOf(def.element));
      const limits = lengthLimits(def);
      if (!element || !limits) return null;
      return (v) => {
        if (!Array.isArray(v) || !limits(v.length)) return REJECT;
        const out: unknown[] = [];
        for (let i = 0; i < v.length; i++) {
          // A hole reads as undefined, which no element check accepts.
          const parsed = element(v[i]);
          if (parsed === REJECT) return REJECT;
          out.push(parsed);
        }
        return out;
      };
    }
    default:
      return null;
  }
}

function compileString(def: Def): FieldCheck | null {
  const limits = lengthLimits(def);
  if (!limits) return null;
  return (v) => (typeof v === 'string' && limits(v.length) ? v : REJECT);
}

/** A check of a length against a schema's `min_length` / `max_length` / `length_equals`; null for other checks. */
function lengthLimits(def: Def): ((n: number) => boolean) | null {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const c of def.checks ?? []) {
    const d = c._zod?.def;
    if (!d) return null;
    if (d.check === 'min_length' && typeof d.minimum === 'number') min = Math.max(min, d.minimum);
    else if (d.check === 'max_length' && typeof d.maximum === 'number') max = Math.min(max, d.maximum);
    else if (d.check === 'length_equals' && typeof d.length === 'number') {
      min = Math.max(min, d.length);
      max = Math.min(max, d.length);
    } else return null;
  }
  return (n) => n >= min && n <= max;
}

function compileNumber(def: Def): FieldCheck | null {
  const tests: ((n: number) => boolean)[] = [];
  for (const c of def.checks ?? []) {
    const d = c._zod?.def;
    if (!d) return null;
    if (d.check === 'number_format' && d.format === 'safeint') tests.push(Number.isSafeInteger);
    else if (d.check === 'greater_than' && typeof d.value === 'number') {
      const bound = d.value;
      tests.push(d.inclusive ? (n) => n >= bound : (n) => n > bound);
    } else if (d.check === 'less_than' && typeof d.value === 'number') {
      const bound = d.value;
      tests.push(d.inclusive ? (n) => n <= bound : (n) => n < bound);
    } else return null;
  }
  return (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return REJECT;
    for (const t of tests) if (!t(v)) return REJECT;
    return v;
  };
}
