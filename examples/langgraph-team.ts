/**
 * A LangGraph.js swarm as a faultline team: one `createReactAgent` per role, each with the env's
 * tools for its role and a `transfer_to_<teammate>` tool whose `Command` hands control (and a brief)
 * to that teammate's node. Every handoff is an env handoff, so the handoff audit checks each brief.
 *
 * With a real provider (`npm install @langchain/openai`):
 *
 * ```ts
 * import { ChatOpenAI } from '@langchain/openai';
 * import { langGraphTeam } from 'faultline/langgraph';
 * import { swarmGraph } from './langgraph-team.js';
 *
 * const team = langGraphTeam((episode) => swarmGraph(episode, () => new ChatOpenAI({ model: 'gpt-4.1-mini', temperature: 0 })));
 * // faultline run --team-module ./my-team.ts --env filesystem/rename-symbol-v1 --perturb production
 * ```
 *
 * The tests run this graph with `fakeModel()` from `@langchain/core/testing`.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
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
