/**
 * The typed privileged channel: a privileged team gets the task and the fault plan at the start,
 * and at each step every perturbation fired so far; other teams get neither.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { findTeam, type AgentContext, type EpisodeStart, type Team } from '../../src/public/index.js';
import { runEpisode } from '../../src/team/episode.js';
import type { FiredPerturbation } from '../../src/public/perturb.js';

beforeAll(() => loadBuiltins());

/** The oracle, with a record of what it was told. */
function spy(privileged: boolean): { team: Team; starts: EpisodeStart[]; contexts: AgentContext[] } {
  const oracle = findTeam('oracle')!;
  const starts: EpisodeStart[] = [];
  const contexts: AgentContext[] = [];
  const team: Team = {
    id: `spy-${privileged}`,
    description: 'the oracle, recording its briefing and contexts',
    privileged,
    createAgents(start) {
      starts.push(start);
      const waiting = { act: (_obs: unknown, ctx: AgentContext) => (contexts.push(ctx), { type: 'wait', ticks: 1 }) };
      if (!privileged) return Object.fromEntries(start.roles.map((r) => [r.id, waiting]));
      const agents = oracle.createAgents(start);
      return Object.fromEntries(
        Object.entries(agents).map(([role, agent]) => [
          role,
          {
            act: (obs: Parameters<typeof agent.act>[0], ctx: AgentContext) => (contexts.push(ctx), agent.act(obs, ctx)),
          },
        ]),
      );
    },
  };
  return { team, starts, contexts };
}

describe('the privileged channel', () => {
  it('gives a privileged team the fault plan at reset and what fired before each step', async () => {
    const { team, starts, contexts } = spy(true);
    const r = await runEpisode({ env: 'filesystem/rename-symbol-v1', team, seed: 3, perturb: 'chaos' });
    expect(starts[0]?.privileged?.faultPlan).toEqual(r.perturbations.plan);
    expect(starts[0]?.privileged?.task.id).toBe(r.taskId);
    const all = r.trajectory.flatMap((s) => s.event.perturbations ?? []);
    expect(all.length).toBeGreaterThan(0);
    expect(contexts).toHaveLength(r.trajectory.length);
    contexts.forEach((ctx, i) => {
      const before: FiredPerturbation[] = [
        ...r.perturbations.atReset,
        ...r.trajectory.slice(0, i).flatMap((s) => s.event.perturbations ?? []),
      ];
      expect(ctx.privileged?.fired).toEqual(before);
    });
  });

  it('tells other teams nothing', async () => {
    const { team, starts, contexts } = spy(false);
    await runEpisode({ env: 'filesystem/rename-symbol-v1', team, seed: 3, perturb: 'chaos', budget: { maxSteps: 3 } });
    expect(starts[0]?.privileged).toBeNull();
    expect(contexts.length).toBeGreaterThan(0);
    expect(contexts.every((ctx) => ctx.privileged === undefined)).toBe(true);
  });
});
