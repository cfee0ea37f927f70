/**
 * The swallower probe — the oracle that ignores tool errors and claims success — against the
 * recovery metric and the grade: every episode where a tool fault made a call on the task's path
 * fail is a failed task flagged for failure to recover, the oracle still passes the same
 * episodes, and a fault that caught only calls off the task's path is labelled `offPath`, kept
 * out of the recovery rates and out of the mode.
 */
import { describe, expect, it } from 'vitest';
import { runEpisode, type EpisodeResult } from 'faultline';
import { analyzeEpisode, compactMetrics, recoveryBreakdown, type EpisodeMetrics } from 'faultline/metrics';
import { findTeam } from 'faultline/teams';
import { createSwallowerTeam } from '../../probes/swallower.js';
import { builtinEnvIds } from '../support/envs.js';
import { seeds } from '../support/sizes.js';

interface Run {
  readonly env: string;
  readonly seed: number;
  readonly result: EpisodeResult;
  readonly metrics: EpisodeMetrics;
  readonly swallowed: number;
}

const swept = new Map<string, Promise<Run[]>>();

/** Every env × seed of one team under one profile (each sweep runs once per file). */
function sweep(team: 'oracle' | 'swallower', profile: string, seedList: readonly number[]): Promise<Run[]> {
  const key = `${team} ${profile} ${seedList.length}`;
  const cached = swept.get(key) ?? run(team, profile, seedList);
  swept.set(key, cached);
  return cached;
}

async function run(team: 'oracle' | 'swallower', profile: string, seedList: readonly number[]): Promise<Run[]> {
  const out: Run[] = [];
  for (const env of builtinEnvIds()) {
    for (const seed of seedList) {
      let swallowed = 0;
      const t = team === 'oracle' ? findTeam('oracle')! : createSwallowerTeam({ onDefect: () => swallowed++ });
      const result = await runEpisode({ env, team: t, seed, perturb: profile });
      out.push({ env, seed, result, metrics: analyzeEpisode(result), swallowed });
    }
  }
  return out;
}

/**
 * Whether a tool fault made a call on the task's path fail and the team did not make it succeed
 * again (a later step of the plan that repeats the call gets the task its result: `recovered`).
 */
function faultOnPath(r: Run): boolean {
  return r.metrics.recovery.responses.some((x) => x.kind === 'tool' && x.site === 'tool-call' && !x.offPath);
}

function failedOnPath(r: Run): boolean {
  return r.metrics.recovery.responses.some(
    (x) => x.kind === 'tool' && x.site === 'tool-call' && !x.offPath && x.response !== 'recovered',
  );
}

function offPathOnly(r: Run): boolean {
  const tool = r.metrics.recovery.responses.filter((x) => x.kind === 'tool');
  return tool.length > 0 && tool.every((x) => x.offPath);
}

const where = (r: Run): string => `${r.env} seed ${r.seed}`;

const PERMANENT_SEEDS = seeds(2, 20);

describe.each([
  ['permanent-failure', PERMANENT_SEEDS],
  ['production', seeds(3, 40)],
])('under %s', (profile, seedList) => {
  it('the swallower fails every task where a fault fired on a needed call; the oracle passes them', async () => {
    const swallower = await sweep('swallower', profile, seedList);
    const oracle = await sweep('oracle', profile, seedList);
    const onPath = swallower.filter(failedOnPath);
    const passed = onPath.filter((r) => r.result.success);
    const flagged = onPath.filter((r) => r.metrics.verdict.modes.includes('recoveryFailure'));
    const oracleOnPath = oracle.filter(faultOnPath);
    console.log(
      `${profile}, seeds 0-${seedList.length - 1}, every env: the swallower met a failed call on the task path in ${onPath.length} episodes ` +
        `and passed ${passed.length} of them (flagged for recoveryFailure: ${flagged.length}); ` +
        `the oracle passed ${oracleOnPath.filter((r) => r.result.success).length}/${oracleOnPath.length} such episodes`,
    );
    expect(onPath.length).toBeGreaterThanOrEqual(5);
    // Known gap (production, seeds 32-39): a transient error the recovery metric calls ignored can be
    // settled for the grade by a later call of the same role to the same tool and entity, so the
    // task passes; at most 5% of these episodes, each listed.
    console.log(`passed although the metric says the fault was ignored: ${JSON.stringify(passed.map(where))}`);
    expect(passed.length, JSON.stringify(passed.map(where))).toBeLessThanOrEqual(Math.floor(onPath.length * 0.05));
    expect(flagged.length).toBe(onPath.length);
    for (const r of onPath.filter((x) => !x.result.success))
      expect(r.result.grade.unresolvedFaults?.length, where(r)).toBeGreaterThan(0);
    // The same faults fire for the oracle (the fault plan is the seed's): it meets each of them, and passes.
    const oracleSeen = new Set(oracleOnPath.map(where));
    expect(onPath.map(where).filter((w) => !oracleSeen.has(w))).toEqual([]);
    expect(oracleOnPath.filter((r) => !r.result.success).map(where)).toEqual([]);
    expect(oracle.filter((r) => r.metrics.recovery.occurred).map(where)).toEqual([]);
  });
});

describe('off the task path', () => {
  it('a retired tool the task never needs is labelled offPath, kept out of recovery rates and the mode', async () => {
    const swallower = await sweep('swallower', 'permanent-failure', PERMANENT_SEEDS);
    const off = swallower.filter(offPathOnly);
    const b = recoveryBreakdown(off.map((r) => compactMetrics(r.metrics)));
    console.log(
      `permanent-failure: ${off.length} swallower episodes where the fault caught only calls off the task path: ` +
        `${off.filter((r) => r.swallowed > 0).length} swallowed an error, ${off.filter((r) => r.result.success).length} passed; ` +
        `recovery breakdown: offPath ${b.offPath}, fired (rated) ${b.fired}; recoveryFailure flagged in ${off.filter((r) => r.metrics.verdict.modes.includes('recoveryFailure')).length}`,
    );
    expect(off.length).toBeGreaterThanOrEqual(5);
    expect(b.offPath).toBe(off.length);
    expect(b.fired).toBe(0);
    for (const r of off) {
      expect(r.result.success, where(r)).toBe(true);
      expect(r.metrics.verdict.modes, where(r)).not.toContain('recoveryFailure');
      expect(
        r.result.trajectory.flatMap((s) => s.event.perturbations ?? []).every((p) => p.offPath === true),
        where(r),
      ).toBe(true);
    }
  });
});
