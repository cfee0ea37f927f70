/** The deploy console's logs: a service's changes and current errors as log lines. */
import * as z from 'zod';
import type { DeployState } from '../state.js';
import { problemsOf, runsBadVersion, serviceEntity } from '../state.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { findService, isOutcome, serviceArg } from './shared.js';

/** Most log lines one `logs` call returns. */
export const MAX_LOG_LINES = 50;

/** `logs`: the change log and current errors of a service since a tick. */
export const logs = defineTool({
  name: 'logs',
  description: `A service's log since a tick (content: one line per event): its deploys, config changes and rollbacks, then current errors. At most ${MAX_LOG_LINES} lines, newest last.`,
  args: z.strictObject({
    service: serviceArg,
    since: z.number().int().min(-100_000).default(-100_000).describe('only lines at or after this tick (default: all)'),
  }),
  readOnly: true,
  entity: (a) => serviceEntity(a.service),
  run(state: DeployState, args, ctx) {
    const s = findService(state, args.service);
    if (isOutcome(s)) return s;
    const lines: string[] = [];
    for (const e of state.log) {
      if (e.service !== s.name || e.tick < args.since) continue;
      lines.push(
        e.action === 'config'
          ? `[t=${e.tick}] config ${e.version} changed (${e.ticket})`
          : `[t=${e.tick}] ${e.action} ${e.version} (${e.ticket})`,
      );
    }
    for (const p of problemsOf(state, s, s.version)) lines.push(`[t=${ctx.clock}] ERROR ${p}`);
    if (runsBadVersion(s))
      lines.push(`[t=${ctx.clock}] WARN ${s.version} answered 500 to callers (unhandled exception in request handler)`);
    if (s.canary)
      for (const p of problemsOf(state, s, s.canary.version)) lines.push(`[t=${ctx.clock}] ERROR canary ${p}`);
    const shown = lines.slice(-MAX_LOG_LINES);
    return {
      ok: true,
      result: {
        service: s.name,
        lines: shown.length,
        truncated: lines.length > MAX_LOG_LINES,
        content: shown.join('\n'),
      },
      reads: [serviceEntity(s.name)],
    };
  },
});
