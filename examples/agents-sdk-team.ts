// A team you already have in the OpenAI Agents SDK, evaluated unchanged on a faultline world:
// a triage agent that hands off to a specialist, which hands back. faultline gives each agent its
// role's tools and turns the SDK's handoffs into env handoffs, so the handoff audit checks what
// the specialist is really given.
//
//   npm i faultline @openai/agents@~0.14.3 openai@^6 zod@^4   (Node 20; @openai/agents >=0.15 needs openai@7 / Node 22)
//   OPENAI_API_KEY=… npx tsx examples/agents-sdk-team.ts
import { Agent, handoff, type HandoffInputData, type Model } from '@openai/agents';
import { analyzeEpisode } from 'faultline/metrics';
import { agentsSdkTeam, type AgentsSdkTeamConfig } from 'faultline/agents-sdk';

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

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.env['OPENAI_API_KEY']) {
    console.log('Set OPENAI_API_KEY to run this team on a real model (the tests run it on a scripted one).');
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
    const result = await team.play({ env: 'filesystem/rename-symbol-v1', team, seed: 7, perturb: 'production' });
    const metrics = analyzeEpisode(result);
    console.log(result.outcome, `${result.steps} steps, ${result.handoffs} handoffs`, 'modes:', metrics.verdict.modes);
    console.log(`${result.usage?.calls ?? 0} model calls, $${result.usage?.costUsd?.toFixed(4) ?? '?'}`);
    for (const s of result.trajectory)
      if (s.event.handoff)
        console.log(`handoff ${s.event.handoff.from} → ${s.event.handoff.to}, missing:`, s.event.handoff.missing);
  }
}
