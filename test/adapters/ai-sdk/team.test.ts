/**
 * An AI SDK team (one `generateText` loop per role, on `MockLanguageModelV3` models scripted
 * with a reference team's tool calls) plays a filesystem episode: the same actions give the same
 * digest as the reference team in process, its handoff tool calls are env handoffs, every step
 * carries the model call behind it, and a handoff that drops a needed fact is flagged with that
 * fact named.
 */
import { describe, expect, it } from 'vitest';
import { aiSdkTeam } from '../../../src/adapters/ai-sdk/index.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import { runEpisode } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { createFactDropTeam } from '../../../probes/fact-drop.js';
import type { ProbeReport } from '../../../probes/index.js';
import { scriptedModels } from './scripted.js';

loadBuiltins();

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 1;

function teamOf(models: Record<string, Parameters<typeof aiSdkTeam>[0]['roles'][string]['model']>) {
  return aiSdkTeam({
    id: 'ai-sdk-scripted',
    roles: Object.fromEntries(Object.entries(models).map(([role, model]) => [role, { model }])),
  });
}

describe('aiSdkTeam', () => {
  it.each(['clean', 'production'])(
    "solves the task under %s with the oracle's actions and digest, its handoffs as env handoffs",
    async (perturb) => {
      const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED, perturb });
      expect(oracle.outcome).toBe('success');
      const roles = new Set(oracle.trajectory.map((s) => s.role));
      expect(roles.size).toBeGreaterThanOrEqual(2);

      const team = teamOf(scriptedModels(oracle.trajectory));
      const play = team.play;
      if (!play) throw new Error('aiSdkTeam has no play()');
      const result = await play({ env: ENV, team, seed: SEED, perturb });

      expect(result.outcome).toBe('success');
      expect(result.perturbations).toEqual(oracle.perturbations);
      expect(result.digest).toBe(oracle.digest);
      expect(result.handoffs).toBe(oracle.handoffs);
      expect(result.handoffs).toBeGreaterThan(0);
      // Each step was chosen by one model call, recorded with the tool call it executes.
      for (const step of result.trajectory) {
        expect(step.turn?.calls).toHaveLength(1);
        expect(step.turn?.toolCall).toMatchObject({ index: 0, of: 1 });
      }
      expect(result.usage?.calls).toBe(result.trajectory.length);
    },
  );

  it.each(['clean', 'production'])(
    'flags a handoff that drops a needed fact under %s, naming the fact',
    async (perturb) => {
      const reports: ProbeReport[] = [];
      const probe = await runEpisode({
        env: ENV,
        team: createFactDropTeam({ onDefect: (r) => reports.push(r) }),
        seed: SEED,
        perturb,
      });
      const report = reports[0];
      const fact = report?.facts?.[0];
      expect(fact).toBeDefined();

      const team = teamOf(scriptedModels(probe.trajectory));
      const result = await team.play({ env: ENV, team, seed: SEED, perturb });
      expect(result.outcome).toBe(probe.outcome);
      // Not the probe's digest: a free-text brief travels as the handoff tool's `text` argument, so
      // the recorded message is `{ text }` rather than a bare string (the same words).
      // The model's handoff call is the env handoff, and its arguments are the message audited.
      const dropping = result.trajectory[(report?.step ?? 0) - 1];
      expect((dropping?.action as { type?: string } | undefined)?.type).toBe('handoff');
      const metrics = analyzeEpisode(result);
      expect(metrics.verdict.modes).toContain('handoffContextLoss');
      expect(metrics.handoffLoss.root?.step).toBe(report?.step);
      expect(metrics.handoffLoss.root?.from).toBe(report?.role);
      expect(metrics.handoffLoss.root?.lost).toContain(fact);
    },
  );
});
