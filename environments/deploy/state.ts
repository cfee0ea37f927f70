/**
 * The state of the deploy world: services (versions, configs, dependencies, a running canary),
 * documents (the change policy, release notes, a runbook), the release manifest, change-ticket
 * approvals and an append-only change log.
 *
 * Everything is plain JSON. The task's services live in one small map (a stack has a dozen at
 * most), so a write copies that map and the one service it changes; every other service keeps its
 * identity. The services a world size adds live in a second map, the fleet, which no write copies.
 * Health is never stored: it is derived from versions and configs, so it cannot drift from them.
 * Ticks come from the tool context (virtual time), never from a real clock.
 */
import { own } from '../../src/world/own.js';
import { textMemo } from '../../src/core/text-memo.js';
import { MemoSpace, type MemoSlot } from '../../src/core/memo-space.js';

/** A config rule of a service: from version `from` on, `key` must equal `value` or it fails. */
export interface ConfigRule {
  readonly key: string;
  readonly value: string;
  readonly from: string;
}

/** A canary: a new version serving a slice of traffic beside the stable one. */
export interface Canary {
  readonly version: string;
  readonly ticket: string;
  readonly since: number;
}

/** One service. */
export interface Service {
  readonly name: string;
  /** 1 is customer-facing and critical; 3 is internal. */
  readonly tier: number;
  readonly owner: string;
  readonly version: string;
  /** Versions it ran before, oldest first (what `rollback` returns to). */
  readonly previous: readonly string[];
  /** Services it calls; it fails when it runs a newer version than one of them. */
  readonly deps: readonly string[];
  readonly config: Readonly<Record<string, string>>;
  readonly rules: readonly ConfigRule[];
  /** Versions with a bug: their own health check passes, but they answer callers with 500s. */
  readonly badVersions: readonly string[];
  readonly canary: Canary | null;
}

/** A change ticket's approval: requested at a tick, granted `delay` ticks later. */
export interface Approval {
  readonly ticket: string;
  readonly summary: string;
  readonly requestedAt: number;
  readonly delay: number;
  readonly approver: string;
}

/** What a change-log entry records. */
export type ChangeAction = 'rolling' | 'canary' | 'promote' | 'rollback' | 'config';

/** One entry of the change log. */
export interface LogEntry {
  readonly tick: number;
  readonly action: ChangeAction;
  readonly service: string;
  /** The version the service runs (or the canary runs) after the change; the key for config. */
  readonly version: string;
  readonly ticket: string;
  /** Whether every dependency already ran at least `version` when the change was made. */
  readonly depsReady: boolean;
  /** Services failing right after the change. */
  readonly unavailable: number;
}

/** The release manifest: the authoritative description of the release being rolled out. */
export interface ReleaseManifest {
  readonly version: string;
  readonly services: readonly string[];
  readonly notes: string;
}

/** The whole world state. */
export interface DeployState {
  /** The task's stack; also every service of {@link DeployState.fleet} that a change replaced (it shadows the fleet's). */
  readonly services: Readonly<Record<string, Service>>;
  /**
   * The standalone services a world size adds beyond the task's stack (absent at the family's own
   * size). Kept apart so that a change copies the task's small map, never a 10,000-service one:
   * read services through {@link serviceOf} and {@link serviceNames}, which see both maps.
   */
  readonly fleet?: Readonly<Record<string, Service>>;
  readonly docs: Readonly<Record<string, string>>;
  readonly release: ReleaseManifest;
  readonly approvals: Readonly<Record<string, Approval>>;
  /** Ticks an approval takes to be granted after it is requested. */
  readonly approvalDelay: number;
  /** Who approves change tickets. */
  readonly approver: string;
  readonly log: readonly LogEntry[];
}

/** Most services a world holds. */
export const MAX_SERVICES = 40;
/** Most keys of one service's config. */
export const MAX_CONFIG_KEYS = 40;
/** Most change-log entries; further changes are refused. */
export const MAX_LOG_ENTRIES = 200;
/** Most approvals a world holds. */
export const MAX_APPROVALS = 50;
/** Most versions a service remembers for rollback. */
export const MAX_PREVIOUS = 10;

const VERSION = /^v(\d+)\.(\d+)\.(\d+)$/;

/** Whether a string is a version tag like `v2.4.0`. */
export function isVersion(text: string): boolean {
  return VERSION.test(text);
}

/** Compares two version tags (`v1.10.0` > `v1.9.3`); non-versions sort first. */
export function compareVersions(a: string, b: string): number {
  return compareParts(versionParts(a), versionParts(b), 3);
}

/** Compares the API line (major.minor) of two version tags: patches are compatible. */
export function compareLines(a: string, b: string): number {
  return compareParts(versionParts(a), versionParts(b), 2);
}

/** The first `count` numbers of two parsed versions compared; a non-version sorts first. */
function compareParts(x: readonly number[] | null, y: readonly number[] | null, count: number): number {
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  for (let i = 0; i < count; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The numbers of a version tag (`v1.10.0` → [1, 10, 0]), or null for anything else; kept per
 * text, bounded. The checkers compare every service's version with its dependencies' after each
 * step, over a few dozen distinct tags, and parsing them was most of a deploy step's garbage.
 */
const versionParts = textMemo((text): readonly number[] | null => {
  const m = VERSION.exec(text);
  return m ? Object.freeze([Number(m[1]), Number(m[2]), Number(m[3])]) : null;
}, 5_000);

/** Whether a service currently runs one of its buggy versions. */
export function runsBadVersion(service: Service): boolean {
  return service.badVersions.includes(service.version);
}

/**
 * Why a service running `version` with `config` fails, or [] when it is healthy: a dependency on
 * an older API line, a config the version rejects, or a dependency that answers with 500s (a bug
 * shows up in the callers, not in the buggy service's own health check).
 */
export function problemsOf(
  state: DeployState,
  service: Service,
  version: string,
  config: Readonly<Record<string, string>> = service.config,
): string[] {
  const out: string[] = [];
  for (const dep of service.deps) {
    const d = serviceOf(state, dep);
    if (!d) continue;
    if (compareLines(version, d.version) > 0)
      out.push(`calls ${dep} ${d.version}, older than its own ${version}: incompatible API (deploy ${dep} first)`);
    else if (runsBadVersion(d)) out.push(`upstream ${dep} ${d.version} returns 500 on most requests`);
  }
  for (const rule of service.rules) {
    if (compareVersions(version, rule.from) >= 0 && own(config, rule.key) !== rule.value) {
      out.push(`config ${rule.key}=${own(config, rule.key) ?? '(unset)'} rejected at startup by ${version}`);
    }
  }
  return out;
}

type Services = Readonly<Record<string, Service>>;

/**
 * The memos of services maps, in one record per map; the map a change makes is adopted (see
 * src/core/memo-space.ts: a WeakMap entry per memo kept every change's map and what hangs from it
 * alive until a full collection).
 */
const SERVICES_MEMOS = new MemoSpace<Services>();

/** The service called `name`, in the task's stack or the fleet; undefined when there is none. */
export function serviceOf(state: DeployState, name: string): Service | undefined {
  return own(state.services, name) ?? (state.fleet ? own(state.fleet, name) : undefined);
}

/**
 * How a services map was made by {@link withService}: from `from`, by replacing `before` (same
 * name, same dependencies) with another service. Derived results (the failing services, the
 * dependents, the diff, the canaries) follow these links instead of walking every service, so a
 * change costs the same in a stack of 10 services or of 10,000.
 */
interface Derivation {
  readonly from: Services;
  readonly before: Service;
  readonly after: Service;
}

const derivations = SERVICES_MEMOS.slot<Derivation>();

/** Links followed at most before a derived result is computed from scratch instead. */
const MAX_LINKS = 256;

/**
 * The fleet each services map was first met with. Derived results are memoized by services map
 * (a change makes a new one, and its link says how); they hold for the fleet the map came with,
 * so a map met again beside another fleet (a hand-built state) is never answered from them.
 */
const fleets = SERVICES_MEMOS.slot<Services | null>();

/** The key derived results of `state` are memoized under, or null when they must be computed afresh. */
function memoKey(state: DeployState): Services | null {
  const fleet = state.fleet ?? null;
  const paired = fleets.get(state.services);
  if (paired === undefined) fleets.set(state.services, fleet);
  else if (paired !== fleet) return null;
  return state.services;
}

/** Every service of a state (the fleet's first, then the stack's, which shadow them), name by name. */
function eachService(state: DeployState, visit: (name: string, service: Service) => void): void {
  if (state.fleet)
    for (const name in state.fleet) if (!Object.hasOwn(state.services, name)) visit(name, state.fleet[name] as Service);
  for (const name in state.services) visit(name, state.services[name] as Service);
}

/**
 * The nearest map along `key`'s links (itself included) with a result memoized in `cache`: its
 * `value` (undefined when none within {@link MAX_LINKS}), the links walked to reach it, newest
 * first, and the `root` where the links end (null past {@link MAX_LINKS}), where a result every map
 * of the chain shares is best kept. A result asked for only now and then (the alerts of `metrics`)
 * is carried forward over every change since, not recomputed over the whole stack.
 */
function nearestMemo<T>(
  cache: MemoSlot<Services, T>,
  key: Services,
): { value: T | undefined; links: Derivation[]; root: Services | null } {
  const links: Derivation[] = [];
  let map = key;
  for (let i = 0; i <= MAX_LINKS; i++) {
    const value = cache.get(map);
    if (value !== undefined) return { value, links, root: null };
    const link = derivations.get(map);
    if (!link) return { value: undefined, links, root: map };
    links.push(link);
    map = link.from;
  }
  return { value: undefined, links, root: null };
}

/**
 * The sorted names of the services of `state` for which `holds` is true, memoized in `cache` per
 * services map. From the nearest memoized state along the links, only the services a change may
 * have affected (`affected` of each replaced one) are asked again; without one, every service is.
 */
function carriedList(
  cache: MemoSlot<Services, readonly string[]>,
  state: DeployState,
  holds: (service: Service) => boolean,
  affected: (replaced: string) => Iterable<string>,
): readonly string[] {
  const key = memoKey(state);
  let out = key && cache.get(key);
  if (!out) {
    const near = key ? nearestMemo(cache, key) : null;
    const list: string[] = [];
    if (near?.value !== undefined) {
      const redo = new Set<string>();
      for (const link of near.links) for (const name of affected(link.after.name)) redo.add(name);
      for (const name of near.value) if (!redo.has(name)) list.push(name);
      for (const name of redo) if (holds(serviceOf(state, name) as Service)) list.push(name);
    } else
      eachService(state, (name, s) => {
        if (holds(s)) list.push(name);
      });
    out = list.sort();
    if (key) cache.set(key, out);
  }
  return out;
}

/**
 * The value of `build(state)`, shared by every services map along the links of `state`'s: a
 * result that no change can alter (the names, the dependencies), memoized in `cache`.
 */
function sharedAlongLinks<T>(cache: MemoSlot<Services, T>, state: DeployState, build: () => T): T {
  const key = memoKey(state);
  const near = key ? nearestMemo(cache, key) : null;
  let value = near?.value;
  if (value === undefined) {
    value = build();
    if (near?.root) cache.set(near.root, value);
  }
  if (key) cache.set(key, value);
  return value;
}

const failingCache = SERVICES_MEMOS.slot<readonly string[]>();

/** The services failing (degraded) in a state, sorted; memoized per services map and carried along links. */
export function failingServices(state: DeployState): readonly string[] {
  return carriedList(
    failingCache,
    state,
    (s) => problemsOf(state, s, s.version).length > 0,
    // Only a changed service and those that call it can change health.
    (name) => [name, ...dependentsOf(state, name)],
  );
}

const dependentsCache = SERVICES_MEMOS.slot<ReadonlyMap<string, readonly string[]>>();

/** The services whose dependencies include `name`, sorted. Dependencies never change, so the index is shared along links. */
export function dependentsOf(state: DeployState, name: string): readonly string[] {
  const index = sharedAlongLinks(dependentsCache, state, () => {
    const built = new Map<string, string[]>();
    for (const n of serviceNames(state))
      for (const dep of (serviceOf(state, n) as Service).deps) {
        const list = built.get(dep);
        if (!list) built.set(dep, [n]);
        else if (list[list.length - 1] !== n) list.push(n);
      }
    return built;
  });
  return index.get(name) ?? [];
}

const namesCache = SERVICES_MEMOS.slot<readonly string[]>();

/**
 * The names of a state's services (the stack's and the fleet's), sorted; memoized per services
 * map. A map made by {@link withService} from one with the same service has the same names, so the
 * list is shared along links instead of sorting a 10,000-service stack again after every change.
 */
export function serviceNames(state: DeployState): readonly string[] {
  return sharedAlongLinks(namesCache, state, () => {
    const all: string[] = [];
    eachService(state, (name) => all.push(name));
    return all.sort();
  });
}

const buggyCache = SERVICES_MEMOS.slot<readonly string[]>();

/** The services running a version with a bug (see {@link runsBadVersion}), sorted; memoized per services map and carried along links. */
export function buggyServices(state: DeployState): readonly string[] {
  // Only a replaced service can start or stop running a bad version.
  return carriedList(buggyCache, state, runsBadVersion, (name) => [name]);
}

const canaryCache = SERVICES_MEMOS.slot<number>();

/** How many services of `state` run a canary, counted over all of them. */
function countCanaries(state: DeployState): number {
  let count = 0;
  eachService(state, (_, s) => {
    if (s.canary !== null) count++;
  });
  return count;
}

/** How many services run a canary; memoized per services map and carried along links. */
export function canaryCount(state: DeployState): number {
  const key = memoKey(state);
  let n = key ? canaryCache.get(key) : undefined;
  if (n === undefined) {
    const near = key ? nearestMemo(canaryCache, key) : null;
    // Without a count along the links, one is made where they end (the task's start, shared by
    // every trial of it, which is often first asked after some changes) and carried from there.
    let base = near?.value;
    if (base === undefined && near?.root) {
      const start = { ...state, services: near.root };
      base = countCanaries(start);
      // Kept only where the start map goes with this fleet (see memoKey).
      if (memoKey(start) === near.root) canaryCache.set(near.root, base);
    }
    if (near && base !== undefined) {
      n = base;
      for (const link of near.links) n += (link.after.canary !== null ? 1 : 0) - (link.before.canary !== null ? 1 : 0);
    } else n = countCanaries(state);
    if (key) canaryCache.set(key, n);
  }
  return n;
}

/**
 * The state with one service replaced. Only the task's services map and that service are new: a
 * fleet service's new value goes into that map (where it shadows the fleet's), so a change never
 * copies the fleet.
 */
export function withService(state: DeployState, service: Service): DeployState {
  const services = { ...state.services, [service.name]: service };
  SERVICES_MEMOS.adopt(services);
  const before = serviceOf(state, service.name);
  if (before && sameDeps(before.deps, service.deps)) {
    const key = memoKey(state);
    if (key) {
      fleets.set(services, state.fleet ?? null);
      derivations.set(services, { from: key, before, after: service });
    }
  }
  return { ...state, services };
}

function sameDeps(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((d, i) => b[i] === d));
}

/**
 * The names of the services replaced on the way from `before` to `after`, when `after` was made
 * from `before` by a chain of {@link withService}; null otherwise.
 */
function replacedSince(before: Services, after: Services): Set<string> | null {
  const names = new Set<string>();
  let map = after;
  for (let i = 0; i < MAX_LINKS; i++) {
    if (map === before) return names;
    const link = derivations.get(map);
    if (!link) return null;
    names.add(link.after.name);
    map = link.from;
  }
  return null;
}

/** The entity id of a service, an approval or a document. */
export const serviceEntity = (name: string): string => `services/${name}`;
export const approvalEntity = (ticket: string): string => `approvals/${ticket}`;
export const docEntity = (name: string): string => `docs/${name}`;
/** The entity id of the release manifest. */
export const RELEASE_ENTITY = 'release/manifest';

/** Whether an approval is granted at `clock`. */
export function granted(approval: Approval, clock: number): boolean {
  return clock >= approval.requestedAt + approval.delay;
}

/** Entities that differ between two states: services (version, config, canary) and approvals. */
export function diffStates(before: DeployState, after: DeployState): string[] {
  const out: string[] = [];
  const sameFleet = before.fleet === after.fleet;
  const replaced =
    before.services === after.services || !sameFleet ? null : replacedSince(before.services, after.services);
  if (replaced) {
    // Same names as before: only the replaced services can differ.
    for (const name of replaced)
      if (!sameService(serviceOf(after, name) as Service, serviceOf(before, name) as Service))
        out.push(serviceEntity(name));
  } else if (before.services !== after.services || !sameFleet) {
    const names = new Set(serviceNames(before));
    for (const name of serviceNames(after)) {
      names.delete(name);
      const a = serviceOf(after, name) as Service;
      const b = serviceOf(before, name);
      if (!b || (a !== b && !sameService(a, b))) out.push(serviceEntity(name));
    }
    for (const name of names) out.push(serviceEntity(name));
  }
  if (before.approvals !== after.approvals) {
    for (const t of Object.keys(after.approvals)) if (!Object.hasOwn(before.approvals, t)) out.push(approvalEntity(t));
    for (const t of Object.keys(before.approvals)) if (!Object.hasOwn(after.approvals, t)) out.push(approvalEntity(t));
  }
  return out.sort();
}

/** Whether two services run the same version, canary and config. */
export function sameService(a: Service, b: Service): boolean {
  if (a.version !== b.version) return false;
  if ((a.canary?.version ?? null) !== (b.canary?.version ?? null)) return false;
  const ka = Object.keys(a.config);
  if (ka.length !== Object.keys(b.config).length) return false;
  return ka.every((k) => own(b.config, k) === a.config[k]);
}
