/**
 * `handoff(from, to, update, { parent: false })` in a plain `StateGraph` whose nodes return
 * `Command`s themselves (no prebuilt agent): each node takes its role's actions of the oracle's
 * trajectory through the episode's LangChain tools, and hands off with a `Command` whose update
 * holds a brief message and a state key of its own; both reach the env as the handoff's payload.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import { Annotation, Command, END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { loadBuiltins } from '../../../src/builtins.js';
import { runEpisode } from '../../../src/team/episode.js';
import type { Action } from '../../../src/team/actions.js';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { langGraphTeam, type InvokableGraph, type LangGraphEpisode } from '../../../src/adapters/langgraph/index.js';
import { briefText } from './scripted.js';

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 2;

beforeAll(() => loadBuiltins());

const State = Annotation.Root({
  ...MessagesAnnotation.spec,
  sender: Annotation<string>(),
});

/** Nodes that replay each role's actions in order, handing off with their own `Command`s. */
function replayGraph(episode: LangGraphEpisode, actions: readonly { role: string; action: Action }[]): InvokableGraph {
  let next = 0;
  const graph = new StateGraph(State);
  for (const role of episode.roles) {
    const tools = new Map(episode.tools(role).map((t) => [t.name, t]));
    graph.addNode(
      role,
      async (): Promise<Command | { messages: BaseMessage[] }> => {
        for (;;) {
          const step = actions[next];
          if (!step || step.role !== role) return { messages: [] };
          next += 1;
          if (step.action.type === 'handoff') {
            const command = await episode.handoff(
              role,
              step.action.to,
              { messages: [new AIMessage(briefText(step.action.message))], sender: role },
              { parent: false },
            );
            if (typeof command === 'string') throw new Error(command);
            return command;
          }
          const call = actionToToolCall(step.action);
          const tool = tools.get(call.name);
          if (!tool) throw new Error(`no tool ${call.name} for ${role}`);
          await tool.invoke(call.args);
          if (step.action.type === 'finish') return new Command({ goto: END });
        }
      },
      { ends: [...episode.roles.filter((r) => r !== role), END] },
    );
  }
  graph.addEdge(START, episode.entryRole as typeof START);
  return graph.compile();
}

describe('langGraphTeam with a plain StateGraph', () => {
  it('nodes returning Commands solve the task; the update, other keys included, is the payload', async () => {
    const local = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED });
    const actions = local.trajectory.map((s) => ({ role: s.role, action: s.action as Action }));
    const team = langGraphTeam((episode) => replayGraph(episode, actions), { id: 'langgraph-plain' });
    const hosted = await team.play?.({ env: ENV, team, seed: SEED });
    expect(hosted?.outcome).toBe('success');
    const handoff = hosted?.trajectory.find((s) => (s.action as Action).type === 'handoff');
    const message = (handoff?.action as Extract<Action, { type: 'handoff' }> | undefined)?.message;
    expect(message).toMatchObject({ sender: handoff?.role });
    expect(handoff?.event.handoff?.missing).toEqual([]);
  }, 60_000);
});
