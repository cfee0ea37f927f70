/**
 * LangChain's own fake chat model (`fakeModel()` from `@langchain/core/testing`) scripted, role by
 * role, with the tool calls of a reference trajectory: world tools and team actions by their env
 * names, handoffs as the swarm's `transfer_to_<role>` tool with the brief as `text` (the swarm's
 * scripting is the example's own, which its offline run uses too).
 */
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import type { TrajectoryStep } from '../../../src/team/episode.js';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import type { Action } from '../../../src/team/actions.js';
import type { Team } from '../../../src/team/agent.js';
import { langGraphTeam } from '../../../src/adapters/langgraph/index.js';
import { briefText, fakeModelsFrom, swarmGraph } from '../../../examples/langgraph-team.js';

export { briefText, fakeModelsFrom as scriptedModels };

/** A swarm (the example's graph) whose roles replay their actions of `trajectory`. */
export function scriptedSwarm(trajectory: readonly TrajectoryStep[], id = 'langgraph'): Team {
  const models = fakeModelsFrom(trajectory);
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
