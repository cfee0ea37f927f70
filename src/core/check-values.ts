/**
 * Value checks of the env checker: the shape of reset and step results, and whether a value is
 * plain JSON (canonical-JSON equality is ill-defined for anything else).
 */
import { describeValue } from './errors.js';

/** Problems with the shape of a reset result. */
export function resetProblems(r: unknown): string[] {
  if (r === null || typeof r !== 'object')
    return [`reset() returned ${describeValue(r)}; expected { observation, info }`];
  const out: string[] = [];
  const { observation, info } = r as { observation?: unknown; info?: unknown };
  if (observation === undefined) out.push('reset() returned no observation (undefined)');
  if (!isPlainRecord(info)) out.push(`reset() returned info ${describeValue(info)}; expected a plain object`);
  return out;
}

/** Problems with the shape of a step result: an observation, a finite reward, boolean flags, an info object. */
export function stepProblems(r: unknown): string[] {
  if (r === null || typeof r !== 'object')
    return [`step() returned ${describeValue(r)}; expected { observation, reward, terminated, truncated, info }`];
  const out: string[] = [];
  const x = r as Record<string, unknown>;
  if (x['observation'] === undefined) out.push('step() returned no observation (undefined)');
  const reward = x['reward'];
  if (typeof reward !== 'number' || !Number.isFinite(reward))
    out.push(
      `step() returned reward ${typeof reward === 'number' ? String(reward) : `${describeValue(reward)} (${typeof reward})`}; expected a finite number`,
    );
  if (typeof x['terminated'] !== 'boolean')
    out.push(`step() returned terminated ${describeValue(x['terminated'])}; expected a boolean`);
  if (typeof x['truncated'] !== 'boolean')
    out.push(`step() returned truncated ${describeValue(x['truncated'])}; expected a boolean`);
  if (!isPlainRecord(x['info'])) out.push(`step() returned info ${describeValue(x['info'])}; expected a plain object`);
  return out;
}

/** True for `{}`-like objects (plain or null prototype), the only objects JSON keeps as they are. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The first value inside `value` whose canonical-JSON equality is ill-defined (D11): functions,
 * symbols, bigints, non-finite numbers, `undefined` in arrays, class instances, cycles.
 */
export function nonJsonValue(value: unknown, path = 'value', seen: Set<object> = new Set()): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${value}`;
    case 'undefined':
      return null;
    case 'object': {
      if (value === null) return null;
      if (seen.has(value)) return `${path} is a circular reference`;
      if (Array.isArray(value)) {
        seen.add(value);
        for (let i = 0; i < value.length; i++) {
          if (value[i] === undefined) return `${path}[${i}] is undefined (becomes null in JSON)`;
          const p = nonJsonValue(value[i], `${path}[${i}]`, seen);
          if (p) return p;
        }
        seen.delete(value);
        return null;
      }
      if (!isPlainRecord(value)) return `${path} is a ${value.constructor?.name ?? 'non-plain object'} (JSON loses it)`;
      seen.add(value);
      for (const key of Object.keys(value)) {
        const p = nonJsonValue(value[key], `${path}.${key}`, seen);
        if (p) return p;
      }
      seen.delete(value);
      return null;
    }
    default:
      return `${path} is a ${typeof value}`;
  }
}

export function cloneAction(action: unknown): unknown {
  try {
    return structuredClone(action);
  } catch {
    return action;
  }
}
