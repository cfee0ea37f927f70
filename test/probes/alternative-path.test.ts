/**
 * The alternative-path probe reaches the goal by another valid path (each role reads the sources
 * its part rests on before it starts): on every world, under `clean` and `production`, it succeeds
 * exactly where the oracle does, it really leaves the oracle's path, and no failure mode is
 * flagged on it in more than 2% of episodes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runEpisode, type EpisodeResult } from 'faultline';
import { analyzeEpisode } from 'faultline/metrics';
import { oracleTeam } from 'faultline/teams';
import { createAlternativePathTeam } from '../../probes/alternative-path.js';
import type { ProbeReport } from '../../probes/index.js';
import { builtinEnvIds } from '../support/envs.js';
import { seeds } from '../support/sizes.js';

const PROFILES = ['clean', 'production'];
const SEEDS = seeds(4, 20);

interface Pair {
  readonly env: string;
  readonly seed: number;
  readonly profile: string;
  readonly oracle: EpisodeResult;
  readonly probe: EpisodeResult;
  readonly modes: readonly string[];
  readonly reports: readonly ProbeReport[];
}

const pairs: Pair[] = [];

beforeAll(async () => {
  for (const profile of PROFILES)
    for (const env of builtinEnvIds())
      for (const seed of SEEDS) {
        const reports: ProbeReport[] = [];
        const team = createAlternativePathTeam({ onDefect: (r) => reports.push(r) });
        const probe = await runEpisode({ env, team, seed, perturb: profile });
        const oracle = await runEpisode({ env, team: oracleTeam, seed, perturb: profile });
        pairs.push({ env, seed, profile, oracle, probe, modes: analyzeEpisode(probe).verdict.modes, reports });
      }
}, 300_000);

const where = (p: Pair) => `${p.env} seed ${p.seed} profile ${p.profile}`;

describe.each(PROFILES)('alternative-path under %s', (profile) => {
  const of = () => pairs.filter((p) => p.profile === profile);

  it('succeeds exactly where the oracle does', () => {
    const differ = of().filter((p) => p.probe.success !== p.oracle.success);
    const rate = of().filter((p) => p.probe.success).length / of().length;
    console.log(`alternative-path under ${profile}: success ${(rate * 100).toFixed(1)}% over ${of().length} episodes`);
    expect(differ.map(where)).toEqual([]);
  });

  it('takes another path: reads ahead in almost every episode, and its trajectories differ from the oracle', () => {
    const took = of().filter((p) => p.reports.length > 0 && p.probe.digest !== p.oracle.digest);
    expect(took.length / of().length).toBeGreaterThanOrEqual(0.9);
  });

  it('is flagged for a failure mode in at most 2% of episodes', () => {
    const flagged = of().filter((p) => p.modes.length > 0);
    console.log(
      `alternative-path under ${profile}: flagged for any mode in ${flagged.length}/${of().length} episodes`,
      flagged.map((p) => `${where(p)}: ${p.modes.join(',')}`),
    );
    expect(flagged.length / of().length).toBeLessThanOrEqual(0.02);
  });
});
