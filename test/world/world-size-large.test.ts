import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode } from '../../src/team/episode.js';
import { familyEnvId } from '../../src/team/team-env.js';
import { BUILTIN_FAMILIES } from '../../environments/index.js';

// Generating 10,000-entity worlds for every family takes tens of seconds: full runs only.
beforeAll(() => loadBuiltins());

describe('world size large', () => {
  it('every family is solved by the oracle at --world-size large', { timeout: 300_000 }, async () => {
    const oracle = findTeam('oracle')!;
    for (const spec of BUILTIN_FAMILIES.map((f) => ({ id: familyEnvId(f) }))) {
      const r = await runEpisode({ env: spec.id, team: oracle, seed: 1, worldSize: 'large' });
      expect(r.outcome, spec.id).toBe('success');
    }
  });
});
