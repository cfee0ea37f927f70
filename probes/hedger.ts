/**
 * The `hedger` probe team: the oracle, except that its final answer does not commit. Every fact
 * value the answer states is offered together with a wrong candidate of the same kind — the
 * fact's plausible guess ("the culprit was payments-router or coupons-gateway", "it now runs
 * v3.5.2 or v3.5.3") — and the first count or amount it reports gets a second figure ("4 contacts,
 * possibly 5 contacts"). A grader that accepts it rewards listing candidates instead of answering.
 */
import type { Action } from 'faultline';
import { createPlanFollowers, type Agent, type Team } from 'faultline/teams';
import type { ProbeOptions } from './index.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A count or amount as answers report them: "4 contacts", "8 files", "954.27 USD". */
const FIGURE = /(?<![\p{L}\p{N}_.,-])(\d{1,3}(?:,\d{3})*|\d+)(\.\d+)? (files?|contacts?|USD|GBP|EUR)(?![\p{L}])/u;

/** Builds the hedger probe team. `onDefect` is told the hedged answer (its step, role and facts). */
export function createHedgerTeam(options: ProbeOptions = {}): Team {
  return {
    id: 'hedger',
    description: 'The oracle, except that its final answer offers each value among wrong candidates ("X or Y").',
    privileged: true,
    createAgents(start) {
      const task = start.privileged?.task;
      if (!task) throw new Error('the hedger team needs the privileged task; declare it with privileged: true');
      const agents: Record<string, Agent> = {};
      for (const [role, agent] of Object.entries(createPlanFollowers(start))) {
        agents[role] = {
          act: async (obs, ctx) => {
            const action = (await agent.act(obs, ctx)) as Action;
            if (action.type !== 'finish' || !action.answer) return action;
            let answer = action.answer;
            const hedged: string[] = [];
            for (const f of task.facts) {
              if (f.value.trim() === '' || f.guess.trim() === '' || f.guess === f.value) continue;
              const at = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(f.value)}(?![\\p{L}\\p{N}_])`, 'u');
              if (!at.test(answer)) continue;
              answer = answer.replace(at, `${f.value} or ${f.guess}`);
              hedged.push(f.id);
            }
            answer = answer.replace(FIGURE, (whole, int: string, dec: string | undefined, unit: string) => {
              const n = Number(int.replace(/,/g, '')) + 1;
              return `${whole}, possibly ${n}${dec ?? ''} ${unit}`;
            });
            options.onDefect?.({ step: obs.step + 1, role: obs.role, facts: hedged, note: 'hedged the final answer' });
            return { ...action, answer };
          },
        };
      }
      return agents;
    },
  };
}

/** The hedger probe team with its defaults. */
export const hedgerTeam: Team = createHedgerTeam();
