/**
 * Context loss at handoffs is measured for a team that plays over MCP, one session per role, as
 * for an in-process team: a team whose free-text brief leaves out one needed fact is flagged with
 * that fact named at the step and role that dropped it, and a team that paraphrases every brief
 * is not flagged. The teams' actions come from the probe teams run in process; here they are
 * taken by the role sessions' MCP calls, each role waiting for control as a colleague would.
 */
import { describe, expect, it } from 'vitest';
import { analyzeEpisode, type EpisodeMetrics } from '../../../src/metrics/index.js';
import type { Team } from '../../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { EpisodeHost } from '../../../src/serve/mcp/index.js';
import { createFactDropTeam } from '../../../probes/fact-drop.js';
import { createParaphrasingTeam } from '../../../probes/paraphrasing.js';
import type { ProbeReport } from '../../../probes/index.js';
import { builtinEnvIds } from '../../support/envs.js';
import { connect, toolCallOf, type Connected } from './connect.js';

const SEED = 1;

/** Plays `team`'s in-process episode again through one MCP session per role; returns both. */
async function overMcp(
  envId: string,
  team: Team,
): Promise<{ local: EpisodeResult; hosted: EpisodeResult; metrics: EpisodeMetrics }> {
  const local = await runEpisode({ env: envId, team, seed: SEED });
  const host = EpisodeHost.open({ env: envId, seed: SEED, team: team.id });
  const sessions = new Map<string, Connected>();
  for (const role of host.roles) sessions.set(role, await connect(host, role));
  for (const step of local.trajectory) {
    const { name, args } = toolCallOf(step);
    const session = sessions.get(step.role);
    if (!session) throw new Error(`no session for role ${step.role}`);
    await session.call(name, args);
  }
  const hosted = await host.result;
  await Promise.all([...sessions.values()].map((s) => s.close()));
  return { local, hosted, metrics: analyzeEpisode(hosted) };
}

describe('handoff context loss over MCP role sessions', () => {
  it('a brief that drops a needed fact is flagged with the fact, step and sender; paraphrased briefs are not', async () => {
    let dropped = 0;
    let named = 0;
    const paraphrasedFlags: string[] = [];
    for (const envId of builtinEnvIds()) {
      const reports: ProbeReport[] = [];
      const drop = await overMcp(envId, createFactDropTeam({ onDefect: (r) => reports.push(r) }));
      // A free-text brief travels as the handoff tool's `text` argument: the same words, so the
      // same outcome, though the recorded action is `{ text }` rather than a bare string.
      expect(drop.hosted.outcome, envId).toBe(drop.local.outcome);
      const report = reports[0];
      const fact = report?.facts?.[0];
      const required = report ? (drop.hosted.trajectory[report.step - 1]?.event.handoff?.required ?? []) : [];
      if (report && fact && required.includes(fact)) {
        dropped += 1;
        const root = drop.metrics.handoffLoss.root;
        if (
          drop.metrics.verdict.modes.includes('handoffContextLoss') &&
          root?.step === report.step &&
          root.from === report.role &&
          root.lost.includes(fact)
        )
          named += 1;
      }

      const paraphrasing = await overMcp(envId, createParaphrasingTeam());
      expect(paraphrasing.hosted.outcome, envId).toBe('success');
      if (paraphrasing.metrics.verdict.modes.includes('handoffContextLoss')) paraphrasedFlags.push(envId);
    }
    console.log(
      `over MCP role sessions: ${dropped} episodes dropped a needed fact, ${named} flagged with it named; paraphrasing flagged in ${paraphrasedFlags.length} of ${builtinEnvIds().length}`,
    );
    expect(dropped).toBeGreaterThanOrEqual(7);
    expect(named).toBe(dropped);
    expect(paraphrasedFlags).toEqual([]);
  }, 60_000);
});
