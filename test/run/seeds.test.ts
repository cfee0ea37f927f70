import { describe, expect, it } from 'vitest';
import { parseSeedList } from '../../src/run/seeds.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

describe('parseSeedList', () => {
  it('expands inclusive ranges and lists, sorted and deduplicated', () => {
    expect(parseSeedList('0-4')).toEqual([0, 1, 2, 3, 4]);
    expect(parseSeedList('9,3,3,1-2')).toEqual([1, 2, 3, 9]);
    expect(parseSeedList(' 7 ')).toEqual([7]);
  });

  it('names the flag, the value and the fix on bad input', () => {
    for (const bad of ['', 'a-b', '5-2', '-1', '1.5', '4294967296']) {
      expect(() => parseSeedList(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => parseSeedList('5-2')).toThrow(/--seeds.*"5-2".*2-5/);
  });
});
