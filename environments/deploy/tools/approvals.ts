/**
 * The deploy console's approvals: request approval of a change ticket, which the approver grants
 * a few ticks later, and see which tickets are granted yet.
 */
import * as z from 'zod';
import type { DeployState } from '../state.js';
import { MAX_APPROVALS, approvalEntity, granted } from '../state.js';
import { own } from '../../../src/world/own.js';
import { defineTool } from '../../../src/world/define-tool.js';
import { fail } from '../../../src/world/fail.js';
import { ticketArg } from './shared.js';

/** The form of a change ticket id. */
const TICKET = /^CHG-\d{4,6}$/;

/** `request_approval`: asks for approval of a change ticket (granted after a delay). */
export const requestApproval = defineTool({
  name: 'request_approval',
  description:
    'Request approval of a change ticket. Approval arrives a few ticks later; check get_approvals before deploying under it.',
  args: z.strictObject({ ticket: ticketArg, summary: z.string().min(1).max(300).describe('what the change does') }),
  readOnly: false,
  entity: (a) => approvalEntity(a.ticket),
  run(state: DeployState, args, ctx) {
    if (!TICKET.test(args.ticket))
      return fail('invalid_ticket', `"${args.ticket}" is not a change ticket id; use the form CHG-12345`);
    const existing = own(state.approvals, args.ticket);
    if (existing)
      return {
        ok: true,
        result: {
          ticket: args.ticket,
          status: granted(existing, ctx.clock) ? 'approved' : 'pending',
          alreadyRequested: true,
        },
        reads: [approvalEntity(args.ticket)],
      };
    if (Object.keys(state.approvals).length >= MAX_APPROVALS)
      return fail('limit', `at most ${MAX_APPROVALS} approvals may be requested`);
    const approver = state.approver;
    const approval = {
      ticket: args.ticket,
      summary: args.summary,
      requestedAt: ctx.clock,
      delay: state.approvalDelay,
      approver,
    };
    return {
      ok: true,
      result: { ticket: args.ticket, status: 'pending', approver, expectedIn: state.approvalDelay },
      world: { ...state, approvals: { ...state.approvals, [args.ticket]: approval } },
      writes: [approvalEntity(args.ticket)],
    };
  },
});

/** `get_approvals`: every requested ticket and whether it is approved yet. */
export const getApprovals = defineTool({
  name: 'get_approvals',
  description: 'List the requested change tickets with their status (pending or approved) and approver.',
  args: z.strictObject({}),
  readOnly: true,
  run(state: DeployState, _args, ctx) {
    const tickets = Object.keys(state.approvals).sort();
    const approvals = tickets.map((t) => {
      const a = state.approvals[t] as (typeof state.approvals)[string];
      return {
        ticket: t,
        summary: a.summary,
        status: granted(a, ctx.clock) ? 'approved' : 'pending',
        approver: a.approver,
      };
    });
    return { ok: true, result: { approvals }, reads: tickets.map(approvalEntity) };
  },
});
