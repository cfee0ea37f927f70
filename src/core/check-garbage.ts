/**
 * Agents' garbage for the env checker (D20): values an LLM, a buggy agent or an attacker may send
 * as an action, and corruptions of sampled, valid-looking actions.
 */
import { describeValue } from './errors.js';
import type { Rng } from './rng.js';
import { cloneAction, isPlainRecord } from './check-values.js';

/** One kind of garbage, with a label for messages. */
export interface Garbage {
  readonly label: string;
  readonly value: () => unknown;
  /** Hostile values no JSON source produces; a crash on them is a warning, not an error. */
  readonly hostile?: boolean;
}

function nested(depth: number): unknown {
  let v: unknown = { type: 'ask', question: 'deep' };
  for (let i = 0; i < depth; i++) v = { type: 'tool', tool: 'nest', args: { inner: v } };
  return v;
}

/** Agents' garbage: what an LLM, a buggy agent or an attacker may send as an action. */
export const GARBAGE: readonly Garbage[] = [
  { label: 'null', value: () => null },
  { label: 'undefined', value: () => undefined },
  { label: 'the number 42', value: () => 42 },
  { label: 'NaN', value: () => Number.NaN },
  { label: '-Infinity', value: () => -Infinity },
  { label: 'true', value: () => true },
  { label: 'an empty string', value: () => '' },
  { label: 'the string "not json"', value: () => 'not json' },
  { label: 'truncated JSON', value: () => '{"type":' },
  { label: '\'{"type":"tool"}\'', value: () => '{"type":"tool"}' },
  { label: '{type:"teleport"}', value: () => ({ type: 'teleport' }) },
  { label: 'an unknown tool', value: () => ({ type: 'tool', tool: 'nope', args: {} }) },
  { label: 'a tool call without a tool', value: () => ({ type: 'tool' }) },
  { label: 'a tool named "constructor"', value: () => ({ type: 'tool', tool: 'constructor', args: {} }) },
  { label: 'a tool named "__proto__"', value: () => ({ type: 'tool', tool: '__proto__', args: {} }) },
  { label: 'tool args that are an array', value: () => ({ type: 'tool', tool: 'nope', args: [1, 2] }) },
  { label: 'a 200k-character string', value: () => 'x'.repeat(200_000) },
  {
    label: 'a 200k-character JSON action',
    value: () => JSON.stringify({ type: 'ask', question: 'q'.repeat(200_000) }),
  },
  {
    label: 'a __proto__ key parsed from JSON',
    value: (): unknown => JSON.parse('{"type":"tool","tool":"nope","args":{"__proto__":{"polluted":true}}}'),
  },
  {
    label: 'a top-level __proto__ key parsed from JSON',
    value: (): unknown => JSON.parse('{"__proto__":{"type":"finish"},"type":"ask","question":"x"}'),
  },
  { label: 'a 2000-level nested object', value: () => nested(2000) },
  { label: 'an array', value: () => [1, 2, 3] },
  { label: 'an array of actions', value: () => [{ type: 'finish', status: 'done' }] },
  { label: 'a huge array', value: (): unknown => new Array<number>(100_000).fill(0) },
  { label: 'a handoff to nobody', value: () => ({ type: 'handoff', to: 'nobody', message: 'x' }) },
  { label: 'a handoff without a message', value: () => ({ type: 'handoff', to: 'nobody' }) },
  { label: 'a handoff with a numeric message', value: () => ({ type: 'handoff', to: 'nobody', message: { text: 5 } }) },
  { label: 'a wait of 10^12 ticks', value: () => ({ type: 'wait', ticks: 1e12 }) },
  { label: 'a negative wait', value: () => ({ type: 'wait', ticks: -1 }) },
  { label: 'a wait of NaN ticks', value: () => ({ type: 'wait', ticks: Number.NaN }) },
  { label: 'a finish with an unknown status', value: () => ({ type: 'finish', status: 'maybe' }) },
  {
    label: 'a null-prototype object',
    value: () => Object.assign(Object.create(null) as object, { type: 'ask', question: 'x' }),
  },
  { label: 'a function', value: () => () => ({ type: 'finish' }) },
  { label: 'a symbol', value: () => Symbol('action') },
  { label: 'a bigint', value: () => 10n },
  { label: 'a Map', value: () => new Map([['type', 'finish']]) },
  {
    label: 'a circular object',
    value: () => {
      const o: Record<string, unknown> = { type: 'ask', question: 'loop' };
      o['self'] = o;
      return o;
    },
  },
  { label: 'control characters', value: () => '\u0000\u202e\ud800' },
  { label: 'a symbol-keyed args object', value: () => ({ type: 'tool', tool: 'nope', args: { [Symbol('k')]: 1 } }) },
  {
    label: 'an object with a throwing getter',
    hostile: true,
    value: () =>
      Object.defineProperty({}, 'type', {
        enumerable: true,
        get: () => {
          throw new Error('getter');
        },
      }),
  },
  {
    label: 'a revoked proxy',
    hostile: true,
    value: () => {
      const p = Proxy.revocable({}, {});
      p.revoke();
      return p.proxy;
    },
  },
];

const BAD_VALUES: ReadonlyArray<readonly [string, () => unknown]> = [
  ['null', () => null],
  ['NaN', () => Number.NaN],
  ['-1', () => -1],
  ['a 30k-character string', () => 'y'.repeat(30_000)],
  ['an object', () => ({ nested: { deeper: true } })],
  ['an array', () => ['a', 1]],
  ['"../../etc/passwd"', () => '../../etc/passwd'],
];

/** Corrupts one field (or one argument) of a sampled, valid-looking action. */
export function mutateSampled(action: unknown, rng: Rng): Garbage | null {
  if (!isPlainRecord(action)) return null;
  const fields: string[][] = Object.keys(action).map((k) => [k]);
  const args = action['args'];
  if (isPlainRecord(args)) for (const k of Object.keys(args)) fields.push(['args', k]);
  if (fields.length === 0) return null;
  const path = rng.pick(fields);
  const [badLabel, bad] = rng.pick(BAD_VALUES);
  const copy = cloneAction(action) as Record<string, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  return {
    label: `a sampled action ${describeValue(action, 80)} with action.${path.join('.')} set to ${badLabel}`,
    value: () => {
      target[path[path.length - 1] as string] = bad();
      return copy;
    },
  };
}
