/**
 * The `fact-drop` probe team: the paraphrasing team (free-text handoffs, every value
 * paraphrased), except that one handoff leaves out exactly one fact its receiver needs — the
 * first brief that states a fact the receiver's role needs; which of those facts is seeded. The
 * writer does not notice: it refers to the value by its description ("the change ticket of the
 * rollback") instead of stating it. It reports the drop through `onDefect` (step, sender, fact).
 *
 * Everything else is the oracle's, including its receivers, which ask for a resend when a brief
 * lacks a fact they need; the resend is complete. The loss is real but repaired. With
 * `askForResend: false` nobody asks: the receiver acts on the brief as it came (guessing the
 * missing value) and the drop is the episode's one defect.
 */
import type { Action } from 'faultline';
import { Rng } from 'faultline/authoring';
import { createPlanFollowers, type Agent, type Team } from 'faultline/teams';
import { freeTextHandoff, paraphraseText, statedFacts } from './free-text.js';
import type { ProbeOptions } from './index.js';

/** Options of {@link createFactDropTeam}. */
export interface FactDropOptions extends ProbeOptions {
  /**
   * Whether receivers ask for a resend of a brief that lacks a fact they need (the oracle's
   * behaviour). `false` turns off the oracle's recoveries as a whole — retries and asks too — so
   * use it only in clean runs. @defaultValue true
   */
  readonly askForResend?: boolean;
  /** The team's id. @defaultValue 'fact-drop' ('fact-drop-silent' when `askForResend` is false) */
  readonly id?: string;
}

/** Builds the fact-drop probe team. */
export function createFactDropTeam(options: FactDropOptions = {}): Team {
  const ask = options.askForResend ?? true;
  return {
    id: options.id ?? (ask ? 'fact-drop' : 'fact-drop-silent'),
    description:
      'The paraphrasing team, except that one free-text brief leaves out exactly one fact its receiver needs (seeded).',
    privileged: true,
    createAgents(start) {
      const task = start.privileged?.task;
      if (!task) throw new Error('the fact-drop team needs the privileged task; declare it with privileged: true');
      let episode = episodes.get(start);
      if (!episode) {
        episode = { rng: Rng.fromSeed(start.agentSeed).fork('fact-drop'), dropped: false };
        episodes.set(start, episode);
      }
      const state = episode;
      const agents: Record<string, Agent> = {};
      for (const [role, agent] of Object.entries(createPlanFollowers(start, ask ? {} : { recover: false }))) {
        agents[role] = {
          act: async (obs, ctx) => {
            const action = (await agent.act(obs, ctx)) as Action;
            if (action.type === 'finish' && action.answer)
              return { ...action, answer: paraphraseText(action.answer, task.facts, state.rng) };
            if (action.type !== 'handoff') return action;
            if (!state.dropped) {
              const needs = task.roles.find((r) => r.id === action.to)?.needs ?? [];
              const candidates = statedFacts(action, task.facts).filter((f) => needs.includes(f.id));
              if (candidates.length > 0) {
                state.dropped = true;
                const fact = state.rng.pick(candidates);
                options.onDefect?.({
                  step: obs.step + 1,
                  role: obs.role,
                  facts: [fact.id],
                  note: `left ${fact.id} out of the handoff to ${action.to}`,
                });
                return freeTextHandoff(action, task.facts, state.rng, [fact]);
              }
            }
            return freeTextHandoff(action, task.facts, state.rng);
          },
        };
      }
      return agents;
    },
  };
}

/** Per episode: one stream shared by the roles, and whether the drop happened. */
const episodes = new WeakMap<object, { rng: Rng; dropped: boolean }>();

/** The fact-drop probe team with its defaults. */
export const factDropTeam: Team = createFactDropTeam();
