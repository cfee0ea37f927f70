// A team you already have in the OpenAI Agents SDK, evaluated unchanged on a faultline world:
// a triage agent that hands off to a specialist, which hands back. faultline gives each agent its
// role's tools and turns the SDK's handoffs into env handoffs, so the handoff audit checks what
// the specialist is really given.
//
//   npm i faultline @openai/agents@~0.14.3 openai@^6 zod@^4   (Node 20; @openai/agents >=0.15 needs openai@7 / Node 22)
//   OPENAI_API_KEY=… npx tsx examples/agents-sdk-team.ts
//
// Without OPENAI_API_KEY it runs offline: each agent's model is a ScriptedAgentModel playing the
// tool calls the reference oracle made, and the triage agent's brief is the oracle's.
import { Agent, handoff, type HandoffInputData, type Model } from '@openai/agents';
import { runEpisode, type Action, type EpisodeResult } from 'faultline';
import { analyzeEpisode } from 'faultline/metrics';
import { actionToToolCall } from 'faultline/llm';
import { oracleTeam } from 'faultline/teams';
import { agentsSdkTeam, ScriptedAgentModel, type AgentsSdkTeamConfig, type ScriptedTurn } from 'faultline/agents-sdk';

/** How the example team is built: `briefOnly` hands the specialist only the brief; the rest is `agentsSdkTeam`'s. */
export type TriageOptions = { readonly briefOnly?: boolean } & Partial<Omit<AgentsSdkTeamConfig, 'agents'>>;

/** Your agents, keyed by the env role each plays (`planner` starts; `executor` changes files). */
export function triageTeam(
  models: { triage: Model | string; specialist: Model | string },
  { briefOnly = false, ...team }: TriageOptions = {},
) {
  const specialist = new Agent({
    name: 'specialist',
    instructions:
      'Apply the change you are briefed on with your tools, run the tests and lint, then hand back to triage.',
    model: models.specialist,
  });
  const triage = new Agent({
    name: 'triage',
    instructions:
      'Explore the repository and the release rules, write the specialist a brief with every name, version and limit it needs, hand off, and finish the task once it reports back.',
    model: models.triage,
    // With `briefOnly` the specialist gets just the brief, not the conversation: the audit then
    // checks that the brief itself carries every fact the specialist needs.
    handoffs: [briefOnly ? handoff(specialist, { inputFilter: lastMessageOnly }) : specialist],
  });
  specialist.handoffs = [triage];
  return agentsSdkTeam({ id: 'agents-sdk-triage', ...team, agents: { planner: triage, executor: specialist } });
}

/** A handoff input filter that passes only the sender's last message. */
export function lastMessageOnly(data: HandoffInputData): HandoffInputData {
  const last = [...data.newItems].reverse().find((i) => i.type === 'message_output_item');
  return { inputHistory: [], preHandoffItems: [], newItems: last ? [last] : [], runContext: data.runContext };
}

/** Prints what an episode measured: outcome, calls and cost, each handoff's missing facts, the failure modes. */
export function printEpisode(result: EpisodeResult): void {
  const metrics = analyzeEpisode(result);
  console.log(`${result.outcome}: ${result.steps} steps, ${result.handoffs} handoffs`);
  const cost = result.usage?.costUsd;
  console.log(`${result.usage?.calls ?? 0} model calls, ${cost == null ? 'no prices given' : `$${cost.toFixed(4)}`}`);
  for (const s of result.trajectory)
    if (s.event.handoff)
      console.log(
        `handoff ${s.event.handoff.from} → ${s.event.handoff.to}, facts missing: [${s.event.handoff.missing.join(', ')}]`,
      );
  console.log(`failure modes: ${metrics.verdict.modes.join(', ') || 'none'}`);
}

/** The oracle's episode cut into scripts: triage plays the planner's part, the specialist the executor's. */
export interface OraclePlan {
  readonly oracle: EpisodeResult;
  readonly planner: ScriptedTurn[];
  readonly facts: Record<string, string>;
  readonly briefText: string;
  readonly executor: ScriptedTurn[];
  readonly finish: ScriptedTurn;
}

/** The oracle's episode on the example's world, cut into the planner's calls, its brief, the executor's calls and the finish. */
export async function oraclePlan(seed: number, perturb = 'clean'): Promise<OraclePlan> {
  const oracle = await runEpisode({ env: 'filesystem/rename-symbol-v1', team: oracleTeam, seed, perturb });
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

/** The team's scripts of a plan: triage's calls, its brief (default: the oracle's text and facts) and the finish; the specialist's calls and its report. */
export function planScripts(plan: OraclePlan, brief?: string): { triage: ScriptedTurn[]; specialist: ScriptedTurn[] } {
  const text = brief ?? [plan.briefText, ...Object.entries(plan.facts).map(([k, v]) => `${k}: ${v}`)].join('\n');
  return {
    triage: [...plan.planner, { say: text, call: 'transfer_to_specialist' }, plan.finish],
    specialist: [...plan.executor, { say: 'Done and checked: tests and lint pass.', call: 'transfer_to_triage' }],
  };
}

/** The team offline: scripted models replay the oracle's calls, and triage briefs with the oracle's brief. */
export async function runOffline(seed = 1, perturb = 'production'): Promise<EpisodeResult> {
  const scripts = planScripts(await oraclePlan(seed, perturb));
  const team = triageTeam(
    {
      triage: new ScriptedAgentModel(scripts.triage, 'triage'),
      specialist: new ScriptedAgentModel(scripts.specialist, 'specialist'),
    },
    { briefOnly: true },
  );
  const result = await team.play({ env: 'filesystem/rename-symbol-v1', team, seed, perturb });
  printEpisode(result);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.env['OPENAI_API_KEY']) {
    console.log('No OPENAI_API_KEY: the team plays offline on scripted models.');
    await runOffline();
  } else {
    const price = { input: 0.4, output: 1.6, cachedInput: 0.1 }; // USD per million tokens (gpt-4.1-mini)
    const team = triageTeam(
      { triage: 'gpt-4.1-mini', specialist: 'gpt-4.1-mini' },
      {
        briefOnly: true,
        prices: { planner: price, executor: price },
        // The first run records every answer; running the same seed again replays them, offline.
        cassette: { dir: 'cassettes/agents-sdk', mode: 'auto' },
      },
    );
    printEpisode(await team.play({ env: 'filesystem/rename-symbol-v1', team, seed: 7, perturb: 'production' }));
  }
}
