/**
 * Scripts for the example's Agents SDK team taken from the oracle's episode: the planner's tool
 * calls for triage, its brief, the executor's tool calls for the specialist, and the finish.
 */
import { ScriptedAgentModel, type ScriptedTurn } from '../../../src/adapters/agents-sdk/index.js';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import type { Action } from '../../../src/team/actions.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { triageTeam, type TriageOptions } from '../../../examples/agents-sdk-team.js';
import '../../../src/public/index.js';

/** The world the tests play. */
export const ENV = 'filesystem/rename-symbol-v1';

/** The oracle's episode cut into scripts. */
export interface OraclePlan {
  readonly oracle: EpisodeResult;
  readonly planner: ScriptedTurn[];
  readonly facts: Record<string, string>;
  readonly briefText: string;
  readonly executor: ScriptedTurn[];
  readonly finish: ScriptedTurn;
}

/** The oracle's episode, cut into the planner's part, its brief, and the executor's part. */
export async function oraclePlan(seed: number, perturb = 'clean'): Promise<OraclePlan> {
  const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed, perturb });
  const steps = oracle.trajectory.map((s) => ({ role: s.role, action: s.action as Action }));
  const handoffAt = steps.findIndex((s) => s.action.type === 'handoff');
  const brief = steps[handoffAt]?.action;
  if (brief?.type !== 'handoff' || typeof brief.message === 'string') throw new Error('no structured brief');
  const calls = (from: number, role: string): ScriptedTurn[] => {
    const out: ScriptedTurn[] = [];
    for (const s of steps.slice(from)) {
      if (s.role !== role || s.action.type !== 'tool') break;
      const { name, args } = actionToToolCall(s.action);
      out.push({ call: name, args });
    }
    return out;
  };
  const finishStep = steps.find((s) => s.action.type === 'finish');
  if (!finishStep) throw new Error('the oracle did not finish');
  const { name, args } = actionToToolCall(finishStep.action);
  return {
    oracle,
    planner: calls(0, 'planner'),
    facts: brief.message.facts ?? {},
    briefText: brief.message.text ?? '',
    executor: calls(handoffAt + 1, 'executor'),
    finish: { call: name, args },
  };
}

/** The example's team on scripted models. */
export function scriptedTeam(triage: ScriptedTurn[], specialist: ScriptedTurn[], options: TriageOptions = {}) {
  return triageTeam(
    { triage: new ScriptedAgentModel(triage, 'triage'), specialist: new ScriptedAgentModel(specialist, 'specialist') },
    options,
  );
}

/** The team's scripts of a plan: triage's calls, its brief and handoff, the finish; the specialist's calls and its report. */
export function planScripts(plan: OraclePlan, brief?: string): { triage: ScriptedTurn[]; specialist: ScriptedTurn[] } {
  const text =
    brief ??
    `${plan.briefText}\n${Object.entries(plan.facts)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')}`;
  return {
    triage: [...plan.planner, { say: text, call: 'transfer_to_specialist' }, plan.finish],
    specialist: [...plan.executor, { say: 'Done and checked: tests and lint pass.', call: 'transfer_to_triage' }],
  };
}

/** The full team scripts of a plan: triage briefs with `brief` (default: the oracle's text and facts). */
export function planTeam(plan: OraclePlan, { brief, ...options }: { brief?: string } & TriageOptions = {}) {
  const scripts = planScripts(plan, brief);
  return scriptedTeam(scripts.triage, scripts.specialist, options);
}
