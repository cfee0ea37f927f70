/**
 * What the deploy console's tools share: the service and ticket arguments, and the checks every
 * change goes through (a known service, a granted ticket, room in the change log), so every tool
 * refuses a change the same way.
 */
import * as z from 'zod';
import type { ToolOutcome } from '../../../src/team/world.js';
import type { ChangeAction, DeployState, Service } from '../state.js';
import { MAX_LOG_ENTRIES, failingServices, granted, serviceNames, serviceOf } from '../state.js';
import { own } from '../../../src/world/own.js';
import { fail } from '../../../src/world/fail.js';

/** What every tool of this world returns. */
export type Outcome = ToolOutcome<DeployState>;

/** The `service` argument of the tools that address one service. */
export const serviceArg = z.string().min(1).max(60).describe('service name, e.g. "cart-api" (see list_services)');
/** The `ticket` argument of every change: the change ticket it is made under. */
export const ticketArg = z.string().min(1).max(40).describe('change ticket id, e.g. "CHG-48213"');

/** Most service names an `unknown_service` error lists (a grown stack holds thousands). */
export const MAX_NAMES_LISTED = 40;

/** The service called `name`, or the `unknown_service` error listing the known ones (the first {@link MAX_NAMES_LISTED}). */
export function findService(state: DeployState, name: string): Service | Outcome {
  const s = serviceOf(state, name);
  if (s) return s;
  const names = serviceNames(state);
  const listed = names.slice(0, MAX_NAMES_LISTED);
  const more = names.length - listed.length;
  return fail(
    'unknown_service',
    `no service "${name}"; known services: ${listed.join(', ')}${more > 0 ? ` and ${more} more (see list_services)` : ''}`,
  );
}

/**
 * Services per page of `list_services` and `metrics`: more than a stack of the families' own size
 * holds, so only a stack grown by a world size is paged.
 */
export const SERVICES_PAGE_SIZE = 50;
/** Largest page size of `list_services` and `metrics`. */
export const MAX_SERVICES_PAGE_SIZE = 200;

/** The `page` and `pageSize` arguments of the tools that list services. */
export const servicePageArgs = {
  page: z.number().int().min(1).max(10_000).default(1).describe('1-based page number (default 1)'),
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(MAX_SERVICES_PAGE_SIZE)
    .default(SERVICES_PAGE_SIZE)
    .describe(`services per page (default ${SERVICES_PAGE_SIZE}, at most ${MAX_SERVICES_PAGE_SIZE})`),
};

/** One page of a state's services, by name. */
export interface ServicePage {
  /** The names on the page, sorted. */
  readonly names: readonly string[];
  /**
   * What a result adds when the services do not fit on one page (or a later page was asked for):
   * the page, the total and the next page (null on the last). Absent otherwise, so a stack that
   * fits on one page lists exactly as it always has.
   */
  readonly paging: { readonly page: number; readonly total: number; readonly nextPage: number | null } | null;
}

/** The names on page `page` of `state`'s services (sorted by name), `pageSize` per page. */
export function servicePage(state: DeployState, page: number, pageSize: number): ServicePage {
  const all = serviceNames(state);
  if (page === 1 && all.length <= pageSize) return { names: all, paging: null };
  const from = (page - 1) * pageSize;
  const names = all.slice(from, from + pageSize);
  return { names, paging: { page, total: all.length, nextPage: from + pageSize < all.length ? page + 1 : null } };
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
