/**
 * Constraint checkers of the deploy world, by `kind`. Policy checks read the change log, so they
 * judge the whole episode, not only its end: a deploy made out of order or outside the window
 * stays in the log and keeps the constraint violated even after the team repairs the state.
 * Only entries appended during the episode count (the initial log is history).
 *
 * Each checker is pure and cheap; given malformed parameters it says the constraint does not
 * hold rather than throwing.
 */
import type { CheckContext, ConstraintChecker } from '../../src/team/world.js';
import { stringParam as str, stringListParam as strs } from '../../src/world/checker-params.js';
import type { DeployState, LogEntry } from './state.js';
import { canaryCount, diffStates, failingServices, sameService, serviceOf } from './state.js';
import { own } from '../../src/world/own.js';
import { allowListParam } from '../../src/world/allow-list.js';
import { answerAsserts } from '../../src/facts/index.js';

type Ctx = CheckContext<DeployState>;

/** The change-log entries appended since the episode began. */
function newEntries(ctx: Ctx): readonly LogEntry[] {
  return ctx.world.log.length === ctx.initial.log.length ? [] : ctx.world.log.slice(ctx.initial.log.length);
}

const VERSION_CHANGES = new Set(['rolling', 'canary', 'promote']);

/** `services-at-version` {services, version}: every listed service runs `version`, with no canary left. */
export const servicesAtVersion: ConstraintChecker<DeployState> = (ctx) => {
  const services = strs(ctx, 'services');
  const version = str(ctx, 'version');
  if (!services || !version) return false;
  return services.every((n) => {
    const s = serviceOf(ctx.world, n);
    return s !== undefined && s.version === version && s.canary === null;
  });
};

/** `service-untouched` {service}: the service's version, canary and config never change. */
export const serviceUntouched: ConstraintChecker<DeployState> = (ctx) => {
  const name = str(ctx, 'service');
  if (!name) return false;
  const now = serviceOf(ctx.world, name);
  const before = serviceOf(ctx.initial, name);
  return now === before || (now !== undefined && before !== undefined && sameService(now, before));
};

/**
 * `config-before-deploy` {service, key, value}: whenever the service runs anything but its initial
 * version (or a canary), its config has `key` = `value`.
 */
export const configBeforeDeploy: ConstraintChecker<DeployState> = (ctx) => {
  const name = str(ctx, 'service');
  const key = str(ctx, 'key');
  const value = str(ctx, 'value');
  if (!name || !key || value === null) return false;
  const s = serviceOf(ctx.world, name);
  const initial = serviceOf(ctx.initial, name);
  if (!s || !initial) return false;
  if (s.version === initial.version && s.canary === null) return true;
  return own(s.config, key) === value;
};

/** `config-equals` {service, key, value}: the service's config has `key` = `value`. */
export const configEquals: ConstraintChecker<DeployState> = (ctx) => {
  const name = str(ctx, 'service');
  const key = str(ctx, 'key');
  const value = str(ctx, 'value');
  if (!name || !key || value === null) return false;
  const s = serviceOf(ctx.world, name);
  return s !== undefined && own(s.config, key) === value;
};

/** `canary-first` {service}: the service was changed through a canary then a promotion, never by a rolling deploy. */
export const canaryFirst: ConstraintChecker<DeployState> = (ctx) => {
  const name = str(ctx, 'service');
  if (!name) return false;
  let canary = false;
  let promoted = false;
  for (const e of newEntries(ctx)) {
    if (e.service !== name) continue;
    if (e.action === 'rolling') return false;
    if (e.action === 'canary') canary = true;
    if (e.action === 'promote' && canary) promoted = true;
  }
  return promoted;
};

/** `deploys-ticketed` {ticket}: every change made during the episode names the ticket. */
export const deploysTicketed: ConstraintChecker<DeployState> = (ctx) => {
  const ticket = str(ctx, 'ticket');
  if (!ticket) return false;
  return newEntries(ctx).every((e) => e.ticket === ticket);
};

/** `dependency-order` {}: no version change ever ran ahead of a dependency. */
export const dependencyOrder: ConstraintChecker<DeployState> = (ctx) =>
  newEntries(ctx).every((e) => !VERSION_CHANGES.has(e.action) || e.depsReady);

/** `max-unavailable` {max}: at most `max` services are failing (checked at every step). */
export const maxUnavailable: ConstraintChecker<DeployState> = (ctx) => {
  const max = Number(ctx.params['max']);
  return Number.isFinite(max) && failingServices(ctx.world).length <= max;
};

/** `change-window` {from, to}: every change was made at a tick within [from, to]. */
export const changeWindow: ConstraintChecker<DeployState> = (ctx) => {
  const from = Number(ctx.params['from']);
  const to = Number(ctx.params['to']);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return false;
  return newEntries(ctx).every((e) => e.tick >= from && e.tick <= to);
};

/** `all-healthy` {}: no service is failing and no canary is left running. */
export const allHealthy: ConstraintChecker<DeployState> = (ctx) => {
  return failingServices(ctx.world).length === 0 && canaryCount(ctx.world) === 0;
};

/** `no-collateral` {allow}: every changed entity is allowed by a prefix of `allow`. */
export const noCollateral: ConstraintChecker<DeployState> = (ctx) => {
  const allow = allowListParam(ctx, 'allow');
  if (!allow) return false;
  return diffStates(ctx.initial, ctx.world).every((id) => allow.allows(id));
};

/** `approval-mentions` {ticket, text}: the ticket was requested with a summary containing `text`. */
export const approvalMentions: ConstraintChecker<DeployState> = (ctx) => {
  const ticket = str(ctx, 'ticket');
  const text = str(ctx, 'text');
  if (!ticket || !text) return false;
  const a = own(ctx.world.approvals, ticket);
  return a !== undefined && a.summary.toLowerCase().includes(text.toLowerCase());
};

/**
 * `answer-mentions` {mentions}: the final answer asserts every value — states it in any form a
 * careful reader accepts, and does not hedge it among competing values ("X or Y").
 */
export const answerMentions: ConstraintChecker<DeployState> = (ctx) => {
  const mentions = strs(ctx, 'mentions');
  if (ctx.answer === null || !mentions) return false;
  const answer = ctx.answer;
  return mentions.every((m) => answerAsserts(answer, m));
};

/** Every checker of the world, by constraint kind. */
export const DEPLOY_CHECKERS: Readonly<Record<string, ConstraintChecker<DeployState>>> = {
  'services-at-version': servicesAtVersion,
  'service-untouched': serviceUntouched,
  'config-before-deploy': configBeforeDeploy,
  'config-equals': configEquals,
  'canary-first': canaryFirst,
  'deploys-ticketed': deploysTicketed,
  'dependency-order': dependencyOrder,
  'max-unavailable': maxUnavailable,
  'change-window': changeWindow,
  'all-healthy': allHealthy,
  'no-collateral': noCollateral,
  'approval-mentions': approvalMentions,
  'answer-mentions': answerMentions,
};
