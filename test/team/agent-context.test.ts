/** The context an agent is called with: a lazily made signal, note, and privileged only when given. */
import { expect, it } from 'vitest';
import { agentContext } from '../../src/team/agent-context.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode } from '../../src/team/episode.js';
import { loadBuiltins } from '../../src/builtins.js';

it('makes the signal only when it is read, and is frozen with own, enumerable fields', () => {
  let made = 0;
  const controller = new AbortController();
  const note = () => undefined;
  const context = agentContext(() => {
    made++;
    return controller.signal;
  }, note);
  expect(made).toBe(0);
  expect(Object.keys(context).sort()).toEqual(['note', 'signal']);
  expect(made).toBe(0);
  expect(context.signal).toBe(controller.signal);
  expect(made).toBe(1);
  expect(context.note).toBe(note);
  expect(context.privileged).toBeUndefined();
  expect(Object.isFrozen(context)).toBe(true);
  expect(() => {
    (context as unknown as Record<string, unknown>)['signal'] = null;
  }).toThrow(TypeError);
  const privileged = Object.freeze({ fired: [] });
  const withFacts = agentContext(() => controller.signal, note, privileged);
  expect(Object.keys(withFacts).sort()).toEqual(['note', 'privileged', 'signal']);
  expect(withFacts.privileged).toBe(privileged);
  expect({ ...withFacts }.signal).toBe(controller.signal);
});

it('in an episode, an agent that reads the signal gets one that aborts at its deadline', async () => {
  loadBuiltins();
  const oracle = findTeam('oracle')!;
  const seen: AbortSignal[] = [];
  const r = await runEpisode({
    env: 'flaky-api/migrate-records-v1',
    seed: 0,
    budget: { agentTimeoutMs: 50 },
    team: {
      ...oracle,
      id: 'slow-reader',
      createAgents: (start) => {
        const agents = oracle.createAgents(start);
        return Object.fromEntries(
          Object.entries(agents).map(([role, agent]) => [
            role,
            {
              act: async (observation, context) => {
                seen.push(context.signal);
                if (seen.length === 3) await new Promise((resolve) => setTimeout(resolve, 200));
                return agent.act(observation, context);
              },
            },
          ]),
        );
      },
    },
  });
  expect(r.outcome).toBe('timeout');
  expect(seen.length).toBe(3);
  expect(seen[0]!.aborted).toBe(false);
  expect(seen[2]!.aborted).toBe(true);
  expect((seen[2]!.reason as DOMException).name).toBe('TimeoutError');
});
