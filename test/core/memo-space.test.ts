/** MemoSpace: memos sharing one record per object behave as separate WeakMaps would. */
import { describe, expect, it } from 'vitest';
import { MemoSpace } from '../../src/core/memo-space.js';

describe('MemoSpace', () => {
  it('keeps each slot’s value per object, apart from the other slots and objects', () => {
    const space = new MemoSpace<object>();
    const counts = space.slot<number>();
    const names = space.slot<string>();
    const a = {};
    const b = {};
    expect(counts.get(a)).toBeUndefined();
    counts.set(a, 1);
    names.set(a, 'first');
    counts.set(b, 2);
    expect([counts.get(a), names.get(a), counts.get(b), names.get(b)]).toEqual([1, 'first', 2, undefined]);
    counts.set(a, 3);
    expect([counts.get(a), names.get(a)]).toEqual([3, 'first']);
  });

  it('forgets a value set to undefined, and leaves the other slots alone', () => {
    const space = new MemoSpace<object>();
    const parent = space.slot<object>();
    const depth = space.slot<number>();
    const key = {};
    parent.set(key, { up: true });
    depth.set(key, 4);
    parent.set(key, undefined);
    expect(parent.get(key)).toBeUndefined();
    expect(depth.get(key)).toBe(4);
    // Forgetting on an object never seen makes no record.
    parent.set({}, undefined);
  });

  it('serves a slot made after records exist', () => {
    const space = new MemoSpace<object>();
    const early = space.slot<number>();
    const key = {};
    early.set(key, 1);
    const late = space.slot<string>();
    expect(late.get(key)).toBeUndefined();
    late.set(key, 'late');
    expect([early.get(key), late.get(key)]).toEqual([1, 'late']);
  });

  it('keeps two spaces apart', () => {
    const one = new MemoSpace<object>().slot<number>();
    const two = new MemoSpace<object>().slot<number>();
    const key = {};
    one.set(key, 1);
    expect(two.get(key)).toBeUndefined();
  });
});

describe('MemoSpace.adopt', () => {
  it('holds an adopted object’s record in the object, hidden from keys, JSON and spread', () => {
    const space = new MemoSpace<{ content: string }>();
    const lines = space.slot<number>();
    const file = { content: 'a\nb' };
    space.adopt(file);
    lines.set(file, 2);
    expect(lines.get(file)).toBe(2);
    expect(Object.keys(file)).toEqual(['content']);
    expect(JSON.stringify(file)).toBe('{"content":"a\\nb"}');
    expect({ ...file }).toEqual({ content: 'a\nb' });
    expect(file).toEqual({ content: 'a\nb' });
    // Frozen afterwards, as states are: its record still takes values.
    Object.freeze(file);
    lines.set(file, 3);
    expect(lines.get(file)).toBe(3);
  });

  it('keeps the records of two spaces on one object apart', () => {
    const one = new MemoSpace<object>();
    const two = new MemoSpace<object>();
    const a = one.slot<string>();
    const b = two.slot<string>();
    const key = {};
    one.adopt(key);
    two.adopt(key);
    a.set(key, 'one');
    b.set(key, 'two');
    expect([a.get(key), b.get(key)]).toEqual(['one', 'two']);
  });
});
