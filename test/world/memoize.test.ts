/**
 * The memo of generated tasks hands every episode of a seed the same task, so the task must be
 * frozen all the way down: plain objects and arrays by its own walk, anything else (a Map in a
 * family of one's own) by immer, which also makes a Map refuse changes.
 */
import { describe, expect, it } from 'vitest';
import { memoizeGenerator } from '../../src/world/memoize.js';
import { Rng } from '../../src/core/rng.js';
import type { Task } from '../../src/team/world.js';

/** A task-shaped value: only what the memo does with it matters here. */
function taskOf(value: Record<string, unknown>): Task<unknown> {
  return value as unknown as Task<unknown>;
}

describe('memoizeGenerator', () => {
  it('freezes a generated task all the way down and hands the same object to the same seed', () => {
    let calls = 0;
    const generate = memoizeGenerator((rng) => {
      calls++;
      return taskOf({
        id: `t${rng.int(0, 1000)}`,
        facts: [{ id: 'f', value: 'v', nested: { list: [1, { deep: 'x' }] } }],
        world: { files: { 'src/a.ts': 'export const a = 1;\n' } },
      });
    });
    const task = generate(Rng.fromSeed(7), 7) as unknown as Record<string, unknown>;
    const facts = task['facts'] as { nested: { list: [number, { deep: string }] } }[];
    for (const part of [task, facts, facts[0], facts[0]!.nested, facts[0]!.nested.list, facts[0]!.nested.list[1]])
      expect(Object.isFrozen(part)).toBe(true);
    const files = (task['world'] as { files: Record<string, string> }).files;
    expect(Object.isFrozen(files)).toBe(true);
    expect(() => {
      files['src/a.ts'] = 'changed';
    }).toThrow(TypeError);
    expect(generate(Rng.fromSeed(7), 7)).toBe(task);
    expect(calls).toBe(1);
  });

  it('freezes what is not plain data the way immer does: a Map refuses changes, its values are frozen', () => {
    const generate = memoizeGenerator(() =>
      taskOf({ id: 't', index: new Map([['a', { path: 'src/a.ts' }]]), list: [new Map([['b', [1]]])] }),
    );
    const task = generate(Rng.fromSeed(1), 1) as unknown as {
      index: Map<string, object>;
      list: Map<string, number[]>[];
    };
    expect(Object.isFrozen(task.index)).toBe(true);
    expect(() => task.index.set('c', {})).toThrow();
    expect(Object.isFrozen(task.index.get('a'))).toBe(true);
    expect(() => task.list[0]!.clear()).toThrow();
    expect(Object.isFrozen(task.list[0]!.get('b'))).toBe(true);
  });
});
