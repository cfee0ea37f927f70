/**
 * What the deploy console's tools share: the service and ticket arguments, and the checks every
 * change goes through (a known service, a granted ticket, room in the change log), so every tool
 * refuses a change the same way.
 */
import * as z from 'zod';
import type { ToolOutcome } from '../../../src/team/world.js';
import type { ChangeAction, DeployState, Service } from '../state.js';
import { MAX_LOG_ENTRIES, failingServices, granted } from '../state.js';
import { own } from '../../../src/world/own.js';
import { fail } from '../../../src/world/fail.js';

/** What every tool of this world returns. */
export type Outcome = ToolOutcome<DeployState>;

/** The `service` argument of the tools that address one service. */
export const serviceArg = z.string().min(1).max(60).describe('service name, e.g. "cart-api" (see list_services)');
/** The `ticket` argument of every change: the change ticket it is made under. */
export const ticketArg = z.string().min(1).max(40).describe('change ticket id, e.g. "CHG-48213"');

/** The service called `name`, or the `unknown_service` error listing the known ones. */
export function findService(state: DeployState, name: string): Service | Outcome {
  const s = own(state.services, name);
  if (s) return s;
  const names = Object.keys(state.services).sort();
  return fail('unknown_service', `no service "${name}"; known services: ${names.join(', ')}`);
}

/** Whether a helper's answer is an outcome to return as is (an error) rather than a value. */
export function isOutcome(value: object): value is Outcome {
  return 'ok' in value;
}

/** Checks a ticket for a change at `clock`: it must be requested and granted. */
export function checkTicket(state: DeployState, ticket: string, clock: number): Outcome | null {
  const a = own(state.approvals, ticket);
  if (!a)
    return fail(
      'not_approved',
      `change ticket ${ticket} has no approval; call request_approval first (the change policy requires an approved ticket for every change)`,
    );
  if (!granted(a, clock)) {
    const retryAfter = a.requestedAt + a.delay - clock;
    return fail(
      'approval_pending',
      `change ticket ${ticket} is still awaiting approval by ${a.approver}; retry after ${retryAfter} ticks (check get_approvals)`,
      { retryAfter },
    );
  }
  return null;
}

/** Appends a change-log entry, or explains that the log is full. */
export function logged(
  state: DeployState,
  action: ChangeAction,
  service: string,
  version: string,
  ticket: string,
  depsReady: boolean,
  clock: number,
): DeployState | Outcome {
  if (state.log.length >= MAX_LOG_ENTRIES)
    return fail(
      'log_full',
      `the change log holds ${MAX_LOG_ENTRIES} entries; no more changes are accepted in this episode`,
    );
  const unavailable = failingServices(state).length;
  return { ...state, log: [...state.log, { tick: clock, action, service, version, ticket, depsReady, unavailable }] };
}
