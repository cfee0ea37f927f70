/**
 * LangChain's own fake chat model (`fakeModel()` from `@langchain/core/testing`) scripted, role by
 * role, with the tool calls of a reference trajectory: world tools and team actions by their env
 * names, handoffs as the swarm's `transfer_to_<role>` tool with the brief as `text`.
 */
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import type { TrajectoryStep } from '../../../src/team/episode.js';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import type { Action } from '../../../src/team/actions.js';
import type { Team } from '../../../src/team/agent.js';
import { langGraphTeam } from '../../../src/adapters/langgraph/index.js';
import { swarmGraph } from '../../../examples/langgraph-team.js';

/** The brief of a handoff message as text: its text, then each fact as `id: value`. */
export function briefText(message: Extract<Action, { type: 'handoff' }>['message']): string {
  if (typeof message === 'string') return message;
  const lines = message.text !== undefined ? [message.text] : [];
  for (const [id, value] of Object.entries(message.facts ?? {})) lines.push(`${id}: ${value}`);
  return lines.join('\n');
}

/** One fake model per role, replaying that role's actions of `trajectory` as tool calls. */
export function scriptedModels(trajectory: readonly TrajectoryStep[]): Map<string, ReturnType<typeof fakeModel>> {
  const models = new Map<string, ReturnType<typeof fakeModel>>();
  const modelOf = (role: string): ReturnType<typeof fakeModel> => {
    let model = models.get(role);
    if (!model) models.set(role, (model = fakeModel()));
    return model;
  };
  for (const [index, step] of trajectory.entries()) {
    const action = step.action as Action;
    const call =
      action.type === 'handoff'
        ? { name: `transfer_to_${action.to}`, args: { text: briefText(action.message) } }
        : actionToToolCall(action);
    // Explicit ids: with several fake models in one graph their default ids collide.
    modelOf(step.role).respond(
      new AIMessage({
        id: `ai-${index}`,
        content: '',
        tool_calls: [{ id: `call-${index}`, name: call.name, args: call.args, type: 'tool_call' }],
      }),
    );
    if (action.type === 'finish')
      modelOf(step.role).respond(new AIMessage({ id: `ai-${index}-end`, content: 'Done.' }));
  }
  return models;
}

/** A swarm (the example's graph) whose roles replay their actions of `trajectory`. */
export function scriptedSwarm(trajectory: readonly TrajectoryStep[], id = 'langgraph'): Team {
  const models = scriptedModels(trajectory);
  return langGraphTeam(
    (episode) =>
      swarmGraph(episode, (role) => {
        const model = models.get(role);
        if (!model) throw new Error(`no script for role ${role}`);
        return model;
      }),
    { id },
  );
}

/**
 * Fake models for the example's supervisor graph, from a reference trajectory in which roles may
 * hand off to anyone: the supervisor (the entry role) makes its own calls and sends each brief
 * with `transfer_to_<worker>`; a worker makes its calls and ends with its brief as its final
 * answer (its report); a brief from one worker to another is reported to the supervisor, which
 * forwards it with its transfer tool.
 */
export function supervisorModels(
  trajectory: readonly TrajectoryStep[],
  supervisor: string,
): Map<string, ReturnType<typeof fakeModel>> {
  const models = new Map<string, ReturnType<typeof fakeModel>>();
  const modelOf = (role: string): ReturnType<typeof fakeModel> => {
    let model = models.get(role);
    if (!model) models.set(role, (model = fakeModel()));
    return model;
  };
  const call = (role: string, id: string, name: string, args: Record<string, unknown>) =>
    modelOf(role).respond(
      new AIMessage({ id: `ai-${id}`, content: '', tool_calls: [{ id: `call-${id}`, name, args, type: 'tool_call' }] }),
    );
  for (const [index, step] of trajectory.entries()) {
    const action = step.action as Action;
    if (action.type === 'handoff') {
      const text = briefText(action.message);
      if (step.role !== supervisor)
        modelOf(step.role).respond(new AIMessage({ id: `ai-${index}-report`, content: text }));
      if (action.to !== supervisor) call(supervisor, `${index}`, `transfer_to_${action.to}`, { text });
      continue;
    }
    const { name, args } = actionToToolCall(action);
    call(step.role, `${index}`, name, args);
    if (action.type === 'finish')
      modelOf(step.role).respond(new AIMessage({ id: `ai-${index}-end`, content: 'Done.' }));
  }
  return models;
}
