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
import { builtinEnvIds } from '../support/envs.js';
import { seeds } from '../support/sizes.js';

const PROFILES = ['production', 'tool', 'data', 'instruction', 'team'];
// 8 seeds (1,800 episodes) keep every verdict of the 30-seed run (6,750): each triggered
// (team, profile) pair still has 9+ triggered episodes, the weakest rate (credulous under data)
// is 0.95 against 0.92 at 30 seeds, the oracle is flagged 0 times, and 41+ primaries are judged per profile.
const SEEDS = seeds(8, 30);
/** Fewest triggered episodes for a rate to mean anything. */
const MIN_TRIGGERED = 5;
/**
 * Profiles under which a flawed team's defect has nothing to act on: the brittle team mishandles
 * only recovery labels that data faults never carry, the credulous team acts only on bad data.
 */
const NOT_TRIGGERED: Readonly<Record<string, readonly string[]>> = {
  brittle: ['data'],
  credulous: ['tool', 'instruction', 'team'],
};
let rows: ValidityRow[] = [];

beforeAll(async () => {
  loadBuiltins();
  // The built-in envs by name: files share a module graph, and fixtures another file registered must not join.
  rows = (await runValidity({ envs: builtinEnvIds(), seeds: SEEDS, profiles: PROFILES })).rows;
}, 600_000);

/** The row of (team, profile); fails the test when the experiment produced none. */
function rowOf(team: string, profile: string): ValidityRow {
  const row = rows.find((r) => r.profile === profile && r.team === team);
  if (!row) throw new Error(`runValidity gave no row for team ${team} under profile ${profile}`);
  return row;
}

describe.each(PROFILES)('under the %s profile', (profile) => {
  it('the oracle is flagged for any mode in at most 2% of episodes', () => {
    expect(rowOf('oracle', profile).anyMode).toBeLessThanOrEqual(0.02);
  });

  const triggered = Object.keys(OWN_MODE).filter((team) => !NOT_TRIGGERED[team]?.includes(profile));
  const untriggered = Object.keys(OWN_MODE).filter((team) => NOT_TRIGGERED[team]?.includes(profile));

  it.each(triggered)(
    '%s: its own mode is flagged in at least 90% of the episodes where its defect was triggered',
    (team) => {
      const row = rowOf(team, profile);
      expect(
        row.triggered,
        `${team} under ${profile}: its defect was triggered in ${row.triggered} episodes, fewer than ${MIN_TRIGGERED}, so no rate can be judged; run more seeds`,
      ).toBeGreaterThanOrEqual(MIN_TRIGGERED);
      expect(row.ownModeWhenTriggered, `${team} under ${profile}: n=${row.triggered}`).toBeGreaterThanOrEqual(0.9);
    },
  );

  // A defect the profile gives nothing to act on proves nothing here; that it really never acts is checked.
  if (untriggered.length > 0)
    it.each(untriggered)('%s: its defect is never triggered (nothing to act on)', (team) => {
      expect(rowOf(team, profile).triggered, `${team} under ${profile}: update NOT_TRIGGERED`).toBe(0);
    });

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
