/**
 * Golden trajectory digests: a fixed (env version, team, seed) must keep producing the very same
 * trajectory. A change here means behaviour changed: if that was intended, bump the env's -vN and
 * regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { listEnvs } from '../../src/core/registry.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode } from '../../src/team/episode.js';

const FILE = join(import.meta.dirname, 'digests.json');
const CASES: Array<[team: string, seeds: number[]]> = [
  ['oracle', [0, 1, 2, 3, 4]],
  ['random', [0, 1, 2]],
];

beforeAll(() => loadBuiltins());

async function currentDigests(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const spec of listEnvs().filter((s) => !s.id.startsWith('fixture/'))) {
    for (const [team, seeds] of CASES) {
      for (const seed of seeds) {
        const r = await runEpisode({ env: spec.id, team: findTeam(team)!, seed });
        out[`${spec.id} ${team} ${seed}`] = `${r.digest} ${r.outcome} ${r.steps}`;
      }
    }
  }
  return out;
}

describe('golden trajectory digests', () => {
  it('match the recorded digests for every env version', async () => {
    loadBuiltins();
    const current = await currentDigests();
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(FILE)) {
      if (process.env['CI'] && !existsSync(FILE))
        throw new Error(`${FILE} is missing; generate it with UPDATE_GOLDEN=1 npx vitest run test/golden`);
      writeFileSync(FILE, `${JSON.stringify(current, null, 2)}\n`);
    }
    const golden = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>;
    for (const [key, value] of Object.entries(current)) {
      expect(
        golden[key],
        `no golden digest for "${key}": regenerate with UPDATE_GOLDEN=1 (new env or team case)`,
      ).toBeDefined();
      expect(value, `trajectory of "${key}" changed: bump the env version if intended, then UPDATE_GOLDEN=1`).toBe(
        golden[key],
      );
    }
  });
});
