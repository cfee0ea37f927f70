/** One LLM role, driven directly: what its first request holds. */
import { describe, expect, it } from 'vitest';
import { ordinalCounters } from '../../../src/llm/agent/call-ordinal.js';
import { LlmAgent } from '../../../src/llm/agent/llm-agent.js';
import type { EpisodeStart } from '../../../src/team/agent.js';
import type { StepTurn } from '../../../src/team/turn.js';
import { teamActionDefinitions } from '../../../src/team/tool-definitions.js';
import { observation } from '../../agents/turn-fixture.js';
import { ScriptedGateway } from './scripted-gateway.js';

const start: EpisodeStart = {
  envId: 'fence/paint-v1',
  seed: 0,
  trial: 0,
  variant: 0,
  agentSeed: 0,
  entryRole: 'planner',
  roles: [
    {
      id: 'planner',
      description: 'plans',
      canFinish: true,
      tools: [],
      teamActions: teamActionDefinitions(['executor'], true),
    },
    {
      id: 'executor',
      description: 'paints',
      canFinish: false,
      tools: [],
      teamActions: teamActionDefinitions(['planner'], false),
    },
  ],
  privileged: null,
};

describe('LlmAgent', () => {
  it('puts every inbox message in its first request, even those the observation text leaves out', async () => {
    const gateway = new ScriptedGateway(() => ({
      content: null,
      toolCalls: [{ id: 'w', name: 'wait', arguments: '{"ticks":1}' }],
    }));
    const agent = new LlmAgent({
      role: start.roles[1]!,
      start,
      episodeId: 'fence.paint-v1__llm__s0__t0',
      settings: { model: 'm', provider: { baseUrl: 'u', apiKeyEnv: 'K' }, temperature: 0, seed: 7 },
      gateway,
      nextOrdinal: ordinalCounters()(start),
      maxTextReplies: 3,
    });
    const inbox = Array.from({ length: 7 }, (_, i) => ({
      from: 'planner',
      step: i + 1,
      message: { text: `note ${i + 1}` },
    }));
    const notes: StepTurn[] = [];
    const action = await agent.act(observation({ inbox, text: 'OBSERVATION' }), {
      signal: new AbortController().signal,
      note: (t) => notes.push(t),
    });
    expect(action).toEqual({ type: 'wait', ticks: 1 });
    const call = gateway.calls[0]!;
    expect(call).toMatchObject({ episodeId: 'fence.paint-v1__llm__s0__t0', role: 'executor', step: 5, ordinal: 1 });
    expect(call.request).toMatchObject({ model: 'm', temperature: 0, seed: 7 });
    expect(call.request.messages).toHaveLength(2);
    const first = call.request.messages[1]?.content ?? '';
    expect(first.startsWith('OBSERVATION\n\n## Earlier messages\n')).toBe(true);
    expect(first).toContain('Message from planner (step 1): note 1');
    expect(first).toContain('Message from planner (step 2): note 2');
    expect(first).not.toContain('note 3');
    expect(notes[notes.length - 1]).toMatchObject({ toolCall: { id: 'w', index: 0, of: 1 } });
    expect(notes[notes.length - 1]?.calls).toHaveLength(1);
  });
});
