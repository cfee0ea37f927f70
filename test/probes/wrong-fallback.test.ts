/**
 * The wrong-fallback probe — the oracle that, when a tool is retired, calls another of its tools
 * with the same arguments instead of the documented fallback — against the recovery metric: only
 * the documented fallback for that failure counts as recovering.
 */
import { describe, expect, it } from 'vitest';
import { runEpisode } from 'faultline';
import { analyzeEpisode } from 'faultline/metrics';
import { findTeam } from 'faultline/teams';
import { createWrongFallbackTeam } from '../../probes/wrong-fallback.js';
import { builtinEnvIds } from '../support/envs.js';
import { seeds } from '../support/sizes.js';

describe('wrong-fallback under permanent-failure', () => {
  it('is never counted as recovered; the oracle, which takes the documented fallback, always is', async () => {
    let acted = 0;
    let recovered = 0;
    let passed = 0;
    let oracleRecovered = 0;
    let onPath = 0;
    for (const env of builtinEnvIds()) {
      for (const seed of seeds(2, 20)) {
        const misrouted: string[] = [];
        const probe = createWrongFallbackTeam({ onDefect: (r) => misrouted.push(r.note ?? '') });
        const result = await runEpisode({ env, team: probe, seed, perturb: 'permanent-failure' });
        const response = analyzeEpisode(result).recovery.responses.find((r) => r.type === 'permanent-failure');
        const oracle = analyzeEpisode(
          await runEpisode({ env, team: findTeam('oracle')!, seed, perturb: 'permanent-failure' }),
        ).recovery.responses.find((r) => r.type === 'permanent-failure');
        if (misrouted.length === 0 || !response || !oracle) continue;
        acted++;
        if (response.response === 'recovered') recovered++;
        if (oracle.response === 'recovered') oracleRecovered++;
        if (!response.offPath) {
          onPath++;
          if (result.success) passed++;
        }
        expect(response.response, `${env} seed ${seed}: ${misrouted[0]}`).not.toBe('recovered');
      }
    }
    console.log(
      `permanent-failure, every env: wrong-fallback called a look-alike tool in ${acted} episodes, counted as recovered in ${recovered} ` +
        `(the oracle, same episodes: ${oracleRecovered}); on the task path it passed ${passed} of ${onPath}`,
    );
    expect(acted).toBeGreaterThanOrEqual(10);
    expect(recovered).toBe(0);
    expect(oracleRecovered).toBe(acted);
    expect(passed).toBe(0);
  });
});
