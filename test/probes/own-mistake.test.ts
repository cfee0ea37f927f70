/**
 * The own-mistake probe: the oracle that, once per episode, puts a fact's plausible wrong value
 * into a handoff or a tool call. Where the slip did damage (the episode failed where the oracle,
 * on the same seed and profile, succeeds), the primary failure cause names the slip's step and
 * role. Prints the figure per profile and the primary modes.
 */
import { describe, expect, it } from 'vitest';
import { findTeam } from 'faultline/teams';
import { analyzeEpisode } from 'faultline/metrics';
import type { ProbeReport } from '../../probes/index.js';
import { createOwnMistakeTeam } from '../../probes/own-mistake.js';
import { runEpisode } from '../../src/team/episode.js';
import { builtinEnvIds } from '../support/envs.js';
import { seeds, sized } from '../support/sizes.js';

const SEEDS = seeds(8, 20);
/** The oracle succeeds in every clean episode: the counterfactual run is needed under faults only. */
const PROFILES = sized(['clean'], ['clean', 'production']);

interface Judged {
  readonly env: string;
  readonly seed: number;
  readonly right: boolean;
  readonly mode: string;
}

async function judge(profile: string): Promise<Judged[]> {
  const oracle = findTeam('oracle');
  if (!oracle) throw new Error('the oracle team is not registered');
  const out: Judged[] = [];
  for (const env of builtinEnvIds()) {
    for (const seed of SEEDS) {
      const reports: ProbeReport[] = [];
      const team = createOwnMistakeTeam({ onDefect: (r) => reports.push(r) });
      const result = await runEpisode({ env, team, seed, perturb: profile });
      const slip = reports[0];
      if (!slip || result.success) continue;
      if (profile !== 'clean' && !(await runEpisode({ env, team: oracle, seed, perturb: profile })).success) continue;
      const primary = analyzeEpisode(result).verdict.primary;
      out.push({
        env,
        seed,
        right: primary?.step === slip.step && primary.role === slip.role,
        mode: primary?.mode ?? 'none',
      });
    }
  }
  return out;
}

describe('own-mistake probe', () => {
  it.each(PROFILES)(
    'under %s, the primary cause names the slip’s step and role',
    async (profile) => {
      const judged = await judge(profile);
      const right = judged.filter((j) => j.right).length / Math.max(1, judged.length);
      const modes: Record<string, number> = {};
      for (const j of judged) modes[j.mode] = (modes[j.mode] ?? 0) + 1;
      console.log(
        `own-mistake under ${profile}: root cause at the slip's step and role in ${right.toFixed(3)} of ${judged.length} damaging episodes; primary modes ${JSON.stringify(modes)}`,
      );
      expect(judged.length).toBeGreaterThanOrEqual(20);
      // Seeds 0-19, every env: 0.36 (clean) and 0.35 (production) before own wrong values were taint
      // sources; 0.91 and 0.89 with them; 0.981 and 0.952 once a failed call never redone, failing
      // tests and a guess standing in for a constraint's values link back to the slip.
      expect(right).toBeGreaterThanOrEqual(0.95);
    },
    300_000,
  );
});
