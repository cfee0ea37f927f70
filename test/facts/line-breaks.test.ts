/**
 * What qualifies a number — a clock time's meridiem and zone, a scale word — is read on the
 * number's own line: a value that ends a line is not turned into another by the word that starts
 * the next one.
 */
import { describe, expect, it } from 'vitest';
import { mentionsFact } from '../../src/facts/index.js';

describe('a number at a line break', () => {
  it('has its am/pm and zone read after the hour on its line', () => {
    expect(mentionsFact('the call is at 2:30 pm', '14:30')).toBe(true);
    expect(mentionsFact('the call is at 2pm', '14:00')).toBe(true);
    expect(mentionsFact('the call is at 2:30 UTC', '2:30 UTC')).toBe(true);
  });

  it('is not made a clock time by the next line', () => {
    // The shrunk counterexample of the corpus property: "£1" on its own line, "pm" starting the next.
    expect(mentionsFact('\n£1\npm', '£1')).toBe(true);
    expect(mentionsFact('fee\n£12\nam', '£12')).toBe(true);
    expect(mentionsFact('at 2:30\npm', '14:30')).toBe(false);
    expect(mentionsFact('at 2:30\npm', '2:30')).toBe(true);
    expect(mentionsFact('at 2:30\r\npm', '14:30')).toBe(false);
  });

  it('is not scaled by a word on the next line', () => {
    expect(mentionsFact('raised 3 million', '3000000')).toBe(true);
    expect(mentionsFact('\n$5\nmillion users', '$5')).toBe(true);
    expect(mentionsFact('\n7\nthousand', '7')).toBe(true);
    expect(mentionsFact('\n7\nthousand', '7000')).toBe(false);
  });
});
