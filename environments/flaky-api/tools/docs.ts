/**
 * The document endpoints of the `flaky-api` world: the internal wiki and the governing policy,
 * which is authoritative where a wiki page disagrees with it.
 */
import * as z from 'zod';
import type { ApiState, Doc } from '../state.js';
import { own } from '../../../src/world/own.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { idArg, notFound } from './shared.js';

/** `docs_list`: the wiki pages and the policy (ids, titles, versions). */
export const docsList = defineTool({
  name: 'docs_list',
  description: 'List the documents of the internal wiki (ids, titles and versions), including the refund policy.',
  args: z.strictObject({}),
  readOnly: true,
  run(state: ApiState) {
    return {
      ok: true,
      result: {
        docs: Object.values(state.docs).map((d: Doc) => ({ id: d.id, title: d.title, version: d.version })),
        policy: state.policyId,
      },
    };
  },
});

/** `docs_get`: one wiki page. */
export const docsGet = defineTool({
  name: 'docs_get',
  description: 'Read a wiki document by id (see docs_list).',
  args: z.strictObject({ id: idArg('document id', 'refunds-faq') }),
  readOnly: true,
  run(state: ApiState, args) {
    const d = own(state.docs, args.id);
    if (!d) return notFound('document', args.id, `see docs_list for the ids (${Object.keys(state.docs).join(', ')})`);
    return { ok: true, result: { id: d.id, title: d.title, version: d.version, content: d.content }, reads: [d.id] };
  },
});

/** `policy_get`: the current, authoritative refund policy. */
export const policyGet = defineTool({
  name: 'policy_get',
  description:
    'Read the current governing policy (refunds, data retention, ...): the authoritative source for limits, thresholds and retention periods.',
  args: z.strictObject({}),
  readOnly: true,
  run(state: ApiState) {
    const d = own(state.docs, state.policyId) as Doc;
    return { ok: true, result: { id: d.id, title: d.title, version: d.version, content: d.content }, reads: [d.id] };
  },
});
