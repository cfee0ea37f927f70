/**
 * `alternative-path`: the oracle, reaching the same goal by another valid path. The entry role
 * first asks the user whether anything is to be added to the request (the simulated user has
 * nothing to add unless the task is ambiguous); before it starts its part, each role reads the
 * sources its part rests on (the read-only calls of its own plan steps, made ahead of time, as a
 * careful engineer opens the files before touching them); then it does exactly what the oracle
 * does. Nothing it does is wrong, so every failure-mode metric must stay quiet on it and it must
 * succeed wherever the oracle does: it is how false positives from "not the oracle's exact path"
 * are measured.
 *
 * The reads ahead are the calls a role would make anyway, with the same arguments, so they need no
 * knowledge the role does not have yet (calls that take a fact's value are left out). They skip
 * the tools the episode's fault plan targets: a fault is planned on the nth call of a tool, and a
 * read ahead would move it from the oracle's call to this team's extra one; skipping them keeps
 * every fault on the same call as for the oracle, so the two teams are compared under the same
 * faults. The oracle never sees the opening actions: it is handed the observation it would have had.
 */
import type { Action, Agent, EpisodeStart, Team, TeamObservation } from 'faultline';
import { factRefs } from 'faultline/authoring';
import { createPlanFollowers } from 'faultline/teams';
import type { ProbeOptions } from './index.js';

/** Options of {@link createAlternativePathTeam}. */
export interface AlternativePathOptions extends ProbeOptions {
  /** Most reads ahead per role (each a distinct call). @defaultValue 2 */
  readonly readsAhead?: number;
  /** Whether the entry role first asks the user whether anything is to be added to the request. @defaultValue true */
  readonly askFirst?: boolean;
}

/** The entry role's opening question: open, naming no fact, as a careful assistant confirms a brief. */
export const OPENING_QUESTION = 'Before I start: is there anything you would like to add to the request?';

type ToolCall = Extract<Action, { type: 'tool' }>;
type Opening = ToolCall | Extract<Action, { type: 'ask' }>;

/** The roles that have begun their part, per episode. */
const startedRoles = new WeakMap<EpisodeStart, Set<string>>();

/** Builds the alternative-path probe team; `onDefect` is told of every opening action (where it left the oracle's path). */
export function createAlternativePathTeam(options: AlternativePathOptions = {}): Team {
  const readsAhead = options.readsAhead ?? 2;
  const askFirst = options.askFirst ?? true;
  return {
    id: 'alternative-path',
    description:
      'The oracle, except that the entry role first asks whether anything is to be added and each role first reads the sources its part rests on (its own read-only calls, ahead of time); must succeed as the oracle does and be flagged for nothing.',
    privileged: true,
    createAgents(start) {
      const oracle = createPlanFollowers(start);
      // Agents are created again when a role restarts: a role opens once per episode.
      const started = startedRoles.get(start) ?? new Set<string>();
      startedRoles.set(start, started);
      const agents: Record<string, Agent> = {};
      for (const [role, agent] of Object.entries(oracle)) {
        const ask: Opening[] =
          askFirst && role === start.entryRole ? [{ type: 'ask', question: OPENING_QUESTION }] : [];
        const opening = started.has(role) ? [] : [...ask, ...readsAheadOf(start, role).slice(0, readsAhead)];
        agents[role] = openingFirst(agent, opening, options, () => started.add(role));
      }
      return agents;
    },
  };
}

/**
 * The read-only calls of the role's own plan steps, in plan order, without fact placeholders (the
 * role may not know those values yet) and off the tools the fault plan targets; each once.
 */
function readsAheadOf(start: EpisodeStart, role: string): ToolCall[] {
  const task = start.privileged?.task;
  if (!task) throw new Error('the alternative-path team needs the privileged task; declare it with privileged: true');
  const readOnly = new Set(
    (start.roles.find((r) => r.id === role)?.tools ?? []).filter((t) => t.readOnly).map((t) => t.name),
  );
  const faulted = new Set(
    start.privileged?.faultPlan.flatMap((p) => (p.trigger.on === 'call' ? [p.trigger.tool] : [])) ?? [],
  );
  const seen = new Set<string>();
  const out: ToolCall[] = [];
  for (const step of task.plan) {
    const action = step.action;
    if (step.role !== role || action.type !== 'tool' || step.when) continue;
    if (!readOnly.has(action.tool) || faulted.has(action.tool) || factRefs(action.args).size > 0) continue;
    const key = JSON.stringify(action);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(action);
  }
  return out;
}

/** The agent: its opening actions (a question, reads ahead) on its first turns, then the oracle's. */
function openingFirst(agent: Agent, opening: readonly Opening[], options: ProbeOptions, onStart: () => void): Agent {
  const queue = [...opening];
  // What the role's first observation said about its own past (the result of its last action, a
  // restart), held from its first turn to the oracle's: what the oracle would have seen.
  let held: Pick<TeamObservation, 'last' | 'restarted'> | null = null;
  let started = false;
  return {
    act(obs, ctx) {
      if (!started) {
        started = true;
        onStart();
        if (queue.length > 0) held = { last: obs.last, restarted: obs.restarted };
      }
      const next = queue.shift();
      if (next) {
        const note = next.type === 'ask' ? 'asked first' : `read ahead: ${next.tool}`;
        options.onDefect?.({ step: obs.step + 1, role: obs.role, note });
        return next;
      }
      if (!held) return agent.act(obs, ctx);
      const seen: TeamObservation = { ...obs, last: held.last, restarted: held.restarted || obs.restarted };
      held = null;
      return agent.act(seen, ctx);
    },
  };
}
