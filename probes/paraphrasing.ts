/**
 * The `paraphrasing` probe team: the oracle, except that every handoff it sends is free text —
 * no structured `facts` — with each value written the way people write it (seeded among
 * "version 3.5.2", "149.00 GBP", "thirty-one", **bold** or `quoted` names, changed case,
 * "4200 Mbps" …), and its final answer is paraphrased the same way. It carries every fact, so a
 * context-loss metric that flags it is measuring spelling, not loss.
 */
import type { Action } from 'faultline';
import { Rng } from 'faultline/authoring';
import { createPlanFollowers, type Agent, type Team } from 'faultline/teams';
import { freeTextHandoff, paraphraseText } from './free-text.js';
import type { ProbeOptions } from './index.js';

/** Options of {@link createParaphrasingTeam}. */
export interface ParaphrasingOptions extends ProbeOptions {
  /** Whether the final answer is paraphrased too. @defaultValue true */
  readonly answer?: boolean;
}

/** Builds the paraphrasing probe team. It has no defect, so `onDefect` is never called. */
export function createParaphrasingTeam(options: ParaphrasingOptions = {}): Team {
  return {
    id: 'paraphrasing',
    description:
      'The oracle, handing off in free text with every value paraphrased (no structured facts); carries every fact.',
    privileged: true,
    createAgents(start) {
      const task = start.privileged?.task;
      if (!task) throw new Error('the paraphrasing team needs the privileged task; declare it with privileged: true');
      const rng = streams.get(start) ?? Rng.fromSeed(start.agentSeed).fork('paraphrasing');
      streams.set(start, rng);
      const agents: Record<string, Agent> = {};
      for (const [role, agent] of Object.entries(createPlanFollowers(start))) {
        agents[role] = {
          act: async (obs, ctx) => {
            const action = (await agent.act(obs, ctx)) as Action;
            if (action.type === 'handoff') return freeTextHandoff(action, task.facts, rng);
            if (action.type === 'finish' && options.answer !== false && action.answer)
              return { ...action, answer: paraphraseText(action.answer, task.facts, rng) };
            return action;
          },
        };
      }
      return agents;
    },
  };
}

/** One stream per episode, shared by its roles (they take turns, so draws come in a fixed order). */
const streams = new WeakMap<object, Rng>();

/** The paraphrasing probe team with its defaults. */
export const paraphrasingTeam: Team = createParaphrasingTeam();
