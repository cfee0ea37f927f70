/**
 * The validation fast path must give exactly what the schema gives — the same fields, in the same
 * order (trajectories record actions as JSON), defaults filled in — and step aside (null) whenever
 * the schema would reject or reshape the action.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { ActionSchema, MAX_STRING } from '../../src/team/actions.js';
import { fastParseAction } from '../../src/team/action-fast-path.js';

const LIMITS = { maxString: MAX_STRING };
/** Short limits, so generated strings cross them often. */
const SMALL = { maxString: 4 };

const json = fc.jsonValue({ maxDepth: 2 });
const str = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', 'read_file', 'executor', 'x'.repeat(65)));
const message = fc.oneof(
  str,
  fc.record(
    {
      text: fc.oneof(str, fc.integer()),
      facts: fc.oneof(fc.dictionary(str, fc.oneof(str, fc.integer())), str),
      extra: json,
    },
    { requiredKeys: [] },
  ),
  json,
);
/** Actions near the schema's edges: right and wrong types, missing and extra fields, every type. */
const action = fc.record(
  {
    type: fc.constantFrom('tool', 'handoff', 'ask', 'wait', 'finish', 'other'),
    tool: str,
    args: fc.oneof(fc.dictionary(str, json), json),
    to: str,
    message,
    question: str,
    ticks: fc.oneof(fc.integer({ min: -2, max: 1002 }), fc.double()),
    answer: fc.oneof(str, fc.integer()),
    status: fc.constantFrom('done', 'gave_up', 'maybe'),
    extra: json,
  },
  { requiredKeys: ['type'] },
);

function schemaWith(value: unknown): unknown {
  const parsed = ActionSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

describe('fastParseAction', () => {
  test.prop([action], { numRuns: 1000 })('agrees with ActionSchema whenever it answers', (value) => {
    const fast = fastParseAction(value, LIMITS);
    const schema = schemaWith(value);
    if (fast === null) return;
    expect(schema).not.toBeNull();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(schema));
    expect(fast).toEqual(schema);
  });

  test.prop([action.filter((a) => a['extra'] === undefined)], { numRuns: 1000 })(
    'answers every well-formed action without extra fields',
    (value) => {
      const schema = schemaWith(value);
      const hasUndefined = Object.values(value).some((v) => v === undefined);
      if (schema === null || hasUndefined) return;
      // Only fields of the action's own type: the schema would drop the others.
      const own: Record<string, readonly string[]> = {
        tool: ['type', 'tool', 'args'],
        handoff: ['type', 'to', 'message'],
        ask: ['type', 'question'],
        wait: ['type', 'ticks'],
        finish: ['type', 'answer', 'status'],
      };
      if (Object.keys(value).some((k) => !own[value.type]?.includes(k))) return;
      expect(fastParseAction(value, LIMITS)).not.toBeNull();
    },
  );

  it('refuses strings over the limit it is given', () => {
    expect(fastParseAction({ type: 'ask', question: 'hello' }, SMALL)).toBeNull();
    expect(fastParseAction({ type: 'ask', question: 'hey' }, SMALL)).toEqual({ type: 'ask', question: 'hey' });
  });

  it('copies records, so the parsed action shares nothing mutable with what the agent sent', () => {
    const args = { path: 'a.ts' };
    const facts = { f: 'v' };
    const tool = fastParseAction({ type: 'tool', tool: 't', args }, LIMITS);
    const handoff = fastParseAction({ type: 'handoff', to: 'r', message: { facts, text: 't' } }, LIMITS);
    expect(tool).toEqual({ type: 'tool', tool: 't', args });
    expect(tool && tool.type === 'tool' && tool.args).not.toBe(args);
    expect(
      handoff && handoff.type === 'handoff' && typeof handoff.message === 'object' && handoff.message.facts,
    ).not.toBe(facts);
    expect(JSON.stringify(handoff)).toBe('{"type":"handoff","to":"r","message":{"text":"t","facts":{"f":"v"}}}');
  });
});
