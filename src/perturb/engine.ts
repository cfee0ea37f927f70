/**
 * The perturbation engine: makes an episode's fault plan from its profile, and fires each planned
 * perturbation at its site. Plugged into the team model when a family is registered (`src/world/register.ts`).
 */
import type { Rng } from '../core/rng.js';
import type { HandoffMessage } from '../team/actions.js';
import type {
  CallContext,
  FaultState,
  FiredPerturbation,
  HookResult,
  PerturbationEngine,
  PlannedPerturbation,
  StepEffects,
  Trigger,
} from '../team/perturbation.js';
import type { Task, ToolOutcome, World } from '../team/world.js';
import { CATALOG, perturbationType, type Effect, type PerturbationType } from './catalog/index.js';
import { closeFaults, onPath, openFault } from './open-faults.js';
import { withTaskPath } from './path.js';
import { PROFILES, profile } from './profiles.js';

/** Counter keys a call increments: its exact (tool, entity) and its tool alone. */
function callKeys(tool: string, entity: string | undefined): [string, string] {
  return [`${tool}|${entity ?? ''}`, `${tool}|*`];
}

/** Whether a perturbation of `plan` is triggered by calls of `tool`. */
function watchesTool(plan: readonly PlannedPerturbation[], tool: string): boolean {
  for (const p of plan) if (p.trigger.on === 'call' && p.trigger.tool === tool) return true;
  return false;
}

function triggerKey(t: Extract<Trigger, { on: 'call' }>): string {
  return t.entity === undefined ? `${t.tool}|*` : `${t.tool}|${t.entity}`;
}

function fire(
  p: PlannedPerturbation,
  step: number,
  role: string,
  effect: Effect<unknown>,
  tool?: string,
  offPath?: boolean,
): FiredPerturbation {
  return {
    id: p.id,
    type: p.type,
    kind: p.kind,
    site: p.site,
    recovery: p.recovery,
    step,
    role,
    ...(effect.entities?.length ? { entities: effect.entities } : {}),
    ...(effect.facts?.length ? { facts: effect.facts } : {}),
    ...(tool ? { tool } : {}),
    ...(offPath ? { offPath: true as const } : {}),
    detail: effect.detail,
  };
}

function markFired(faults: FaultState, p: PlannedPerturbation, effect: Effect<unknown>): FaultState {
  const fired = faults.fired.includes(p.id) ? faults.fired : [...faults.fired, p.id];
  const blockedUntil = effect.faults?.blockedUntil
    ? { ...faults.blockedUntil, ...effect.faults.blockedUntil }
    : faults.blockedUntil;
  return fired === faults.fired && blockedUntil === faults.blockedUntil ? faults : { ...faults, fired, blockedUntil };
}

/** Whether a planned call-site perturbation fires on this call, given the updated counters. */
function firesOnCall(
  p: PlannedPerturbation,
  type: PerturbationType,
  faults: FaultState,
  call: CallContext,
  counts: Readonly<Record<string, number>>,
): boolean {
  const t = p.trigger;
  if (t.on !== 'call' || t.tool !== call.tool) return false;
  if (t.entity !== undefined && t.entity !== call.entity) return false;
  if (type.persistent && faults.fired.includes(p.id)) return true;
  return !faults.fired.includes(p.id) && counts[triggerKey(t)] === t.nth;
}

/** The engine over the built-in catalog and profiles. */
export const perturbationEngine: PerturbationEngine = {
  profiles: () =>
    PROFILES.map((p) => ({ id: p.id, description: p.description })).sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    ),

  hasProfile: (id) => profile(id) !== undefined,

  hasPerturbation: (type) => perturbationType(type) !== undefined,

  plan(profileId: string, task: Task<unknown>, world: World<unknown>, rng: Rng): PlannedPerturbation[] {
    const prof = profile(profileId);
    if (!prof) return [];
    const types = prof.draw(rng.fork('profile'));
    const out: PlannedPerturbation[] = [];
    const taken = new Set<string>();
    types.forEach((typeId, i) => {
      const type = perturbationType(typeId);
      const planned = type?.plan({ task, world }, rng.fork(`${i}:${typeId}`));
      if (!type || !planned) return;
      // Two perturbations never share a site: the second would be masked by the first.
      // A fact is changed or hidden by at most one perturbation of a type.
      const site = JSON.stringify(
        planned.trigger.on === 'reset' || planned.params['fact'] !== undefined
          ? { type: typeId, fact: planned.params['fact'] ?? null }
          : planned.trigger,
      );
      if (taken.has(site)) return;
      taken.add(site);
      out.push({
        id: `p${out.length + 1}`,
        type: type.id,
        kind: type.kind,
        site: type.site,
        recovery: type.recovery,
        trigger: planned.trigger,
        params: withTaskPath(type.kind, planned.trigger, planned.params, task, world),
      });
    });
    return out;
  },

  atReset(task: Task<unknown>, faults: FaultState): HookResult<Task<unknown>> {
    let value = task;
    let state = faults;
    const fired: FiredPerturbation[] = [];
    for (const p of faults.plan) {
      const type = perturbationType(p.type);
      if (type?.prepare) value = type.prepare(value, p);
      if (p.trigger.on !== 'reset' || !type?.atReset) continue;
      const effect = type.atReset(value, p);
      if (!effect) continue;
      value = effect.value;
      state = markFired(state, p, effect);
      fired.push(fire(p, 0, value.entryRole, effect));
    }
    // Only counters some trigger watches are ever kept, so the state stays small.
    const counts: Record<string, number> = {};
    for (const p of faults.plan) if (p.trigger.on === 'call') counts[triggerKey(p.trigger)] = 0;
    return { value, faults: { ...state, counts }, fired };
  },

  beforeCall(call: CallContext, faults: FaultState): HookResult<ToolOutcome<unknown> | null> {
    const until = faults.blockedUntil[call.tool];
    if (until !== undefined && call.clock < until) {
      // Still inside a rate-limit window: the same error again, without a new firing.
      const retryAfter = until - call.clock;
      const value: ToolOutcome<unknown> = {
        ok: false,
        error: {
          code: 'rate_limited',
          message: `Rate limit exceeded for ${call.tool} (429). Retry after ${retryAfter} ticks (use the wait action).`,
          detail: { retryAfter },
        },
      };
      return { value, faults, fired: [] };
    }
    let counts = faults.counts;
    // The counters are those of the plan's call triggers (atReset keeps no others): a call no
    // trigger watches has none, and most calls are such. Looking its keys up in the counters
    // hashed two new strings every call.
    if (watchesTool(faults.plan, call.tool))
      for (const key of callKeys(call.tool, call.entity)) {
        if (key in counts) counts = { ...counts, [key]: (counts[key] ?? 0) + 1 };
      }
    let state: FaultState = counts === faults.counts ? faults : { ...faults, counts };
    for (const p of faults.plan) {
      const type = perturbationType(p.type);
      if (!type?.beforeCall || !firesOnCall(p, type, faults, call, counts)) continue;
      const effect = type.beforeCall(call, p, state);
      if (!effect) continue;
      const path = onPath(p, call);
      state = markFired(state, p, effect);
      // A call the task needs, failed: it stays open until it (or its fallback) succeeds.
      if (path === true && !effect.value.ok) state = openFault(state, p, call);
      return {
        value: effect.value,
        faults: state,
        fired: [fire(p, call.step, call.role, effect, call.tool, path === false)],
      };
    }
    return { value: null, faults: state, fired: [] };
  },

  afterCall(call: CallContext, outcome: ToolOutcome<unknown>, before: FaultState): HookResult<ToolOutcome<unknown>> {
    // The call ran and succeeded: it settles the failed calls it stands for.
    const faults = closeFaults(before, call);
    for (const p of faults.plan) {
      const type = perturbationType(p.type);
      // Counters were already advanced for this call in beforeCall.
      if (!type?.afterCall || !firesOnCall(p, type, faults, call, faults.counts)) continue;
      const effect = type.afterCall(call, outcome, p);
      if (!effect) continue;
      return {
        value: effect.value,
        faults: markFired(faults, p, effect),
        fired: [fire(p, call.step, call.role, effect, call.tool, onPath(p, call) === false)],
      };
    }
    return { value: outcome, faults, fired: [] };
  },

  onHandoff(ctx, message: HandoffMessage, faults: FaultState): HookResult<HandoffMessage> {
    for (const p of faults.plan) {
      const type = perturbationType(p.type);
      if (p.trigger.on !== 'handoff' || p.trigger.nth !== ctx.nth || faults.fired.includes(p.id) || !type?.onHandoff)
        continue;
      const effect = type.onHandoff(message, p, ctx.task);
      if (!effect) continue;
      return { value: effect.value, faults: markFired(faults, p, effect), fired: [fire(p, ctx.step, ctx.to, effect)] };
    }
    return { value: message, faults, fired: [] };
  },

  beforeStep(ctx, faults: FaultState): HookResult<StepEffects> {
    let value: StepEffects = {};
    let state = faults;
    const fired: FiredPerturbation[] = [];
    let task = ctx.task;
    for (const p of faults.plan) {
      const type = perturbationType(p.type);
      if (p.trigger.on !== 'step' || ctx.step < p.trigger.step || state.fired.includes(p.id) || !type?.beforeStep)
        continue;
      const effect = type.beforeStep({ ...ctx, task }, p);
      if (!effect) continue;
      if (effect.value.task) task = effect.value.task;
      value = { ...value, ...effect.value, ...(effect.value.task || value.task ? { task } : {}) };
      state = markFired(state, p, effect);
      fired.push(fire(p, ctx.step, effect.value.userMessage?.to ?? effect.value.restart ?? ctx.active, effect));
    }
    return { value, faults: state, fired };
  },
};

/** Every catalog entry, for listings and docs. */
export function catalogEntries(): ReadonlyArray<
  Pick<PerturbationType, 'id' | 'kind' | 'site' | 'recovery' | 'description'>
> {
  return CATALOG.map(({ id, kind, site, recovery, description }) => ({ id, kind, site, recovery, description }));
}
