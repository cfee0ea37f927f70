/**
 * A clock time's meridiem and zone are read on the hour's own line: a value that ends a line is
 * not turned into a time by the word that starts the next one.
 */
import { describe, expect, it } from 'vitest';
import { mentionsFact } from '../../src/facts/index.js';

describe('clock times', () => {
  it('read "pm" and a zone after the hour on its line', () => {
    expect(mentionsFact('the call is at 2:30 pm', '14:30')).toBe(true);
    expect(mentionsFact('the call is at 2pm', '14:00')).toBe(true);
    expect(mentionsFact('the call is at 2:30 UTC', '2:30 UTC')).toBe(true);
  });

  it('do not reach across a line break for them', () => {
    // The shrunk counterexample of the corpus property: "£1" on its own line, "pm" starting the next.
    expect(mentionsFact('\n£1\npm', '£1')).toBe(true);
    expect(mentionsFact('fee\n£12\nam', '£12')).toBe(true);
    expect(mentionsFact('at 2:30\npm', '14:30')).toBe(false);
    expect(mentionsFact('at 2:30\npm', '2:30')).toBe(true);
    expect(mentionsFact('at 2:30\r\npm', '14:30')).toBe(false);
  });
});
