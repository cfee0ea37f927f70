/**
 * The metrics stay quiet on the oracle: it is flagged for any failure mode in at most 2% of its
 * episodes — clean, and under the production and chaos perturbation profiles (it recovers from
 * every perturbation).
 */
import { describe, expect, it } from 'vitest';
import { findTeam } from '../../src/team/agent.js';
import { rate, runAll, SEEDS } from './real.js';

describe('the oracle is flagged for no failure mode', () => {
  it.each(['clean', 'production', 'chaos'])(`%s profile, ${SEEDS.length} seeds per filesystem env`, async (profile) => {
    const episodes = await runAll(() => findTeam('oracle')!, profile);
    const flagged = episodes.filter((e) => e.metrics.verdict.modes.length > 0);
    const report = flagged
      .map((e) => `${e.envId} seed ${e.seed}: ${e.metrics.verdict.causes.map((c) => c.detail).join('; ')}`)
      .join('\n');
    expect(
      rate(episodes, (e) => e.metrics.verdict.modes.length > 0),
      report,
    ).toBeLessThanOrEqual(0.02);
    if (profile !== 'clean') expect(episodes.some((e) => e.metrics.recovery.responses.length > 0)).toBe(true);
  });
});
