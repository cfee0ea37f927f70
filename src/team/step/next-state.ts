/**
 * Building the next team state without drafts. A step changes a handful of fields of the state
 * and of one or two roles; spreading those objects costs a few allocations, where immer's
 * `produce` proxies the state and walks every new value it finds on the way out (a quarter of a
 * step's time). The result is the same frozen, structurally shared value: every object this
 * module creates is frozen, and new values put into the state (a tool's world and result, an
 * agent's message) are deep-frozen down to the parts that already were, which is what agents rely
 * on — nothing they receive can be changed in place.
 */
import { deepFreeze } from '../../core/deep-freeze.js';
import type { InboxMessage, RoleState, TeamState } from '../state.js';
import { INBOX_LIMIT } from '../state.js';
import { FaultlineError } from '../../core/errors.js';

/** The fields of a state a step may replace. */
export type StatePatch<W> = { -readonly [K in keyof TeamState<W>]?: TeamState<W>[K] };

/** The fields of a role a step may replace. */
export type RolePatch = { -readonly [K in keyof RoleState]?: RoleState[K] };

/**
 * A state every step starts from: `state` itself when it is frozen, which every state this
 * module builds is all the way down; deep-frozen otherwise. A state restored from a snapshot that
 * went through JSON or a structured clone is not frozen at all, so the envelope tells. (A state
 * frozen by hand at its top only is taken as built here; whatever of it reaches an agent is
 * deep-frozen again by the observation.)
 */
export function frozenState<W>(state: TeamState<W>): TeamState<W> {
  return Object.isFrozen(state) ? state : deepFreeze(state);
}

/**
 * `fields` with `patch` applied, frozen, the patch's values deep-frozen. Only the patch is walked:
 * `fields` copies a state's part, frozen all the way down ({@link frozenState}), so its other
 * values are already frozen and walking them again was a tenth of a step.
 */
function patched<T extends object>(fields: T, patch: object): T {
  for (const key of Object.keys(patch)) deepFreeze((patch as Record<string, unknown>)[key]);
  return Object.freeze(Object.assign(fields, patch));
}

/**
 * Every field of `T` but the optional ones named, writable and required: the type of a copy's
 * literal, so that a field added to `T` fails to compile until the copy writes it.
 */
type EveryField<T, Optional extends keyof T> = { -readonly [K in Exclude<keyof T, Optional>]-?: T[K] } & {
  -readonly [K in Optional]?: T[K];
};

/**
 * An unfrozen copy of a state's fields, written as a literal: V8 copies a frozen object (spread,
 * `Object.assign`) one field at a time, about 15 ns each, against one step for a literal.
 */
function stateFields<W>(s: TeamState<W>): StatePatch<W> {
  const fields: EveryField<TeamState<W>, 'breaches'> = {
    rng: s.rng,
    t: s.t,
    envId: s.envId,
    task: s.task,
    world: s.world,
    clock: s.clock,
    active: s.active,
    roles: s.roles,
    ledger: s.ledger,
    finished: s.finished,
    counters: s.counters,
    faults: s.faults,
    atReset: s.atReset,
  };
  if (s.breaches !== undefined) fields.breaches = s.breaches;
  return fields;
}

/** An unfrozen copy of a role's fields (see {@link stateFields}). */
function roleFields(r: RoleState): RolePatch {
  const fields: EveryField<RoleState, 'restarted'> = {
    inbox: r.inbox,
    last: r.last,
    known: r.known,
    actions: r.actions,
  };
  if ('restarted' in r) fields.restarted = r.restarted;
  return fields;
}

/**
 * The state with `patch` applied: a new frozen envelope sharing every field the patch leaves
 * alone, the patched values deep-frozen (already frozen parts are skipped, so this costs what is
 * new, not the size of the world). `state` must be frozen all the way down ({@link frozenState}).
 */
export function nextState<W>(state: TeamState<W>, patch: StatePatch<W>): TeamState<W> {
  return patched(stateFields(state), patch) as TeamState<W>;
}

/** The role `id` of `state`; every acting or addressed role has one from reset on. */
export function roleOf(state: TeamState<unknown>, id: string): RoleState {
  const r = Object.hasOwn(state.roles, id) ? state.roles[id] : undefined;
  if (!r)
    throw new FaultlineError(`The team state has no role "${id}" (roles: ${Object.keys(state.roles).join(', ')}).`);
  return r;
}

/** A role (of a frozen state) with `patch` applied, frozen (patched values deep-frozen). */
export function nextRole(role: RoleState, patch: RolePatch): RoleState {
  return patched(roleFields(role), patch) as RoleState;
}

/** The roles map with the given roles replaced (frozen). */
export function withRoles(
  roles: Readonly<Record<string, RoleState>>,
  changed: Readonly<Record<string, RoleState>>,
): Readonly<Record<string, RoleState>> {
  return patched({ ...roles }, changed);
}

/**
 * A role after a message arrives: the message appended to its inbox (keeping the newest
 * {@link INBOX_LIMIT}) and the facts it carried marked as known. How both handoffs and the user's
 * messages arrive.
 */
export function delivered(role: RoleState, message: InboxMessage, carried: readonly string[]): RoleState {
  const inbox = [...role.inbox, message];
  if (inbox.length > INBOX_LIMIT) inbox.splice(0, inbox.length - INBOX_LIMIT);
  return nextRole(role, { inbox, known: withFacts(role.known, carried) });
}

/** `known` with the facts of `added` it lacks appended, in order (the same array when none is new). */
export function withFacts(known: readonly string[], added: readonly string[]): readonly string[] {
  let out: string[] | null = null;
  for (const f of added) {
    if ((out ?? known).includes(f)) continue;
    out ??= [...known];
    out.push(f);
  }
  return out ?? known;
}
