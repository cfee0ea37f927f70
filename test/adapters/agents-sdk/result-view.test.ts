/**
 * What an SDK agent's env tools return: the role's view with each inbox message once. The
 * specialist is handed the whole conversation by the SDK, and that conversation is also the env
 * handoff's inbox message: it shows in the specialist's first tool result and in no later one, so
 * its prompt does not grow by the conversation at every call.
 */
import { describe, expect, it } from 'vitest';
import { ScriptedAgentModel } from '../../../src/adapters/agents-sdk/index.js';
import { triageTeam } from '../../../examples/agents-sdk-team.js';
import { ENV, oraclePlan, planScripts } from './oracle-script.js';

const SEED = 0;

describe('agentsSdkTeam tool results', () => {
  it('show a handoff’s inbox message once, not after every action', async () => {
    const scripts = planScripts(await oraclePlan(SEED));
    const brief = scripts.triage.find((t) => 'say' in t && t.say !== undefined && 'call' in t)?.say ?? '';
    const firstLine = brief.split('\n')[0] as string;
    expect(firstLine.length).toBeGreaterThan(40);
    const specialist = new ScriptedAgentModel(scripts.specialist, 'specialist');
    const team = triageTeam({ triage: new ScriptedAgentModel(scripts.triage, 'triage'), specialist });
    const result = await team.play({ env: ENV, team, seed: SEED });
    expect(result.outcome).toBe('success');

    const input = specialist.requests.at(-1)?.input;
    if (!Array.isArray(input)) throw new Error('no conversation');
    // The specialist's own calls' results (the conversation it was handed holds triage's too).
    const results = input.filter((i) => i.type === 'function_call_result' && i.callId.startsWith('specialist-'));
    expect(results.length).toBe(scripts.specialist.length - 1);
    const texts = results.map((i) => JSON.stringify(i));
    const count = (s: string) => s.split(firstLine).length - 1;
    // The SDK's own copy (triage's message), and the env's inbox message (its text and the
    // conversation it renders) in the first result only.
    const first = count(texts[0] as string);
    expect(first).toBeGreaterThan(0);
    expect(texts.slice(1).map(count)).toEqual(texts.slice(1).map(() => 0));
    expect(count(JSON.stringify(input))).toBe(1 + first);
    expect(texts.every((t) => t.includes('you are the executor'))).toBe(true);
  });
});
