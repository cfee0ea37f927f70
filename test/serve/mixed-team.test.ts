/**
 * Mixed teams whose roles all run in-process: an ordinary `createAgents` team in which only the
 * roles that need it (the oracle, a role of a privileged team) get the privileged briefing, and
 * an llm role's agent never sees the plan.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { oracleTeam } from '../../agents/oracle.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import type { AgentContext, EpisodeStart, Team } from '../../src/team/agent.js';
import type { TeamObservation } from '../../src/team/observation.js';
import { mixedTeam } from '../../src/serve/mixed-team/team.js';
import { createRoleAgents } from '../../src/serve/mixed-team/role-agents.js';
import type { MixedTeamConfig } from '../../src/serve/mixed-team/config.js';
import { mixedTeamConfigOf, mixedTeamFileOf } from '../../src/serve/mixed-team/team-file.js';
import { oracleScript, ScriptedGateway } from '../llm/agent/scripted-gateway.js';

const ENV = 'filesystem/rename-symbol-v1';
let oracle: EpisodeResult;

beforeAll(async () => {
  loadBuiltins();
  oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 0 });
});

const LOSSY: MixedTeamConfig = {
  id: 'mixed-lossy',
  roles: {
    planner: { kind: 'oracle' },
    executor: { kind: 'team', team: 'lossy-handoff' },
    reviewer: { kind: 'oracle' },
  },
};

describe('an in-process mixed team', () => {
  it('is privileged, plays without play(), and an all-oracle one takes the oracle trajectory', async () => {
    const team = mixedTeam({
      id: 'all-oracle',
      roles: { planner: { kind: 'oracle' }, executor: { kind: 'oracle' }, reviewer: { kind: 'oracle' } },
    });
    expect(team.privileged).toBe(true);
    expect(team.play).toBeUndefined();
    const result = await runEpisode({ env: ENV, team, seed: 0 });
    expect(result).toMatchObject({ outcome: 'success', team: 'all-oracle', digest: oracle.digest });
  });

  it('runs an oracle planner and reviewer with the lossy-handoff executor', async () => {
    const team = mixedTeam(LOSSY);
    const results = await Promise.all(
      [0, 1, 2].map((seed) => runEpisode({ env: ENV, team, seed, perturb: 'production' })),
    );
    for (const r of results) {
      expect(r.error).toBeNull();
      expect(['success', 'failure', 'gave_up', 'truncated']).toContain(r.outcome);
      expect(r.team).toBe('mixed-lossy');
      expect(r.steps).toBeGreaterThan(3);
    }
    // The executor is the lossy one: its steps are there, taken by the role the file gave it.
    expect(results[0]?.trajectory.some((s) => s.role === 'executor')).toBe(true);
  });

  it('fails an episode whose task has a role the file does not give, naming the role and the fix', async () => {
    const team = mixedTeam({ id: 'no-reviewer', roles: { planner: { kind: 'oracle' }, executor: { kind: 'oracle' } } });
    const result = await runEpisode({ env: ENV, team, seed: 0 });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(
      /role "reviewer".*add the role to the team file, e\.g\. roles: \{ reviewer: \{ kind: oracle \} \}/,
    );
  });

  it('fails an episode whose role names a team that is not registered', async () => {
    const team = mixedTeam({
      ...LOSSY,
      id: 'ghost',
      roles: { ...LOSSY.roles, executor: { kind: 'team', team: 'ghost-team' } },
    });
    const result = await runEpisode({ env: ENV, team, seed: 0 });
    expect(result.outcome).toBe('agent_error');
    expect(result.error?.message).toMatch(/roles\.executor\.team.*ghost-team.*registered team/);
  });
});

describe('an llm role of a mixed team', () => {
  it('is created from a start without the privileged briefing and acts without the privileged channel', () => {
    const seen: { start: EpisodeStart; context: AgentContext | null }[] = [];
    const spy: Team = {
      id: 'spy',
      description: 'records what its agents get',
      createAgents(start) {
        const entry = { start, context: null as AgentContext | null };
        seen.push(entry);
        return Object.fromEntries(
          start.roles.map((r) => [
            r.id,
            { act: (_obs: TeamObservation, ctx: AgentContext) => ((entry.context = ctx), { type: 'wait', ticks: 1 }) },
          ]),
        );
      },
    };
    const config: MixedTeamConfig = { id: 'm', roles: { planner: { kind: 'oracle' }, executor: { kind: 'llm' } } };
    const start = {
      envId: ENV,
      seed: 0,
      trial: 0,
      variant: 0,
      agentSeed: 0,
      entryRole: 'planner',
      roles: [{ id: 'planner' }, { id: 'executor' }],
      privileged: { task: { id: 'secret-task' }, faultPlan: [] },
    } as unknown as EpisodeStart;
    const agents = createRoleAgents(config, start, ['executor'], spy);
    expect(agents['executor']?.privileged).toBe(false);
    expect(seen[0]?.start.privileged).toBeNull();
    expect(seen[0]?.start.envId).toBe(ENV);
    const ctx: AgentContext = { signal: new AbortController().signal, note: () => {}, privileged: { fired: [] } };
    agents['executor']?.agent.act({} as TeamObservation, ctx);
    expect(seen[0]?.context).not.toBeNull();
    expect('privileged' in (seen[0]?.context ?? {})).toBe(false);
  });

  it('plays between oracle roles: the model gets no plan and the oracle trajectory follows', async () => {
    const gateway = new ScriptedGateway(oracleScript(oracle));
    const file = mixedTeamFileOf(
      {
        id: 'oracle-llm-oracle',
        defaults: { model: 'scripted' },
        roles: { planner: { kind: 'oracle' }, executor: { kind: 'llm', temperature: 0 }, reviewer: { kind: 'oracle' } },
      },
      'mixed.json',
    );
    const team = mixedTeam(mixedTeamConfigOf(file, 'http://127.0.0.1:9/v1'), { gateway });
    const result = await runEpisode({ env: ENV, team, seed: 0 });
    expect(result.error).toBeNull();
    expect(result).toMatchObject({ outcome: 'success', digest: oracle.digest });
    const executorSteps = oracle.trajectory.filter((s) => s.role === 'executor').length;
    expect(gateway.calls).toHaveLength(executorSteps);
    expect(gateway.calls.every((c) => c.role === 'executor')).toBe(true);
    // The task's plan is privileged: none of the model's prompts carries it.
    const prompts = JSON.stringify(gateway.calls.map((c) => c.request.messages));
    expect(prompts).not.toContain('"plan"');
    expect(prompts).not.toContain('faultPlan');
    // The model calls are the executor steps' turn records.
    expect(result.usage?.byRole['executor']?.calls).toBe(executorSteps);
  });
});
