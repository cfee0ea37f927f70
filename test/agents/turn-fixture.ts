/**
 * A hand-built task and turn for unit tests of the plan follower's rules: a planner that briefs
 * an executor, who reads a fence's size, paints it, and reports back.
 */
import type { EpisodeStart } from '../../src/team/agent.js';
import type { TeamObservation } from '../../src/team/observation.js';
import type { FiredPerturbation } from '../../src/team/perturbation.js';
import type { InboxMessage } from '../../src/team/state.js';
import type { Task } from '../../src/team/world.js';
import { newRoleMemory, type RoleMemory } from '../../agents/follower-memory.js';
import type { Playbook, PlanFollowerBehaviour, Turn } from '../../agents/plan-follower/types.js';

export const TASK: Task<unknown> = {
  id: 'fence@0',
  family: 'fence',
  seed: 0,
  request: 'Paint the fence blue.',
  roles: [
    { id: 'planner', description: 'plans', tools: [], canFinish: true, needs: [] },
    {
      id: 'executor',
      description: 'paints',
      tools: ['read', 'paint', 'paint_v2'],
      canFinish: false,
      needs: ['colour'],
    },
  ],
  entryRole: 'planner',
  facts: [
    { id: 'colour', description: 'the colour', value: 'blue', guess: 'white', alternative: 'green' },
    { id: 'size', description: 'the size', value: '12', guess: '10' },
  ],
  constraints: [],
  world: {},
  plan: [
    {
      role: 'planner',
      action: {
        type: 'handoff',
        to: 'executor',
        message: { text: 'Paint the fence {{fact:colour}}.', facts: { colour: '{{fact:colour}}' } },
      },
    },
    {
      role: 'executor',
      action: { type: 'tool', tool: 'read', args: { path: 'fence' } },
      learn: [{ fact: 'size', pattern: 'size (\\d+)' }],
    },
    { role: 'executor', action: { type: 'tool', tool: 'paint', args: { colour: '{{fact:colour}}' } } },
    { role: 'executor', action: { type: 'handoff', to: 'planner', message: { text: 'Painted.' } } },
  ],
  clarifications: [],
};

/** An observation of `role` (the executor by default) with nothing in it. */
export function observation(over: Partial<TeamObservation> = {}): TeamObservation {
  const role = over.role ?? 'executor';
  const spec = TASK.roles.find((r) => r.id === role)!;
  return {
    env: 'fence/paint-v1',
    step: 5,
    clock: 5,
    role,
    request: role === TASK.entryRole ? TASK.request : null,
    inbox: [],
    last: null,
    tools: spec.tools,
    teammates: TASK.roles.filter((r) => r.id !== role).map((r) => r.id),
    canFinish: spec.canFinish,
    restarted: false,
    done: false,
    text: '',
    ...over,
  };
}

/** The brief the planner sends, as it arrives in the executor's inbox. */
export function brief(
  step = 1,
  text = 'Paint the fence blue.',
  facts: Record<string, string> = { colour: 'blue' },
): InboxMessage {
  return { from: 'planner', step, message: { text, facts } };
}

/** What a test may set on a turn. */
export interface TurnOptions {
  readonly obs?: Partial<TeamObservation>;
  readonly memory?: Partial<RoleMemory>;
  readonly playbook?: Partial<Playbook>;
  readonly behaviour?: PlanFollowerBehaviour;
  readonly fresh?: readonly InboxMessage[];
  readonly recover?: boolean;
  readonly fired?: readonly FiredPerturbation[];
  readonly resultDamaged?: boolean;
  readonly start?: Partial<EpisodeStart>;
}

/** A turn of the executor (by default) with an empty memory, a fresh playbook and a quiet episode. */
export function turn(options: TurnOptions = {}): Turn {
  const obs = observation(options.obs);
  const memory = Object.assign(newRoleMemory(), options.memory ?? {});
  const playbook: Playbook = {
    cursor: 0,
    notesSent: new Map(),
    executed: new Map(),
    inFlight: new Map(),
    ...options.playbook,
  };
  const start: EpisodeStart = {
    envId: 'fence/paint-v1',
    seed: 0,
    trial: 0,
    variant: 0,
    agentSeed: 0,
    entryRole: 'planner',
    roles: [],
    privileged: { task: TASK, faultPlan: [] },
    ...options.start,
  };
  return {
    task: TASK,
    playbook,
    memory,
    obs,
    start,
    behaviour: options.behaviour ?? {},
    fresh: options.fresh ?? obs.inbox,
    recover: options.recover ?? true,
    fired: options.fired ?? [],
    resultDamaged: options.resultDamaged ?? false,
  };
}

/** A fired perturbation record with the fields the rules look at. */
export function firedRecord(
  over: Partial<FiredPerturbation> & Pick<FiredPerturbation, 'type' | 'step' | 'role'>,
): FiredPerturbation {
  return { id: 'p1', kind: 'tool', site: 'tool-result', recovery: 'retry', detail: '', ...over };
}
