/**
 * One team behaviour, scripted for three frameworks. The behaviour is a list of moves per role,
 * taken from a reference episode: world tool calls, handoffs whose brief is plain text written
 * here, and the finish. Each framework gets it through its own test model — the Agents SDK's
 * `ScriptedAgentModel`, the AI SDK's `MockLanguageModelV3`, LangChain's `fakeModel()` — and its
 * own way of handing off, set up so that the receiver is passed ONLY the brief.
 */
import { Agent, handoff, type HandoffInputData } from '@openai/agents';
import type { LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { AIMessage, HumanMessage, RemoveMessage, type BaseMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { tool } from '@langchain/core/tools';
import { MessagesAnnotation, REMOVE_ALL_MESSAGES, START, StateGraph } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ScriptedAgentModel, agentsSdkTeam, type ScriptedTurn } from 'faultline/agents-sdk';
import { aiSdkTeam } from 'faultline/ai-sdk';
import { langGraphTeam, type LangGraphEpisode } from 'faultline/langgraph';
import type { Team } from '../../src/team/agent.js';

/** One move of a role: a tool call (world tool or team action) or a handoff with a plain-text brief. */
export type Move =
  | { readonly kind: 'call'; readonly name: string; readonly args: Record<string, unknown> }
  | { readonly kind: 'handoff'; readonly to: string; readonly brief: string };

/** The behaviour: every role's moves, in order. */
export type Behaviour = ReadonlyMap<string, readonly Move[]>;

/** The first request each role's model got, as one string: what that role was given to start from. */
export type FirstSeen = Map<string, string>;

// ---------------------------------------------------------------------------------------------
// OpenAI Agents SDK: one Agent per role; every handoff has an input filter passing only the
// sender's last message (its brief), so the receiver starts from the brief alone.

/** An input filter that passes only the sender's last message. */
function lastMessageOnly(data: HandoffInputData): HandoffInputData {
  const last = [...data.newItems].reverse().find((i) => i.type === 'message_output_item');
  return { inputHistory: [], preHandoffItems: [], newItems: last ? [last] : [], runContext: data.runContext };
}

/** The behaviour as an Agents SDK team of `ScriptedAgentModel`s. */
export function agentsSdkScripted(behaviour: Behaviour): { team: Team; firstSeen: () => FirstSeen } {
  const models = new Map<string, ScriptedAgentModel>();
  const agents: Record<string, Agent> = {};
  for (const [role, moves] of behaviour) {
    const turns: ScriptedTurn[] = moves.map((m) =>
      m.kind === 'call' ? { call: m.name, args: m.args } : { say: m.brief, call: `transfer_to_${m.to}` },
    );
    const model = new ScriptedAgentModel(turns, role);
    models.set(role, model);
    agents[role] = new Agent({ name: role, instructions: `You play the ${role}.`, model });
  }
  for (const [role, moves] of behaviour) {
    const targets = [...new Set(moves.flatMap((m) => (m.kind === 'handoff' ? [m.to] : [])))];
    (agents[role] as Agent).handoffs = targets.map((to) =>
      handoff(agents[to] as Agent, { inputFilter: lastMessageOnly }),
    );
  }
  const team = agentsSdkTeam({ id: 'cross-agents-sdk', agents });
  const firstSeen = (): FirstSeen =>
    new Map([...models].map(([role, m]) => [role, JSON.stringify(m.requests[0]?.input ?? '')]));
  return { team, firstSeen };
}

// ---------------------------------------------------------------------------------------------
// Vercel AI SDK: one tool loop per role; a handoff is the env's `handoff` tool, whose arguments
// (to, text) are all the receiver's loop gets of the sender's work.

const usage = (input: number, output: number): LanguageModelV3GenerateResult['usage'] => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

/** The behaviour as an AI SDK team of `MockLanguageModelV3`s. */
export function aiSdkScripted(behaviour: Behaviour): { team: Team; firstSeen: () => FirstSeen } {
  const models = new Map<string, MockLanguageModelV3>();
  for (const [role, moves] of behaviour) {
    let next = 0;
    models.set(
      role,
      new MockLanguageModelV3({
        modelId: `scripted-${role}`,
        doGenerate: () => {
          const move = moves[next];
          next += 1;
          const call =
            move === undefined
              ? undefined
              : move.kind === 'call'
                ? move
                : { name: 'handoff', args: { to: move.to, text: move.brief } };
          return Promise.resolve(
            call
              ? {
                  content: [
                    {
                      type: 'tool-call',
                      toolCallId: `${role}-${next}`,
                      toolName: call.name,
                      input: JSON.stringify(call.args),
                    },
                  ],
                  finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
                  usage: usage(100, 10),
                  warnings: [],
                }
              : {
                  content: [{ type: 'text', text: 'Nothing more to do.' }],
                  finishReason: { unified: 'stop', raw: 'stop' },
                  usage: usage(100, 5),
                  warnings: [],
                },
          );
        },
      }),
    );
  }
  const team = aiSdkTeam({
    id: 'cross-ai-sdk',
    roles: Object.fromEntries([...models].map(([role, model]) => [role, { model }])),
  });
  const firstSeen = (): FirstSeen =>
    new Map([...models].map(([role, m]) => [role, JSON.stringify(m.doGenerateCalls[0]?.prompt ?? '')]));
  return { team, firstSeen };
}

// ---------------------------------------------------------------------------------------------
// LangGraph.js: one `createReactAgent` node per role. The prebuilt swarm hands off with the
// brief appended to the shared message list; here the handoff update first clears the list
// (`RemoveMessage` of all) and then carries the brief as the one message, so the receiver's
// agent starts from the brief alone — and the env handoff's payload is that same update.

/** A `transfer_to_<to>` tool whose `Command` leaves the receiver nothing but the brief. */
function briefOnlyHandoff(episode: LangGraphEpisode, from: string, to: string) {
  return tool(
    async (args: { text: string }) =>
      episode.handoff(from, to, {
        messages: [
          new RemoveMessage({ id: REMOVE_ALL_MESSAGES }),
          new HumanMessage({ content: args.text, name: from }),
        ],
      }),
    {
      name: `transfer_to_${to}`,
      description: `Hand control to the ${to} with a brief: it gets the brief and nothing else.`,
      schema: {
        type: 'object',
        properties: { text: { type: 'string', description: 'The brief for the receiver.' } },
        required: ['text'],
      },
    },
  );
}

/** The behaviour as a LangGraph team of `fakeModel()`s. */
export function langGraphScripted(behaviour: Behaviour): { team: Team; firstSeen: () => FirstSeen } {
  const models = new Map<string, ReturnType<typeof fakeModel>>();
  let index = 0;
  for (const [role, moves] of behaviour) {
    const model = fakeModel();
    models.set(role, model);
    for (const m of moves) {
      index += 1;
      const call = m.kind === 'call' ? m : { name: `transfer_to_${m.to}`, args: { text: m.brief } };
      // Explicit ids: with several fake models in one graph their default ids collide.
      model.respond(
        new AIMessage({
          id: `ai-${index}`,
          content: '',
          tool_calls: [{ id: `call-${index}`, name: call.name, args: call.args, type: 'tool_call' }],
        }),
      );
    }
    model.respond(new AIMessage({ id: `ai-${role}-end`, content: 'Done.' }));
  }
  const team = langGraphTeam(
    (episode) => {
      const graph = new StateGraph(MessagesAnnotation);
      for (const role of episode.roles) {
        const teammates = episode.roles.filter((r) => r !== role);
        const llm = models.get(role);
        if (!llm) throw new Error(`no script for role ${role}`);
        const agent = createReactAgent({
          llm,
          tools: [...episode.tools(role), ...teammates.map((to) => briefOnlyHandoff(episode, role, to))],
          name: role,
        });
        graph.addNode(role, agent, { ends: teammates });
      }
      graph.addEdge(START, episode.entryRole as typeof START);
      return graph.compile();
    },
    { id: 'cross-langgraph' },
  );
  const firstSeen = (): FirstSeen =>
    new Map(
      [...models].map(([role, m]) => [
        role,
        JSON.stringify((m.calls[0]?.messages ?? []).map((msg: BaseMessage) => msg.content)),
      ]),
    );
  return { team, firstSeen };
}
