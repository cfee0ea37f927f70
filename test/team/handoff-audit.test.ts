import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { auditHandoff, factsInText, messageText, normalizeText, resultText } from '../../src/team/handoff-audit.js';
import type { Fact } from '../../src/team/world.js';

const FACTS: Fact[] = [
  { id: 'colour', description: '', value: 'Teal Blue', guess: 'blue' },
  { id: 'budget', description: '', value: '42', guess: '100' },
  { id: 'empty', description: '', value: '', guess: 'x' },
];

describe('handoff audit', () => {
  it('normalizes case and whitespace', () => {
    expect(normalizeText('  Teal\n\tBLUE  ')).toBe('teal blue');
    expect(normalizeText('a \u00a0b\u2028c\r\nd  e f')).toBe('a b c d e f');
  });

  // Every run of whitespace becomes one space, whatever the run holds (the definition the faster
  // pattern must keep).
  test.prop([
    fc.array(fc.constantFrom(' ', '  ', '\n', '\t', '\r', '\u00a0', '\u2028', '\u3000', '\ufeff', 'x', 'Y', 'é'), {
      maxLength: 30,
    }),
  ])('collapses whitespace exactly as replacing every run of it by a space', (parts) => {
    const text = parts.join('');
    expect(normalizeText(text)).toBe(text.toLowerCase().replace(/\s+/g, ' ').trim());
  });

  it("finds a fact at the start of a line of a tool's result, and in its keys", () => {
    const result = { path: 'notes.md', content: 'Budget:\n42 EUR\nColour:\tTeal Blue', counts: { '42': 1 } };
    expect(factsInText(FACTS, resultText(result))).toEqual(['colour', 'budget']);
    expect(factsInText(FACTS, resultText({ byValue: { 'teal blue': true } }))).toEqual(['colour']);
    expect(resultText('as it is')).toBe('as it is');
    // Its JSON text hides both values behind escapes (`\n42`, `\tTeal`).
    expect(factsInText(FACTS, JSON.stringify({ content: 'Budget:\n42 EUR\nColour:\tTeal Blue' }))).toEqual([]);
  });

  // Long results' texts are kept and answered again for the same parts: a result read again must
  // get its own text, also when another result of the same length came in between.
  test.prop([
    fc.array(
      fc.record({
        // Keys of one length, so that results of different parts have texts of the same length.
        key: fc.constantFrom('path', 'page'),
        name: fc.constantFrom('a.md', 'b.md'),
        content: fc.constantFrom('x'.repeat(600), 'y'.repeat(600), `${'x'.repeat(599)}\n`, 'z'.repeat(40)),
        lines: fc.constantFrom(1, 2, 10),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  ])('gives every result the text of its own parts, long texts kept or not', (drawn) => {
    for (const { key, name, content, lines } of drawn)
      expect(resultText({ [key]: name, content, lines })).toBe(
        [key, name, 'content', content, 'lines', String(lines)].join('\n'),
      );
  });

  it('matches facts by canonical value in free text; empty values never match', () => {
    expect(factsInText(FACTS, 'use teal   blue and a budget of 42')).toEqual(['colour', 'budget']);
    expect(factsInText(FACTS, 'nothing here')).toEqual([]);
  });

  it('collects every string, number and boolean of a structured message', () => {
    expect(
      messageText({ text: 'hi', facts: { budget: '42' }, extra: [1, true, { deep: 'teal blue' }] }).split('\n'),
    ).toEqual(['hi', '42', '1', 'true', 'teal blue']);
    expect(messageText('plain')).toBe('plain');
  });

  it('audits required, carried and missing against what the receiver needs and knows', () => {
    const audit = auditHandoff(FACTS, 'planner', 'executor', { text: 'budget 42' }, ['colour', 'budget'], []);
    expect(audit).toEqual({
      from: 'planner',
      to: 'executor',
      required: ['colour', 'budget'],
      carried: ['budget'],
      missing: ['colour'],
    });
    const known = auditHandoff(FACTS, 'planner', 'executor', 'hello', ['colour', 'budget'], ['colour']);
    expect(known).toMatchObject({ required: ['budget'], missing: ['budget'] });
  });

  it('does not count a value inside a longer token as carried', () => {
    expect(factsInText(FACTS, 'the total is 420')).toEqual([]);
    expect(factsInText(FACTS, 'a budget of forty-two')).toEqual(['budget']);
  });

  test.prop([fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 })])(
    'a message that contains the value verbatim always carries the fact',
    (before, after) => {
      expect(
        factsInText([{ id: 'f', description: '', value: 'Teal Blue', guess: '' }], `${before} Teal Blue ${after}`),
      ).toEqual(['f']);
    },
  );
});
