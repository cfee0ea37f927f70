/** `textMemo`: a bounded memo of a pure function of a string. */
import { describe, expect, it } from 'vitest';
import { textMemo } from '../../src/core/text-memo.js';

describe('textMemo', () => {
  it('computes each text once and returns the remembered value, null and undefined included', () => {
    const calls: string[] = [];
    const memo = textMemo((text) => {
      calls.push(text);
      return text === 'none' ? undefined : text === 'null' ? null : { length: text.length };
    }, 10);
    const first = memo('abc');
    expect(memo('abc')).toBe(first);
    expect(first).toEqual({ length: 3 });
    expect(memo('none')).toBeUndefined();
    expect(memo('none')).toBeUndefined();
    expect(memo('null')).toBeNull();
    expect(memo('null')).toBeNull();
    expect(calls).toEqual(['abc', 'none', 'null']);
  });

  it('starts over once it holds `limit` texts, so it never grows past the limit', () => {
    const calls: string[] = [];
    const memo = textMemo((text) => {
      calls.push(text);
      return text.toUpperCase();
    }, 2);
    memo('a');
    memo('b');
    memo('c'); // full: forgets a and b, keeps c
    memo('c');
    memo('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
