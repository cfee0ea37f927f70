import { beforeAll, describe, expect, it } from 'vitest';
import { oracleTeam } from '../../../agents/oracle.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { intervenedTeam, SAME_ACTION_MARK } from '../../../src/run/blame/intervention.js';
import { oneDefectTeam } from '../../../src/run/blame/validity-teams.js';
import type { AgentContext, EpisodeStart, Team } from '../../../src/team/agent.js';
import { runEpisode } from '../../../src/team/episode.js';
import type { TeamObservation } from '../../../src/team/observation.js';

const ENV = 'filesystem/rename-symbol-v1';

beforeAll(() => loadBuiltins());

/** Where the own-mistake team's defect acts in one episode, and its outcome. */
async function ownMistake(seed: number) {
  let defect: { step: number; role: string } | null = null;
  const result = await runEpisode({
    env: ENV,
    seed,
    perturb: 'clean',
    team: oneDefectTeam('own-mistake', (r) => (defect ??= { step: r.step, role: r.role })),
  });
  return { result, defect: defect as { step: number; role: string } | null };
}

describe('intervened teams', () => {
  it('correcting the one wrong action flips the failure; a step whose action was right changes nothing; a later step is too late', async () => {
    const { result, defect } = await ownMistake(0);
    expect(result.outcome).toBe('failure');
    expect(defect).not.toBeNull();
    const at = defect?.step ?? 0;
    const run = (step: number) =>
      runEpisode({
        env: ENV,
        seed: 0,
        perturb: 'clean',
        team: intervenedTeam('blame-test', oneDefectTeam('own-mistake'), oracleTeam, { kind: 'step', step }),
      });
    const fixed = await run(at);
    expect(fixed.outcome).toBe('success');
    // The corrected action differs from the team's, and every earlier one is the team's own.
    expect(JSON.stringify(fixed.trajectory[at - 1]?.action)).not.toBe(
      JSON.stringify(result.trajectory[at - 1]?.action),
    );
    expect(fixed.trajectory.slice(0, at - 1).map((s) => s.observation)).toEqual(
      result.trajectory.slice(0, at - 1).map((s) => s.observation),
    );
    const before = await run(at - 1);
    expect(before.outcome).toBe('agent_error');
    expect(before.error?.message).toContain(SAME_ACTION_MARK);
    // After the wrong action nothing a single correction does saves the episode.
    for (const step of [at + 1, at + 2, at + 3]) expect((await run(step)).outcome).not.toBe('success');
  });

  it('a role swap plays that role with the reference agent and leaves the others to the team', async () => {
    const { defect } = await ownMistake(0);
    const role = defect?.role ?? '';
    const swapped = await runEpisode({
      env: ENV,
      seed: 0,
      perturb: 'clean',
      team: intervenedTeam('blame-test', oneDefectTeam('own-mistake'), oracleTeam, { kind: 'swap', role }),
    });
    expect(swapped.outcome).toBe('success');
    const other = await runEpisode({
      env: ENV,
      seed: 0,
      perturb: 'clean',
      team: intervenedTeam('blame-test', oneDefectTeam('own-mistake'), oracleTeam, { kind: 'swap', role: 'reviewer' }),
    });
    expect(other.outcome).toBe('failure');
  });

  it("the team's agents get what they get in a run of their own: no privileged facts, their own agent seed", async () => {
    const seen: { privileged: unknown; seed: unknown; ctx: boolean }[] = [];
    const spy: Team = {
      id: 'spy',
      description: 'records what it is given, then finishes',
      createAgents(start: EpisodeStart) {
        const agent = {
          act: (_obs: TeamObservation, ctx: AgentContext) => {
            seen.push({ privileged: start.privileged, seed: start.agentSeed, ctx: ctx.privileged !== undefined });
            return { type: 'finish', answer: 'done' };
          },
        };
        return Object.fromEntries(start.roles.map((r) => [r.id, agent]));
      },
    };
    await runEpisode({ env: ENV, seed: 3, perturb: 'clean', team: spy });
    const own = seen.splice(0);
    await runEpisode({
      env: ENV,
      seed: 3,
      perturb: 'clean',
      team: intervenedTeam('blame-test', spy, oracleTeam, { kind: 'step', step: 5 }),
    });
    expect(own.length).toBeGreaterThan(0);
    expect(seen).toEqual(own);
    expect(seen[0]).toEqual({ privileged: null, seed: own[0]?.seed, ctx: false });
  });
});
