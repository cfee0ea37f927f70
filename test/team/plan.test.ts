import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  conditionHolds,
  fillValue,
  fullKnowledge,
  partialKnowledge,
  planActions,
  resolvePlanStep,
} from '../../src/team/plan.js';
import { factRefs, fillFacts, type Fact, type PlanStep } from '../../src/team/world.js';
import { Rng } from '../../src/core/rng.js';
import { generateNotesTask } from '../fixtures/notes-world.js';
import { runs } from '../support/sizes.js';

const FACTS: Fact[] = [
  { id: 'colour', description: '', value: 'teal', guess: 'blue' },
  { id: 'budget', description: '', value: '42', guess: '100' },
  { id: 'dir', description: '', value: 'vault/', guess: 'tmp/' },
];

describe('fact placeholders', () => {
  it('fillFacts replaces known ids and leaves unknown ones', () => {
    const lookup = fullKnowledge(FACTS);
    expect(fillFacts('paint it {{fact:colour}} for {{fact:budget}} ({{fact:nope}})', lookup)).toBe(
      'paint it teal for 42 ({{fact:nope}})',
    );
    expect(fillFacts('$& {{fact:colour}} $1', () => '$&')).toBe('$& $& $1');
  });

  it('fillFacts leaves text without a whole placeholder as it is, asking nothing', () => {
    const asked: string[] = [];
    const lookup = (id: string) => (asked.push(id), 'X');
    for (const text of ['', 'no placeholder here', '{{fact:}} {fact:colour} {{fact:colour}', '{{ fact:colour }}'])
      expect(fillFacts(text, lookup)).toBe(text);
    expect(asked).toEqual([]);
    expect(fillFacts('a {{fact:colour}', lookup) + fillFacts('{{fact:colour}}{{fact:colour}}', lookup)).toBe(
      'a {{fact:colour}XX',
    );
    expect(asked).toEqual(['colour', 'colour']);
  });

  /** Text made of the pieces a placeholder is made of, in any order: whole, broken and nested ones. */
  const placeholderish = fc
    .array(fc.constantFrom('{{fact:', '{', '}}', '}', 'fact:', 'colour', 'nope', 'a.b-c_9', ' ', '$&', '€', ':'), {
      maxLength: 16,
    })
    .map((pieces) => pieces.join(''));

  test.prop([placeholderish], { numRuns: runs(300, 3000) })(
    'fillFacts gives what the placeholder pattern replaced with the lookup gives, and factRefs the ids it finds',
    (text) => {
      const lookup = (id: string) => (id === 'nope' ? undefined : `<${id}>`);
      const expected = text.replace(/\{\{fact:([A-Za-z0-9_.-]+)\}\}/g, (whole, id: string) => lookup(id) ?? whole);
      expect(fillFacts(text, lookup)).toBe(expected);
      const ids = [...text.matchAll(/\{\{fact:([A-Za-z0-9_.-]+)\}\}/g)].map((m) => m[1]);
      expect([...factRefs(text)]).toEqual([...new Set(ids)]);
    },
  );

  it('fillValue fills every string of a JSON value and copies the rest', () => {
    const v = { a: ['{{fact:colour}}', 1, null], b: { c: '{{fact:dir}}x' }, d: true };
    expect(fillValue(v, fullKnowledge(FACTS))).toEqual({ a: ['teal', 1, null], b: { c: 'vault/x' }, d: true });
    expect(v.a[0]).toBe('{{fact:colour}}');
  });

  it('factRefs finds the ids referenced anywhere', () => {
    expect([...factRefs({ x: ['{{fact:a}} {{fact:b}}'], y: { z: '{{fact:a}}' }, n: 3 })].sort()).toEqual(['a', 'b']);
  });

  it('partialKnowledge uses known values, then guesses', () => {
    const lookup = partialKnowledge(FACTS, new Map([['colour', 'teal']]));
    expect([lookup('colour'), lookup('budget'), lookup('missing')]).toEqual(['teal', '100', undefined]);
  });
});

describe('conditions', () => {
  const full = fullKnowledge(FACTS);
  const guessing = partialKnowledge(FACTS, new Map());
  it.each([
    ['startsWith', 'vault/plan', '{{fact:dir}}', true, false],
    ['notStartsWith', 'vault/plan', '{{fact:dir}}', false, true],
    ['equals', '{{fact:colour}}', 'teal', true, false],
    ['notEquals', '{{fact:colour}}', 'teal', false, true],
    ['lte', '{{fact:budget}}', '50', true, false],
    ['gt', '{{fact:budget}}', '50', false, true],
  ] as const)(
    '%s compares after filling in facts (full vs guessed knowledge)',
    (op, left, right, withFacts, withGuesses) => {
      expect(conditionHolds({ op, left, right }, full)).toBe(withFacts);
      expect(conditionHolds({ op, left, right }, guessing)).toBe(withGuesses);
    },
  );

  it('an empty prefix never "starts" anything', () => {
    expect(conditionHolds({ op: 'startsWith', left: 'x', right: '' }, full)).toBe(false);
    expect(conditionHolds({ op: 'notStartsWith', left: 'x', right: '' }, full)).toBe(true);
  });

  it('resolvePlanStep skips a step whose condition fails', () => {
    const step: PlanStep = {
      role: 'r',
      action: { type: 'ask', question: 'budget {{fact:budget}}?' },
      when: { op: 'gt', left: '{{fact:budget}}', right: '50' },
    };
    expect(resolvePlanStep(step, full)).toBeNull();
    expect(resolvePlanStep(step, guessing)).toEqual({ type: 'ask', question: 'budget 100?' });
  });
});

describe('planActions on the notes fixture', () => {
  it('resolves every placeholder and keeps exactly one write branch', () => {
    for (let seed = 0; seed < 20; seed++) {
      const task = generateNotesTask(Rng.fromSeed(seed).fork('task'), seed);
      const actions = planActions(task);
      expect(JSON.stringify(actions)).not.toContain('{{fact:');
      expect(actions.filter((a) => a.type === 'tool' && a.tool === 'write_note')).toHaveLength(1);
      expect(actions[actions.length - 1]?.type).toBe('finish');
    }
  });

  it('the generator is a pure function of the rng', () => {
    const a = generateNotesTask(Rng.fromSeed(9), 9);
    const b = generateNotesTask(Rng.fromSeed(9), 9);
    expect(b).toEqual(a);
    expect(generateNotesTask(Rng.fromSeed(10), 10)).not.toEqual(a);
  });
});
