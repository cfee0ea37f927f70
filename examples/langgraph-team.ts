/**
 * A LangGraph.js swarm as a faultline team: one `createReactAgent` per role, each with the env's
 * tools for its role and a `transfer_to_<teammate>` tool whose `Command` hands control (and a brief)
 * to that teammate's node. Every handoff is an env handoff, so the handoff audit checks each brief.
 *
 * With a real provider (`npm install @langchain/openai`), each model wrapped with `episode.model`
 * so that its calls are recorded, priced and (with a cassette) replayed:
 *
 * ```ts
 * import { ChatOpenAI } from '@langchain/openai';
 * import { langGraphTeam } from 'faultline/langgraph';
 * import { registerTeam } from 'faultline/teams';
 * import { swarmGraph } from './langgraph-team.js';
 *
 * const llm = () => new ChatOpenAI({ model: 'gpt-4.1-mini', temperature: 0 });
 * registerTeam(langGraphTeam((episode) => swarmGraph(episode, (role) => episode.model(role, llm())), { id: 'my-swarm' }));
 * // faultline run --import ./my-team.ts --team my-swarm --env filesystem/rename-symbol-v1 --perturb production
 * ```
 *
 * Run as is (`npx tsx examples/langgraph-team.ts`), it plays the swarm offline on LangChain's
 * `fakeModel()` (from `@langchain/core/testing`), each role's fake scripted with the tool calls
 * the reference oracle made, under `production` faults, and prints the handoffs and the verdict.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { MessagesAnnotation, START, StateGraph, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { fakeModel } from '@langchain/core/testing';
import { runEpisode, type Action, type EpisodeResult } from 'faultline';
import { langGraphTeam, type InvokableGraph, type LangGraphEpisode } from 'faultline/langgraph';
import { actionToToolCall } from 'faultline/llm';
import { analyzeEpisode } from 'faultline/metrics';
import { oracleTeam } from 'faultline/teams';

/** A swarm: every role an agent that may hand off to any teammate; the entry role starts. */
export function swarmGraph(episode: LangGraphEpisode, modelFor: (role: string) => BaseChatModel): InvokableGraph {
  const graph = new StateGraph(MessagesAnnotation);
  for (const role of episode.roles) {
    const teammates = episode.roles.filter((r) => r !== role);
    const agent = createReactAgent({
      llm: modelFor(role),
      tools: [...episode.tools(role), ...teammates.map((to) => episode.handoffTool(role, to))],
      name: role,
    });
    graph.addNode(role, agent, { ends: teammates });
  }
  graph.addEdge(START, episode.entryRole as typeof START);
  return graph.compile();
}

/**
 * LangGraph's supervisor pattern, hand-built: the entry role is the supervisor, a
 * `createReactAgent` with its env tools and a `transfer_to_<worker>` tool per worker; each worker
 * is a `createReactAgent` with its env tools that works from the supervisor's brief alone (its
 * own conversation, kept apart from the supervisor's) and, when its agent stops, reports back:
 * its final answer is the update of a `Command` to the supervisor. Both directions are env
 * handoffs, so the handoff audit checks every brief and every report.
 */
export function supervisorGraph(episode: LangGraphEpisode, modelFor: (role: string) => BaseChatModel): InvokableGraph {
  const supervisor = episode.entryRole;
  const workers = episode.roles.filter((r) => r !== supervisor);
  const graph = new StateGraph(MessagesAnnotation);
  graph.addNode(
    supervisor,
    createReactAgent({
      llm: modelFor(supervisor),
      tools: [...episode.tools(supervisor), ...workers.map((to) => episode.handoffTool(supervisor, to))],
      name: supervisor,
    }),
    { ends: workers },
  );
  for (const worker of workers) {
    const agent = createReactAgent({ llm: modelFor(worker), tools: episode.tools(worker), name: worker });
    // The worker's own conversation: each brief it is sent, and its work on it.
    let history: BaseMessage[] = [];
    graph.addNode(
      worker,
      async (state: typeof MessagesAnnotation.State, config: LangGraphRunnableConfig) => {
        const brief = state.messages.at(-1)?.text ?? '';
        const done = await agent.invoke({ messages: [...history, new HumanMessage(brief)] }, config);
        history = done.messages;
        const report = new AIMessage({ content: history.at(-1)?.text ?? '', name: worker });
        const command = await episode.handoff(worker, supervisor, { messages: [report] }, { parent: false });
        // A refused report (e.g. the worker finished the episode itself) ends the graph with the reason.
        if (typeof command === 'string') throw new Error(`${worker} could not report to ${supervisor}: ${command}`);
        return command;
      },
      { ends: [supervisor] },
    );
  }
  graph.addEdge(START, supervisor as typeof START);
  return graph.compile();
}

/** A handoff's brief as text: its text, then each fact as `id: value`. */
export function briefText(message: Extract<Action, { type: 'handoff' }>['message']): string {
  if (typeof message === 'string') return message;
  const lines = message.text !== undefined ? [message.text] : [];
  for (const [id, value] of Object.entries(message.facts ?? {})) lines.push(`${id}: ${value}`);
  return lines.join('\n');
}

/** One `fakeModel()` per role, answering with that role's actions of `trajectory` as tool calls (handoffs as `transfer_to_<role>`). */
export function fakeModelsFrom(trajectory: EpisodeResult['trajectory']): Map<string, ReturnType<typeof fakeModel>> {
  const models = new Map<string, ReturnType<typeof fakeModel>>();
  for (const [index, step] of trajectory.entries()) {
    const action = step.action as Action;
    const model = models.get(step.role) ?? fakeModel();
    models.set(step.role, model);
    const call =
      action.type === 'handoff'
        ? { name: `transfer_to_${action.to}`, args: { text: briefText(action.message) } }
        : actionToToolCall(action);
    // Explicit ids: several fake models in one graph would otherwise give the same ones.
    model.respond(
      new AIMessage({
        id: `ai-${index}`,
        content: '',
        tool_calls: [{ id: `call-${index}`, name: call.name, args: call.args, type: 'tool_call' }],
      }),
    );
    if (action.type === 'finish') model.respond(new AIMessage({ id: `ai-${index}-end`, content: 'Done.' }));
  }
  return models;
}

/** The swarm on fake models replaying the oracle's calls, under production faults; prints what it measured. */
export async function runOffline(seed = 1): Promise<EpisodeResult> {
  const episode = { env: 'filesystem/rename-symbol-v1', seed, perturb: 'production' };
  const models = fakeModelsFrom((await runEpisode({ ...episode, team: oracleTeam })).trajectory);
  const team = langGraphTeam((ep) => swarmGraph(ep, (role) => ep.model(role, models.get(role) ?? fakeModel())), {
    id: 'langgraph-example',
  });
  const result = await team.play({ ...episode, team });
  const verdict = analyzeEpisode(result).verdict;
  console.log(`${team.id}: ${result.outcome} in ${result.steps} steps, ${result.usage?.calls ?? 0} model calls`);
  for (const s of result.trajectory)
    if (s.event.handoff)
      console.log(
        `step ${s.step}: handoff ${s.role} → ${s.event.handoff.to}, facts missing: [${s.event.handoff.missing.join(', ')}]`,
      );
  console.log(`failure modes: ${verdict.modes.join(', ') || 'none'}`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await runOffline();
