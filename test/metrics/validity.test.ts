/**
 * The metrics' proof of validity (what `faultline validity` publishes in the README), held for
 * every team of the experiment from its descriptor (src/run/validity/teams.ts): a flawed team's
 * own mode is flagged in ≥ 90% (its `minDetection`) of the episodes where its defect acted; a team
 * that must stay quiet (the oracle, the probes that only take another path) is flagged for any
 * mode in ≤ 2% of episodes and succeeds as the oracle does; the primary failure mode names the
 * right step and role in ≥ 95% of the judged cases of each metric.
 *
 * In `npm test` each team runs on every world under its home profile (where its defect acts most)
 * on a few seeds; `npm run test:full` runs the README's experiment: every profile, 30 seeds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import {
  runValidity,
  VALIDITY_TEAMS,
  type MetricStatement,
  type ValidityRow,
  type ValidityTeam,
} from '../../src/run/validity.js';
import { builtinEnvIds } from '../support/envs.js';
import { FULL, seeds } from '../support/sizes.js';

const PROFILES = ['production', 'tool', 'data', 'instruction', 'team'];
// 6 seeds on each team's home profile (about 900 episodes) give every flawed team 24+ triggered
// episodes and each quiet team 54 (one flagged episode is 1.9%); the full run is the README's.
// (At 4 seeds credulous under data drops below 90%: 20 of 23.)
const SEEDS = seeds(6, 30);
/** Fewest triggered episodes for a rate to mean anything. */
const MIN_TRIGGERED = 5;
/** Fewest judged episodes for an attribution rate to mean anything. */
const MIN_JUDGED = 10;
let rows: ValidityRow[] = [];
const metrics: MetricStatement[] = [];

/** The profiles a team runs under in this run. */
function profilesOf(team: ValidityTeam): string[] {
  return FULL ? PROFILES : [team.home];
}

beforeAll(async () => {
  loadBuiltins();
  // The built-in envs by name: files share a module graph, and fixtures another file registered must not join.
  const envs = builtinEnvIds();
  const groups = new Map<string, ValidityTeam[]>();
  for (const team of VALIDITY_TEAMS) {
    const key = profilesOf(team).join(',');
    groups.set(key, [...(groups.get(key) ?? []), team]);
  }
  // Quiet teams are compared with the oracle: it runs wherever one does.
  const oracle = VALIDITY_TEAMS.filter((t) => t.id === 'oracle');
  for (const [key, group] of groups) {
    const needsOracle = group.some((t) => t.expected === null) && !group.some((t) => t.id === 'oracle');
    const teams = needsOracle ? [...oracle, ...group] : group;
    const report = await runValidity({ envs, seeds: SEEDS, profiles: key.split(','), teams });
    rows.push(...report.rows);
    metrics.push(...report.metrics);
  }
  rows = dedupe(rows);
  console.log(
    metrics
      .map(
        (s) =>
          `${s.mode}: ${s.sensitivity.map((x) => `${x.team} ${x.rate?.toFixed(3) ?? '—'} (n=${x.n})`).join(', ')}; ` +
          `false positives ${s.falsePositives.map((x) => `${x.team} ${x.rate?.toFixed(3) ?? '—'} (n=${x.n})`).join(', ')}; ` +
          `attribution ${s.attribution.rate?.toFixed(3) ?? '—'} (n=${s.attribution.n})`,
      )
      .join('\n'),
  );
}, 1_200_000);

/** One row per (team, profile): the oracle may have run with several groups on the same profile. */
function dedupe(list: readonly ValidityRow[]): ValidityRow[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = `${r.team}|${r.profile}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The row of (team, profile); fails the test when the experiment produced none. */
function rowOf(team: string, profile: string): ValidityRow {
  const row = rows.find((r) => r.profile === profile && r.team === team);
  if (!row) throw new Error(`runValidity gave no row for team ${team} under profile ${profile}`);
  return row;
}

const quiet = VALIDITY_TEAMS.filter((t) => t.expected === null);
const flawed = VALIDITY_TEAMS.filter((t) => t.expected !== null);

describe.each(quiet.map((t) => [t.id, t] as const))('%s (must stay quiet)', (_id, team) => {
  it.each(profilesOf(team))('under %s: flagged for any mode in at most 2% of episodes', (profile) => {
    const row = rowOf(team.id, profile);
    expect(row.anyMode, `${team.id} under ${profile}: ${JSON.stringify(row.flagged)}`).toBeLessThanOrEqual(0.02);
  });

  it.each(profilesOf(team))('under %s: succeeds as the oracle does (within 2 points)', (profile) => {
    const oracle = rowOf('oracle', profile).successRate;
    expect(rowOf(team.id, profile).successRate).toBeGreaterThanOrEqual(oracle - 0.02);
  });
});

describe.each(flawed.map((t) => [t.id, t] as const))('%s (must be flagged)', (_id, team) => {
  const triggeredProfiles = profilesOf(team).filter((p) => !team.notTriggeredUnder?.includes(p));
  const untriggered = profilesOf(team).filter((p) => team.notTriggeredUnder?.includes(p));
  const min = team.minDetection ?? 0.9;

  it.each(triggeredProfiles)(
    `under %s: its own mode is flagged in at least ${min * 100}% of triggered episodes`,
    (profile) => {
      const row = rowOf(team.id, profile);
      expect(
        row.triggered,
        `${team.id} under ${profile}: its defect was never triggered; list the profile in notTriggeredUnder or run more seeds`,
      ).toBeGreaterThan(0);
      // Too few triggered episodes for a rate to mean anything: then every one must be flagged.
      const least = row.triggered < MIN_TRIGGERED ? 1 : min;
      expect(row.ownModeWhenTriggered, `${team.id} under ${profile}: n=${row.triggered}`).toBeGreaterThanOrEqual(least);
    },
  );

  // A defect the profile gives nothing to act on proves nothing here; that it really never acts is checked.
  if (untriggered.length > 0)
    it.each(untriggered)('under %s: its defect is never triggered (nothing to act on)', (profile) => {
      expect(rowOf(team.id, profile).triggered, `${team.id} under ${profile}: update notTriggeredUnder`).toBe(0);
    });
});

/**
 * Known gaps, measured on the README's full run (every profile, 30 seeds) and held at that level
 * so they cannot get worse; the target for every mode is 95%. Drift (95% rounded, n=1950): the
 * hedger's drift is sometimes dated to an earlier write that names a sibling of a fact's value
 * (rename-symbol) or to a fault it handled. Cascade (94%, n=1020): under `data`, a wrong-value
 * fault that planted exactly the fact's guess before the own-mistake probe's slip makes the slip
 * read as that bad data passed on, which the event log cannot tell apart (0.83 under data; 0.98
 * and 0.95 under clean and production, where test/probes/own-mistake.test.ts holds it at 95%).
 */
const ATTRIBUTION_FLOOR: Partial<Record<string, number>> = FULL ? { alignmentDrift: 0.94, cascadingErrors: 0.93 } : {};

it.each([...new Set(flawed.map((t) => t.expected))])(
  'the primary cause of %s names the right step and role in at least 95% of judged cases (or its known floor)',
  (mode) => {
    const judged = metrics.filter((s) => s.mode === mode);
    const n = judged.reduce((a, s) => a + s.attribution.n, 0);
    const right = judged.reduce((a, s) => a + (s.attribution.rate ?? 0) * s.attribution.n, 0);
    if (n < MIN_JUDGED) return; // e.g. drift: no injected fault locates it
    const floor = (mode !== null && ATTRIBUTION_FLOOR[mode]) || 0.95;
    console.log(`attribution of ${mode}: ${(right / n).toFixed(3)} (n=${n}), held at ≥ ${floor}`);
    expect(right / n, `${mode}: n=${n}`).toBeGreaterThanOrEqual(floor);
  },
);
