/**
 * What the `flaky-api` tools share: the size limits of arguments, the argument schemas every
 * resource uses (ids, pages), and the helpers that page, sort and report a missing record, so every
 * endpoint pages and fails the same way.
 */
import * as z from 'zod';
import type { ToolOutcome } from '../../../src/team/world.js';
import type { ApiState } from '../state.js';
import { RECORD_MAP_MEMOS } from '../state.js';
import { fail } from '../../../src/world/fail.js';

/** Default page size of list endpoints. */
export const DEFAULT_PAGE_SIZE = 10;
/** Largest page size of list endpoints. */
export const MAX_PAGE_SIZE = 25;
/** Longest free-text field (reasons, notes, resolutions). */
export const MAX_TEXT_CHARS = 500;
/** Longest id or key argument. */
export const MAX_ID_CHARS = 80;

/** What every tool of this world returns. */
export type Outcome = ToolOutcome<ApiState>;

/** An id argument whose description shows an example, so agents see the id format. */
export const idArg = (what: string, example: string) =>
  z.string().min(1).max(MAX_ID_CHARS).describe(`${what}, e.g. "${example}"`);

/** The `page` and `pageSize` arguments of every list endpoint. */
export const pageArgs = {
  page: z.number().int().min(1).max(1000).default(1).describe('1-based page number'),
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`records per page (at most ${MAX_PAGE_SIZE})`),
};

/** Contact ids as both CRMs keep them (the id survives a migration). */
export const CONTACT_ID = /^C-\d{3,8}$/;
/** The id argument of the contact endpoints of both CRMs. */
export const contactId = idArg('contact id (kept when a contact moves between the CRMs)', 'C-10231');

/** One page of `items` (already filtered and sorted). */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  page: number,
  pageSize: number,
  filters: Record<string, unknown>,
): Outcome {
  const from = (page - 1) * pageSize;
  const slice = items.slice(from, from + pageSize);
  const hasMore = from + pageSize < items.length;
  return {
    ok: true,
    result: {
      items: slice,
      page,
      pageSize,
      total: items.length,
      hasMore,
      nextPage: hasMore ? page + 1 : null,
      filters,
    },
    reads: slice.map((r) => r.id),
  };
}

// Keyed by the (immutable) record map, so a state that did not change a service reuses its sort.
const sortedCache = RECORD_MAP_MEMOS.slot<readonly unknown[]>();

/** Records of a service sorted by id (insertion order is id order; sorting is a safeguard). */
export function sorted<T extends { id: string }>(records: Readonly<Record<string, T>>): readonly T[] {
  let out = sortedCache.get(records) as readonly T[] | undefined;
  if (!out) {
    out = Object.values(records).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    sortedCache.set(records, out);
  }
  return out;
}

/** The `not_found` error of a missing record, with a hint on where to find valid ids. */
export function notFound(kind: string, id: string, hint: string): Outcome {
  return fail('not_found', `no ${kind} "${id}"; ${hint}`);
}
