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
 * The tests run these graphs with `fakeModel()` from `@langchain/core/testing`.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { MessagesAnnotation, START, StateGraph, type LangGraphRunnableConfig } from '@langchain/langgraph';
import type { InvokableGraph, LangGraphEpisode } from 'faultline/langgraph';

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
