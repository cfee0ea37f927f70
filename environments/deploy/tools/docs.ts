/**
 * The deploy console's documents: the change policy, release notes and runbook, and the release
 * manifest, which is authoritative over the release notes.
 */
import * as z from 'zod';
import type { DeployState } from '../state.js';
import { RELEASE_ENTITY, docEntity } from '../state.js';
import { own } from '../../../src/world/own.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { fail } from '../../../src/world/fail.js';

/** `read_doc`: a document (change policy, release notes, runbook). */
export const readDoc = defineTool({
  name: 'read_doc',
  description:
    'Read a document by name: "change-policy" (maintenance window, unavailability limit, approvals), "release-notes", "runbook".',
  args: z.strictObject({ name: z.string().min(1).max(60).describe('document name, e.g. "change-policy"') }),
  readOnly: true,
  entity: (a) => docEntity(a.name),
  run(state: DeployState, args) {
    const content = own(state.docs, args.name);
    if (content === undefined) {
      const names = Object.keys(state.docs).sort();
      return fail('not_found', `no document "${args.name}"; documents: ${names.join(', ')}`);
    }
    return { ok: true, result: { name: args.name, content }, reads: [docEntity(args.name)] };
  },
});

/** `get_release`: the release manifest (the authoritative source of the release version). */
export const getRelease = defineTool({
  name: 'get_release',
  description:
    'Read the release manifest: the version being released and the services it covers. It is authoritative over the release notes.',
  args: z.strictObject({}),
  readOnly: true,
  run(state: DeployState) {
    return {
      ok: true,
      result: { name: 'release-manifest', content: `${JSON.stringify(state.release, null, 2)}\n` },
      reads: [RELEASE_ENTITY],
    };
  },
});
