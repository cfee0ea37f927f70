/**
 * Scripted receivers read a value stated by name in prose: the value they know in any form, or a
 * new one of the same kind (a changed requirement passed on in free text) — and never what a
 * dropped field left behind.
 */
import { describe, expect, it } from 'vitest';
import { factsFromInbox, namedValues } from '../../agents/knowledge.js';
import type { InboxMessage } from '../../src/public/env.js';

const facts = [
  { id: 'releaseVersion', value: 'v4.9.0', description: 'the release version', guess: '' },
  { id: 'maxWords', value: '49', description: 'the word limit', guess: '' },
  { id: 'resolutionCode', value: 'TWICE-BILLED-FIXED', description: 'the resolution code', guess: '' },
];

describe('namedValues', () => {
  it('reads the known value in any form, and a new value of the same kind as written', () => {
    const read = namedValues(facts, 'Redo it. release version: v5.0.0. max words: forty-nine.');
    expect(read.get('releaseVersion')).toBe('v5.0.0');
    expect(read.get('maxWords')).toBe('49');
  });

  it('ignores what a fault left of a statement', () => {
    expect(namedValues(facts, 'resolution code: ``. max words: .').size).toBe(0);
  });
});

describe('factsFromInbox', () => {
  it('a newer named value replaces the one the brief gave', () => {
    const inbox: InboxMessage[] = [
      { from: 'planner', step: 3, message: 'Release v4.9.0, at most 49 words.' },
      { from: 'planner', step: 9, message: { text: 'The user changed a requirement. max words: 39.', redo: [4] } },
    ];
    const known = factsFromInbox(facts, inbox);
    expect(known.get('releaseVersion')).toBe('v4.9.0');
    expect(known.get('maxWords')).toBe('39');
  });
});
