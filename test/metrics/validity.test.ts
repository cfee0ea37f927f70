/**
 * The metrics' proof of validity (what `faultline validity` publishes in the README): on every
 * registered world, under `production` and under each single-kind profile, each flawed team's own
 * mode is flagged in ≥ 90% of the episodes where its defect was triggered, the oracle is flagged
 * for any mode in ≤ 2% of episodes, and the primary failure mode names the right step and role in
 * ≥ 95% of the cases where it is tied to an injected fault (or a lost fact).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { runValidity, OWN_MODE, type ValidityRow } from '../../src/run/validity.js';

const PROFILES = ['production', 'tool', 'data', 'instruction', 'team'];
const SEEDS = Array.from({ length: 30 }, (_, i) => i);
let rows: ValidityRow[] = [];

beforeAll(async () => {
  loadBuiltins();
  rows = (await runValidity({ seeds: SEEDS, profiles: PROFILES })).rows;
}, 600_000);

describe.each(PROFILES)('under the %s profile', (profile) => {
  it('the oracle is flagged for any mode in at most 2% of episodes', () => {
    const oracle = rows.find((r) => r.profile === profile && r.team === 'oracle')!;
    expect(oracle.anyMode).toBeLessThanOrEqual(0.02);
  });

  it.each(Object.keys(OWN_MODE))(
    '%s: its own mode is flagged in at least 90% of the episodes where its defect was triggered',
    (team) => {
      const row = rows.find((r) => r.profile === profile && r.team === team)!;
      // A defect the profile never triggers (brittle under data faults, credulous without data faults) proves nothing here.
      if (row.triggered < 5) return;
      expect(row.ownModeWhenTriggered, `${team} under ${profile}: n=${row.triggered}`).toBeGreaterThanOrEqual(0.9);
    },
  );

  it('the primary failure mode names the right step and role in at least 95% of judged cases', () => {
    const judged = rows.filter((r) => r.profile === profile && r.primaryRight !== null);
    const n = judged.reduce((a, r) => a + r.primaryJudged, 0);
    const right = judged.reduce((a, r) => a + (r.primaryRight ?? 0) * r.primaryJudged, 0);
    expect(n).toBeGreaterThan(10);
    expect(right / n).toBeGreaterThanOrEqual(0.95);
  });
});

it('every flawed team is triggered somewhere, so every defect is actually tested', () => {
  for (const team of Object.keys(OWN_MODE))
    expect(
      rows.filter((r) => r.team === team).reduce((a, r) => a + r.triggered, 0),
      team,
    ).toBeGreaterThan(20);
});
