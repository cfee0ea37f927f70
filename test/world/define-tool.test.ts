import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { defineTool } from '../../src/world/define-tool.js';
import { fail } from '../../src/world/fail.js';
import { own } from '../../src/world/own.js';
import { toolDefinition } from '../../src/team/tool-definitions.js';
import type { ToolContext, ToolSpec } from '../../src/team/world.js';

interface Shelf {
  readonly books: Readonly<Record<string, string>>;
}

const ctx: ToolContext = { role: 'executor', clock: 0, step: 0 };

const readBook = defineTool({
  name: 'read_book',
  description: 'Read a book by title.',
  args: z.strictObject({
    title: z.string().min(1).describe('the title'),
    page: z.number().int().min(1).default(1).describe('the page'),
  }),
  readOnly: true,
  entity: (args) => `book/${args.title}`,
  run(state: Shelf, args) {
    const text = own(state.books, args.title);
    if (text === undefined) return fail('not_found', `no book "${args.title}"; list the shelf first`);
    return { ok: true, result: { text, page: args.page }, reads: [args.title] };
  },
});

describe('defineTool', () => {
  it('infers the argument type from the schema (defaults applied) and the state from run', () => {
    expectTypeOf(readBook).toEqualTypeOf<ToolSpec<Shelf, { title: string; page: number }>>();
  });

  it('keeps the schema, so validation and the JSON Schema come from it', () => {
    expect(readBook.args.parse({ title: 'Dune' })).toEqual({ title: 'Dune', page: 1 });
    expect(readBook.args.safeParse({ title: 'Dune', extra: 1 }).success).toBe(false);
    const def = toolDefinition(readBook);
    expect(def).toMatchObject({ name: 'read_book', readOnly: true, parameters: { type: 'object' } });
    expect(Object.keys((def.parameters as { properties: object }).properties)).toEqual(['title', 'page']);
  });

  it('runs, addresses its entity, and fails with a code and a hint', () => {
    const shelf: Shelf = { books: { Dune: 'Arrakis' } };
    expect(readBook.run(shelf, { title: 'Dune', page: 2 }, ctx)).toEqual({
      ok: true,
      result: { text: 'Arrakis', page: 2 },
      reads: ['Dune'],
    });
    expect(readBook.entity?.({ title: 'Dune', page: 1 })).toBe('book/Dune');
    expect(readBook.run(shelf, { title: 'toString', page: 1 }, ctx).error?.code).toBe('not_found');
  });

  it('defaults readOnly to false and leaves entity unset when not given', () => {
    const tool = defineTool({
      name: 'shelve',
      description: 'Shelve a book.',
      args: z.strictObject({ title: z.string() }),
      run: (state: Shelf, args) => ({ ok: true, world: { books: { ...state.books, [args.title]: '' } } }),
    });
    expect(tool.readOnly).toBe(false);
    expect('entity' in tool).toBe(false);
  });

  it('refuses a bad name or non-object arguments with the fix', () => {
    const run = () => ({ ok: true });
    expect(() => defineTool({ name: 'Read Book', description: '', args: z.strictObject({}), run })).toThrow(
      /name "Read Book" is not a tool name.*e\.g\. "open_page"/,
    );
    const notAnObject = z.string() as unknown as z.ZodType<Record<string, unknown>>;
    expect(() => defineTool({ name: 'read', description: '', args: notAnObject, run })).toThrow(
      /args must be a zod object schema.*z\.strictObject/,
    );
  });
});

describe('fail', () => {
  it('is a failed outcome with a code, a message and optional detail', () => {
    expect(fail('limit', 'slow down')).toEqual({ ok: false, error: { code: 'limit', message: 'slow down' } });
    expect(fail('limit', 'slow down', { retryAfter: 3 })).toEqual({
      ok: false,
      error: { code: 'limit', message: 'slow down', detail: { retryAfter: 3 } },
    });
  });
});

describe('own', () => {
  it('reads own properties only', () => {
    const record: Record<string, number> = { a: 1 };
    expect(own(record, 'a')).toBe(1);
    expect(own(record, 'toString')).toBeUndefined();
    expect(own(record, '__proto__')).toBeUndefined();
  });
});
