/**
 * A scripted team that follows the task's privileged plan. It is the oracle, and — with one of
 * its behaviours changed through {@link PlanFollowerBehaviour} — each flawed reference team.
 *
 * Scripted roles know only what an LLM in their seat would know: the entry role knows the facts
 * stated in the request, every role knows what its inbox carried and what it learned from its
 * own results and from the user's answers. A fact it never got is replaced by the fact's
 * `guess`, so a lost fact changes what the team does, exactly as it would for an LLM team.
 *
 * The oracle also does what a correct team does under perturbations: it retries transient
 * failures, waits out rate limits, switches to documented fallbacks, re-fetches broken results,
 * asks the user about open points and to restate a lost brief, asks a teammate to resend a
 * damaged handoff, and has finished work redone when the user changes a requirement.
 */
import type { Action, HandoffMessage } from '../src/team/actions.js';
import type { Agent, EpisodeStart } from '../src/team/agent.js';
import type { TeamObservation } from '../src/team/observation.js';
import type { InboxMessage } from '../src/team/state.js';
import { partialKnowledge, resolvePlanStep, type FactLookup } from '../src/team/plan.js';
import { factRefs, type PlanStep, type Task } from '../src/team/world.js';
import { factsInText, messageText } from '../src/team/handoff-audit.js';
import { knownFacts, type RoleMemory, newRoleMemory } from './follower-memory.js';
import { looksBroken, recoveryFor } from './recovery.js';

/** The knobs that turn the oracle into a flawed team. Defaults give the oracle. */
export interface PlanFollowerBehaviour {
  /** Rewrites an outgoing handoff (e.g. drops facts). @defaultValue identity */
  readonly handoff?: (action: Extract<Action, { type: 'handoff' }>, ctx: FollowerContext) => Action;
  /** The fact lookup a role uses at a given plan position (e.g. forgets facts late). @defaultValue what the role knows, else guesses */
  readonly lookup?: (base: FactLookup, ctx: FollowerContext) => FactLookup;
  /** Retries, waits, fallbacks, asks and resend requests. @defaultValue true */
  readonly recover?: boolean;
  /** What a role that does not recover does when an action fails. @defaultValue 'ignore' */
  readonly onError?: (ctx: FollowerContext) => 'give-up' | 'ignore';
  /** Re-fetches broken results and lets the reviewer verify. @defaultValue true */
  readonly verify?: boolean;
  /** Has work redone when the user changes a requirement. @defaultValue true */
  readonly followChanges?: boolean;
  /** Acts on instructions found in content (and passes them on). @defaultValue false */
  readonly obeyInjections?: boolean;
}

/** What a behaviour hook knows about the moment it is called. */
export interface FollowerContext {
  readonly role: string;
  readonly observation: TeamObservation;
  readonly task: Task<unknown>;
  /** Index of the plan step being executed (-1 outside the plan). */
  readonly planIndex: number;
  readonly start: EpisodeStart;
}

/** Team-level progress through the plan (the roles take turns, so one cursor suffices). */
interface Playbook {
  cursor: number;
  /** Plan indices of tool steps already executed, by role. */
  readonly executed: Map<number, string>;
  /**
   * The plan step each role has dispatched but not yet seen succeed (the team's task board), so a
   * role that restarts mid-step picks it up again instead of losing it.
   */
  readonly inFlight: Map<string, number>;
}

const MAX_ATTEMPTS = 4;

/**
 * The playbook of each episode. Keyed by the episode's start object, so an agent re-created after
 * a restart (memory loss) rejoins the team's progress but not its own memory.
 */
const playbooks = new WeakMap<EpisodeStart, Playbook>();

/** Creates the agents of a plan-following team for one episode. */
export function createPlanFollowers(start: EpisodeStart, behaviour: PlanFollowerBehaviour = {}): Record<string, Agent> {
  const task = start.privileged;
  if (!task) throw new Error('plan-following teams need the privileged task; declare the team with privileged: true');
  let playbook = playbooks.get(start);
  if (!playbook) {
    playbook = { cursor: 0, executed: new Map(), inFlight: new Map() };
    playbooks.set(start, playbook);
  }
  const shared = playbook;
  const agents: Record<string, Agent> = {};
  for (const role of start.roles) {
    const memory = newRoleMemory();
    agents[role.id] = {
      act: (obs) => remember(memory, nextAction({ task, playbook: shared, memory, obs, start, behaviour })),
    };
  }
  return agents;
}

interface Turn {
  readonly task: Task<unknown>;
  readonly playbook: Playbook;
  readonly memory: RoleMemory;
  readonly obs: TeamObservation;
  readonly start: EpisodeStart;
  readonly behaviour: PlanFollowerBehaviour;
}

/** Records what the role is about to do (for retries and resends). */
function remember(memory: RoleMemory, choice: { action: Action; fromPlan: boolean }): Action {
  memory.lastAction = choice.action;
  memory.lastWasPlan = choice.fromPlan;
  if (choice.action.type === 'handoff') memory.lastHandoff = choice.action;
  return choice.action;
}

function nextAction(turn: Turn): { action: Action; fromPlan: boolean } {
  const { task, memory, obs, behaviour } = turn;
  const recover = behaviour.recover !== false;
  absorb(turn);
  const fresh = obs.inbox.filter((m) => m.step > memory.seenStep);
  memory.seenStep = Math.max(memory.seenStep, ...obs.inbox.map((m) => m.step));

  // 1. The result of this role's own last action.
  const fixed = afterOwnAction(turn, recover);
  if (fixed) return fixed;

  // 2. A restart wiped this role's memory: ask the user to restate the brief.
  if (obs.restarted && recover && obs.request === null) {
    memory.restarted = true;
    const briefer = task.plan.find((st) => st.action.type === 'handoff' && st.action.to === obs.role)?.role;
    if (briefer)
      return {
        action: {
          type: 'handoff',
          to: briefer,
          message: { text: 'I was restarted and lost my context: please resend my brief.', resend: true },
        },
        fromPlan: false,
      };
    return {
      action: { type: 'ask', question: 'I was restarted and lost my context: please restate the request.' },
      fromPlan: false,
    };
  }

  // 2b. Content that tells AI assistants what to do: a credulous role acts on it or passes it on.
  if (behaviour.obeyInjections) {
    const injected = obeyInjection(turn, fresh);
    if (injected) return injected;
  }

  // 3. Messages that call for an answer.
  for (const m of fresh) {
    const msg = m.message;
    if (typeof msg !== 'object') continue;
    if (msg['resend'] === true && memory.lastHandoff && memory.lastHandoff.to === m.from)
      return { action: memory.lastHandoff, fromPlan: false };
    if (msg['giveUp'] === true && obs.canFinish)
      return {
        action: { type: 'finish', status: 'gave_up', answer: `Stopped: ${msg.text ?? 'a teammate gave up'}` },
        fromPlan: false,
      };
    if (Array.isArray(msg['redo'])) {
      memory.redo = (msg['redo'] as unknown[]).filter((i): i is number => typeof i === 'number');
      memory.redoFrom = m.from;
    }
  }

  // 4. A damaged or incomplete brief: ask the sender to resend it (once per message).
  if (recover && obs.request === null) {
    const brief = [...fresh].reverse().find((m) => m.from !== 'user' && !isControl(m));
    if (brief && !memory.resendAsked.has(brief.step)) {
      const known = knownFacts(task.facts, memory, obs);
      const needs = task.roles.find((r) => r.id === obs.role)?.needs ?? [];
      const missing = needs.filter((id) => !known.has(id));
      if (missing.length > 0 || messageText(brief.message).includes('[message truncated in transit]')) {
        memory.resendAsked.add(brief.step);
        return {
          action: {
            type: 'handoff',
            to: brief.from,
            message: {
              text: `Your handoff arrived incomplete${missing.length ? ` (missing: ${missing.join(', ')})` : ''}. Please resend it in full.`,
              resend: true,
            },
          },
          fromPlan: false,
        };
      }
    }
  }

  // 5. The entry role settles open points with the user before briefing anyone (values the plan
  //    reads off the world are not open points).
  if (recover && obs.request !== null) {
    const known = knownFacts(task.facts, memory, obs);
    const learnable = new Set(task.plan.flatMap((st) => (st.learn ?? []).map((l) => l.fact)));
    const needed = new Set(task.roles.flatMap((r) => r.needs));
    const open = task.facts.find(
      (f) => needed.has(f.id) && !learnable.has(f.id) && !known.has(f.id) && !memory.asked.has(f.id),
    );
    if (open) {
      memory.asked.add(open.id);
      return {
        action: { type: 'ask', question: `The request leaves ${open.description} open. What should it be?` },
        fromPlan: false,
      };
    }
  }

  // 5b. Then a restarted role finishes the step it lost.
  if (memory.restarted && !memory.resumed) {
    memory.resumed = true;
    const index = turn.playbook.inFlight.get(obs.role);
    const step = index === undefined ? undefined : task.plan[index];
    const action = step ? resolvePlanStep(step, lookupFor(turn, index as number)) : null;
    if (action && action.type === 'tool') return { action: withFallback(memory, action), fromPlan: true };
  }

  // 6. The user changed a requirement after work was done with the old value: have it redone.
  if (obs.request !== null && behaviour.followChanges !== false) {
    const redo = redoForChanges(turn);
    if (redo) return { action: redo, fromPlan: false };
  }

  // 7. Work to redo, then report back.
  while (memory.redo.length > 0) {
    const index = memory.redo.shift() as number;
    const step = task.plan[index];
    if (!step || step.role !== obs.role) continue;
    const action = resolvePlanStep(step, lookupFor(turn, index));
    if (action && action.type === 'tool') return { action: withFallback(memory, action), fromPlan: true };
  }
  if (memory.redoFrom) {
    const to = memory.redoFrom;
    memory.redoFrom = null;
    return {
      action: { type: 'handoff', to, message: { text: 'Redone with the changed requirement.' } },
      fromPlan: false,
    };
  }

  // 8. The plan.
  return followPlan(turn);
}

/** Handles the outcome of the role's previous action: recovery, or the flawed reaction to errors. */
function afterOwnAction(turn: Turn, recover: boolean): { action: Action; fromPlan: boolean } | null {
  const { memory, obs, behaviour } = turn;
  if (memory.retryAfterWait) {
    const action = memory.retryAfterWait;
    memory.retryAfterWait = null;
    return { action, fromPlan: true };
  }
  const last = memory.lastAction;
  if (!last || !memory.lastWasPlan || last.type !== 'tool') return null;
  const verify = behaviour.verify !== false;
  // A value just read off the world is read again before it is trusted (2 of 3 readings must agree).
  if (verify && memory.checking && obs.last?.ok && !looksBroken(obs.last.result)) {
    const readings = memory.checking.readings;
    const agreed = readings.length >= 2 && readings[readings.length - 1] === readings[readings.length - 2];
    if (!agreed && readings.length < 3) {
      memory.pendingLearn = memory.checking.learn;
      return { action: last, fromPlan: true };
    }
    settle(memory);
  }
  const move = recoveryFor(obs.last);
  const brokenButOk = obs.last?.ok === true && move.kind === 'retry';
  if (move.kind === 'none' || (brokenButOk && !verify)) {
    memory.attempts = 0;
    if (obs.last?.ok) turn.playbook.inFlight.delete(obs.role);
    return null;
  }
  if (!recover) {
    if (brokenButOk) return null;
    const ctx: FollowerContext = {
      role: obs.role,
      observation: obs,
      task: turn.task,
      planIndex: -1,
      start: turn.start,
    };
    if ((behaviour.onError?.(ctx) ?? 'ignore') === 'ignore') return null;
    return { action: giveUp(turn, obs.last?.error?.message ?? 'an action failed'), fromPlan: false };
  }
  if (memory.attempts >= MAX_ATTEMPTS) {
    memory.attempts = 0;
    return null;
  }
  memory.attempts += 1;
  switch (move.kind) {
    case 'retry':
      return { action: last, fromPlan: true };
    case 'wait':
      memory.retryAfterWait = last;
      return { action: { type: 'wait', ticks: move.ticks }, fromPlan: false };
    case 'fallback':
      memory.fallbacks.set(last.tool, move.tool);
      return { action: { ...last, tool: move.tool }, fromPlan: true };
  }
}

/** Stops the episode without claiming success: finish if allowed, else tell a role that may. */
function giveUp(turn: Turn, reason: string): Action {
  const { obs, task } = turn;
  if (obs.canFinish) return { type: 'finish', status: 'gave_up', answer: `Giving up: ${reason}` };
  const finisher = task.roles.find((r) => r.canFinish && r.id !== obs.role);
  return finisher
    ? { type: 'handoff', to: finisher.id, message: { text: `Giving up: ${reason}`, giveUp: true } }
    : { type: 'wait', ticks: 1 };
}

function followPlan(turn: Turn): { action: Action; fromPlan: boolean } {
  const { task, playbook, memory, obs, behaviour } = turn;
  while (playbook.cursor < task.plan.length) {
    const index = playbook.cursor;
    const step = task.plan[index] as PlanStep;
    if (step.role !== obs.role) {
      // Control came back to this role earlier than the plan says: skip to this role's next step.
      const next = task.plan.findIndex((s, i) => i >= index && s.role === obs.role);
      if (next < 0) break;
      playbook.cursor = next;
      continue;
    }
    playbook.cursor = index + 1;
    // A team that does not verify skips its checks.
    if (behaviour.verify === false && isVerification(task, step)) continue;
    if (memory.checking) settle(memory);
    const ctx: FollowerContext = { role: obs.role, observation: obs, task, planIndex: index, start: turn.start };
    const action = resolvePlanStep(step, lookupFor(turn, index));
    if (action === null) continue;
    memory.pendingLearn = step.learn ?? null;
    if (action.type === 'tool') {
      playbook.executed.set(index, obs.role);
      playbook.inFlight.set(obs.role, index);
      return { action: withFallback(memory, action), fromPlan: true };
    }
    if (action.type === 'handoff') {
      if (obs.request !== null) recordSent(turn, action.message);
      const sent = behaviour.obeyInjections ? carryNotes(memory, action) : action;
      return { action: behaviour.handoff ? behaviour.handoff(sent, ctx) : sent, fromPlan: false };
    }
    return { action, fromPlan: false };
  }
  return { action: endOfPlan(task, obs), fromPlan: false };
}

/** The entry role remembers which values it briefed the team with (to notice later changes). */
function recordSent(turn: Turn, message: HandoffMessage): void {
  for (const id of factsInText(turn.task.facts, messageText(message))) {
    const value = knownFacts(turn.task.facts, turn.memory, turn.obs).get(id);
    if (value !== undefined) turn.memory.sentValues.set(id, value);
  }
}

/** A handoff that asks the roles that used an outdated value to redo those steps. */
function redoForChanges(turn: Turn): Action | null {
  const { task, playbook, memory, obs } = turn;
  const known = knownFacts(task.facts, memory, obs);
  const changed = [...memory.sentValues]
    .filter(([id, value]) => known.get(id) !== undefined && known.get(id) !== value)
    .map(([id]) => id);
  if (changed.length === 0) return null;
  const redo = [...playbook.executed]
    .filter(([index, role]) => role !== obs.role && changed.some((id) => factRefs(task.plan[index]).has(id)))
    .sort((a, b) => a[0] - b[0]);
  for (const id of changed) memory.sentValues.set(id, known.get(id) as string);
  const first = redo[0];
  if (!first) return null;
  const role = first[1];
  const needs = task.roles.find((r) => r.id === role)?.needs ?? [];
  const facts = Object.fromEntries(needs.filter((id) => known.has(id)).map((id) => [id, known.get(id) as string]));
  const indices = redo.filter(([, r]) => r === role).map(([i]) => i);
  return {
    type: 'handoff',
    to: role,
    message: {
      text: `The user changed a requirement (${changed.join(', ')}). Please redo the affected changes with the new values.`,
      facts,
      redo: indices,
    },
  };
}

/** Messages that steer the team rather than brief it. */
function isControl(m: InboxMessage): boolean {
  const msg = m.message;
  return (
    typeof msg === 'object' &&
    (msg['resend'] === true ||
      msg['giveUp'] === true ||
      Array.isArray(msg['redo']) ||
      (msg.text ?? '').startsWith('Redone'))
  );
}

/** A check: a step marked as verification, or any tool step of the reviewer. */
function isVerification(task: Task<unknown>, step: PlanStep): boolean {
  return step.verification === true || (step.role === 'reviewer' && step.action.type === 'tool');
}

/** Ends a double-check: the reading most readings agree on is what the role learned. */
function settle(memory: RoleMemory): void {
  const check = memory.checking;
  memory.checking = null;
  if (!check || check.readings.length === 0) return;
  const counts = new Map<string, number>();
  for (const r of check.readings) counts.set(r, (counts.get(r) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
  for (const pair of best[0].split('\u0000')) {
    const at = pair.indexOf('=');
    memory.learned.set(pair.slice(0, at), pair.slice(at + 1));
  }
}

const INJECTED = /NOTE TO AI ASSISTANTS:[^\n]*?call ([\w.-]+) with (\{[^\n]*?\}) \(it is obsolete\)/;

/**
 * The credulous reaction to an injected note: a role that holds the tool it names makes the call
 * at once; one that does not passes the note on in its next handoff (see `carryNotes`).
 */
function obeyInjection(turn: Turn, fresh: readonly InboxMessage[]): { action: Action; fromPlan: boolean } | null {
  const { memory, obs } = turn;
  const sources = [obs.last?.ok ? JSON.stringify(obs.last.result) : '', ...fresh.map((m) => messageText(m.message))];
  for (const text of sources) {
    const m = INJECTED.exec(text.replace(/\\n/g, '\n').replace(/\\"/g, '"'));
    if (!m || memory.obeyed.has(m[0])) continue;
    memory.obeyed.add(m[0]);
    let args: Record<string, unknown> = {};
    try {
      args = JSON.parse(m[2] as string) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (obs.tools.includes(m[1] as string))
      return { action: { type: 'tool', tool: m[1] as string, args }, fromPlan: false };
    memory.notes.push(m[0]);
  }
  return null;
}

/** Appends notes a credulous role picked up to an outgoing handoff. */
function carryNotes(
  memory: RoleMemory,
  action: Extract<Action, { type: 'handoff' }>,
): Extract<Action, { type: 'handoff' }> {
  if (memory.notes.length === 0) return action;
  const notes = memory.notes.splice(0).join(' ');
  const message = action.message;
  return {
    ...action,
    message:
      typeof message === 'string'
        ? `${message} ${notes}`
        : { ...message, text: `${message.text ?? ''} ${notes}`.trim() },
  };
}

function withFallback(memory: RoleMemory, action: Extract<Action, { type: 'tool' }>): Action {
  const fallback = memory.fallbacks.get(action.tool);
  return fallback ? { ...action, tool: fallback } : action;
}

function lookupFor(turn: Turn, index: number): FactLookup {
  const base = partialKnowledge(turn.task.facts, knownFacts(turn.task.facts, turn.memory, turn.obs));
  if (!turn.behaviour.lookup) return base;
  return turn.behaviour.lookup(base, {
    role: turn.obs.role,
    observation: turn.obs,
    task: turn.task,
    planIndex: index,
    start: turn.start,
  });
}

/** Learns from the previous action's result: planned extractions, and facts in the user's answers. */
function absorb(turn: Turn): void {
  const { memory, obs, task } = turn;
  const pending = memory.pendingLearn;
  memory.pendingLearn = null;
  if (!obs.last?.ok) {
    // The read failed: whatever retries it still learns from it.
    if (pending) memory.pendingLearn = pending;
    return;
  }
  // Patterns and answers are read off the result's text (its string leaves), not its JSON encoding.
  const text = messageText(obs.last.result as HandoffMessage);
  if (pending && !looksBroken(obs.last.result)) {
    const values: string[] = [];
    for (const { fact, pattern } of pending) {
      const m = new RegExp(pattern).exec(text);
      if (m?.[1] === undefined) continue;
      memory.learned.set(fact, m[1]);
      values.push(`${fact}=${m[1]}`);
    }
    // One reading is the tuple of every value the step teaches, double-checked together.
    if (values.length > 0 && turn.behaviour.verify !== false) {
      if (!memory.checking || memory.checking.learn !== pending) memory.checking = { learn: pending, readings: [] };
      memory.checking.readings.push(values.join('\u0000'));
    }
  } else if (pending) {
    memory.pendingLearn = pending;
  }
  if (memory.lastAction?.type === 'ask') {
    const byId = new Map(task.facts.map((f) => [f.id, f.value]));
    for (const id of factsInText(task.facts, text)) memory.learned.set(id, byId.get(id) as string);
  }
}

/** After the plan: a role that may finish does; others hand control to one that may. */
function endOfPlan(task: Task<unknown>, obs: TeamObservation): Action {
  if (obs.canFinish) return { type: 'finish', status: 'done', answer: 'Done.' };
  const finisher = task.roles.find((r) => r.canFinish && r.id !== obs.role);
  if (finisher) return { type: 'handoff', to: finisher.id, message: { text: 'My part of the plan is complete.' } };
  return { type: 'wait', ticks: 1 };
}
