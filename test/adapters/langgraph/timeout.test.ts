/**
 * A LangGraph team whose model stops answering must not hang the run: the budget's
 * `agentTimeoutMs` bounds how long the graph may go without a model or tool call starting or
 * ending, and such an episode ends as a timeout with the steps taken before it recorded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { loadBuiltins } from '../../../src/builtins.js';
import { langGraphTeam } from '../../../src/adapters/langgraph/index.js';

const ENV = 'filesystem/rename-symbol-v1';

/** A chat model that never answers and ignores the abort signal (a provider stuck mid-stream). */
class SilentModel extends BaseChatModel {
  _llmType(): string {
    return 'silent';
  }
  _generate(_messages: BaseMessage[]): Promise<ChatResult> {
    return new Promise<ChatResult>(() => undefined);
  }
}

beforeAll(() => loadBuiltins());

describe('langGraphTeam agent timeout', () => {
  it('a graph whose model never answers ends as a timeout after its steps are recorded', async () => {
    const team = langGraphTeam((episode) => {
      const role = episode.entryRole;
      const tools = new Map(episode.tools(role).map((t) => [t.name, t]));
      const model = new SilentModel({});
      return new StateGraph(MessagesAnnotation)
        .addNode('work', async () => {
          // One real step, then a model call that hangs.
          const listing = [...tools.keys()].find((name) => name.startsWith('list'));
          if (!listing) throw new Error(`no listing tool among ${[...tools.keys()].join(', ')}`);
          await tools.get(listing)?.invoke({ path: '.' });
          return { messages: [await model.invoke('go on')] };
        })
        .addEdge(START, 'work')
        .compile();
    });
    const started = performance.now();
    const result = await team.play({ env: ENV, team, seed: 0, budget: { agentTimeoutMs: 300 } });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.outcome).toBe('timeout');
    expect(result.steps).toBe(1);
    expect(result.error?.message).toMatch(/did nothing for 300 ms/);
  });
});
