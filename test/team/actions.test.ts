import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import {
  MAX_ACTION_JSON,
  MAX_DEPTH,
  MAX_STRING,
  describeAction,
  parseAction,
  truncate,
} from '../../src/team/actions.js';
import { anyValue } from '../support/arbitraries.js';

function rejected(raw: unknown): string {
  const r = parseAction(raw);
  if (r.ok) throw new Error(`expected ${String(raw)} to be rejected, got ${JSON.stringify(r.action)}`);
  expect(r.problem.code).toBe('invalid_action');
  return r.problem.message;
}

describe('parseAction accepts every action type', () => {
  it('tool, with args defaulting to {}', () => {
    expect(parseAction({ type: 'tool', tool: 'read_note', args: { name: 'a' } })).toEqual({
      ok: true,
      action: { type: 'tool', tool: 'read_note', args: { name: 'a' } },
    });
    expect(parseAction({ type: 'tool', tool: 'list_notes' })).toEqual({
      ok: true,
      action: { type: 'tool', tool: 'list_notes', args: {} },
    });
  });

  it('handoff with free text or a structured message', () => {
    expect(parseAction({ type: 'handoff', to: 'executor', message: 'do it' }).ok).toBe(true);
    const structured = parseAction({
      type: 'handoff',
      to: 'executor',
      message: { text: 'do it', facts: { colour: 'teal' }, priority: 1 },
    });
    expect(structured).toEqual({
      ok: true,
      action: { type: 'handoff', to: 'executor', message: { text: 'do it', facts: { colour: 'teal' }, priority: 1 } },
    });
  });

  it('ask, wait and finish (status defaults to done)', () => {
    expect(parseAction({ type: 'ask', question: 'Which budget?' }).ok).toBe(true);
    expect(parseAction({ type: 'wait', ticks: 3 })).toEqual({ ok: true, action: { type: 'wait', ticks: 3 } });
    expect(parseAction({ type: 'finish' })).toEqual({ ok: true, action: { type: 'finish', status: 'done' } });
    expect(parseAction({ type: 'finish', answer: 'x', status: 'gave_up' })).toEqual({
      ok: true,
      action: { type: 'finish', answer: 'x', status: 'gave_up' },
    });
  });

  it('JSON text, as an LLM writes it', () => {
    expect(parseAction('{"type":"wait","ticks":2}')).toEqual({ ok: true, action: { type: 'wait', ticks: 2 } });
    expect(parseAction(' {"type":"finish"} ').ok).toBe(true);
  });
});

describe('parseAction rejects garbage with a message naming the field, the value and what is expected', () => {
  it('non-JSON strings, showing the start of the text and an example', () => {
    const m = rejected('call read_note on README');
    expect(m).toMatch(/string that is not valid JSON \("call read_note on README"\)/);
    expect(m).toMatch(/Send an object like \{"type":"tool"/);
  });

  it('huge strings are shown truncated, never echoed whole', () => {
    const m = rejected('x'.repeat(200_000));
    expect(m.length).toBeLessThan(400);
    expect(m).toContain('…');
  });

  it('non-objects and arrays', () => {
    expect(rejected(null)).toMatch(/must be an object with a "type" of tool, handoff, ask, wait or finish; got "null"/);
    expect(rejected(42)).toMatch(/got "42"/);
    expect(rejected([{ type: 'finish' }])).toMatch(/must be an object/);
    expect(rejected(undefined)).toMatch(/must be an object/);
    expect(rejected('"just a string"')).toMatch(/got "just a string"/);
  });

  it('an unknown type, listing the allowed ones', () => {
    expect(rejected({ type: 'teleport' })).toMatch(
      /"type" must be one of tool, handoff, ask, wait, finish \(got "teleport"\)/,
    );
    expect(rejected({})).toMatch(/action\.type/);
  });

  it('missing or mistyped fields, by path', () => {
    expect(rejected({ type: 'tool' })).toMatch(/^action\.tool: /);
    expect(rejected({ type: 'tool', tool: 'x', args: [1] })).toMatch(/^action\.args: /);
    expect(rejected({ type: 'handoff', to: 'executor' })).toMatch(/^action\.message: /);
    expect(rejected({ type: 'wait', ticks: 0 })).toMatch(/^action\.ticks: .*>=1/);
    expect(rejected({ type: 'wait', ticks: 1.5 })).toMatch(/^action\.ticks: .*int/i);
    expect(rejected({ type: 'finish', status: 'maybe' })).toMatch(
      /^action\.status: .*"done"\|"gave_up"|^action\.status: .*done.*gave_up/,
    );
  });

  it('NaN and infinities, naming the field', () => {
    expect(rejected({ type: 'wait', ticks: Number.NaN })).toMatch(/action\.ticks is NaN, which is not a finite number/);
    expect(rejected({ type: 'tool', tool: 'x', args: { n: Infinity } })).toMatch(/action\.args\.n is Infinity/);
  });

  it('__proto__, constructor and prototype keys, wherever they are', () => {
    expect(rejected(JSON.parse('{"type":"tool","tool":"x","args":{"__proto__":{"polluted":true}}}'))).toMatch(
      /action\.args has the forbidden key "__proto__"/,
    );
    expect(rejected(JSON.parse('{"__proto__":{"type":"finish"},"type":"ask","question":"q"}'))).toMatch(
      /action has the forbidden key "__proto__"/,
    );
    expect(rejected({ type: 'tool', tool: 'x', args: { deep: { constructor: 1 } } })).toMatch(
      /action\.args\.deep has the forbidden key "constructor"/,
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('non-JSON values: functions, class instances, bigints, symbols, undefined in arrays', () => {
    expect(rejected({ type: 'tool', tool: 'x', args: { f: () => 1 } })).toMatch(
      /action\.args\.f is a function, which is not JSON/,
    );
    expect(rejected({ type: 'tool', tool: 'x', args: { m: new Map() } })).toMatch(
      /action\.args\.m is not a plain JSON object/,
    );
    expect(rejected({ type: 'tool', tool: 'x', args: { n: 1n } })).toMatch(/action\.args\.n is a bigint/);
    expect(rejected({ type: 'tool', tool: 'x', args: { a: [1, undefined] } })).toMatch(
      /action\.args\.a\[1\] is undefined, which is not JSON/,
    );
    expect(rejected(() => ({ type: 'finish' }))).toMatch(/must be an object/);
    expect(rejected(Symbol('s'))).toMatch(/must be an object/);
  });

  it('deep nesting and cycles, by the depth limit', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    expect(rejected({ type: 'tool', tool: 'x', args: deep })).toMatch(
      new RegExp(`nested deeper than ${MAX_DEPTH} levels`),
    );
    const loop: Record<string, unknown> = { type: 'ask', question: 'q' };
    loop['self'] = loop;
    expect(rejected(loop)).toMatch(/nested deeper/);
  });

  it('strings and actions over the size limits', () => {
    expect(rejected({ type: 'ask', question: 'q'.repeat(MAX_STRING + 1) })).toMatch(/^action\.question: /);
    const big = {
      type: 'tool',
      tool: 'x',
      args: Object.fromEntries(
        Array.from({ length: Math.ceil(MAX_ACTION_JSON / MAX_STRING) }, (_, i) => [`k${i}`, 'v'.repeat(MAX_STRING)]),
      ),
    };
    expect(rejected(big)).toMatch(
      new RegExp(`^the action is \\d+ bytes of JSON; the limit is ${MAX_ACTION_JSON} bytes`),
    );
    // Measured in UTF-8 bytes: three-byte characters count three times.
    const wide = {
      type: 'tool',
      tool: 'x',
      args: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, '€'.repeat(MAX_STRING)])),
    };
    expect(JSON.stringify(wide).length).toBeLessThan(MAX_ACTION_JSON);
    expect(Buffer.byteLength(JSON.stringify(wide))).toBeGreaterThan(MAX_ACTION_JSON);
    expect(rejected(wide)).toMatch(/bytes of JSON/);
    // Escaped control characters are six bytes each: the size is exact right at the cap.
    const escapes = (chars: number) => ({
      type: 'tool',
      tool: 'x',
      args: Object.fromEntries(
        Array.from({ length: 3 }, (_, i) => [`k${i}`, '\u0001'.repeat(i < 2 ? MAX_STRING : chars)]),
      ),
    });
    const overhead = Buffer.byteLength(JSON.stringify(escapes(0)));
    const fits = Math.floor((MAX_ACTION_JSON - overhead) / 6);
    expect(Buffer.byteLength(JSON.stringify(escapes(fits)))).toBeLessThanOrEqual(MAX_ACTION_JSON);
    expect(parseAction(escapes(fits)).ok).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(escapes(fits + 1)))).toBeGreaterThan(MAX_ACTION_JSON);
    expect(rejected(escapes(fits + 1))).toMatch(/bytes of JSON/);
  });

  it('hostile values (throwing getters, revoked proxies, symbol keys) become problems, never exceptions', () => {
    const getter = Object.defineProperty({}, 'type', {
      enumerable: true,
      get: () => {
        throw new Error('gotcha');
      },
    });
    expect(rejected(getter)).toMatch(/could not be read as JSON \(gotcha\)/);
    const p = Proxy.revocable({}, {});
    p.revoke();
    expect(rejected(p.proxy)).toMatch(/could not be read as JSON/);
    expect(rejected({ type: 'tool', tool: 'x', args: { [Symbol('k')]: 1 } })).toMatch(/^action\.args\.Symbol\(k\)/);
    expect(rejected([Object.assign(Object.create(null) as object, { n: 1n })])).toMatch(
      /must be an object.*\[object Array\]/,
    );
  });

  test.prop([anyValue], { numRuns: 300 })('never throws, whatever it is given', (value) => {
    const r = parseAction(value);
    if (!r.ok) expect(r.problem.message.length).toBeGreaterThan(10);
  });
});

describe('describeAction', () => {
  it('gives one short line per action type', () => {
    expect(describeAction({ type: 'tool', tool: 'read_note', args: { name: 'a' } })).toBe('read_note({"name":"a"})');
    expect(describeAction({ type: 'handoff', to: 'executor', message: 'x' })).toBe('handoff → executor');
    expect(describeAction({ type: 'ask', question: 'q'.repeat(100) }).length).toBeLessThan(50);
    expect(describeAction({ type: 'wait', ticks: 2 })).toBe('wait 2');
    expect(describeAction({ type: 'finish', status: 'gave_up' })).toBe('finish (gave_up)');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
