/**
 * Golden trajectory digests: a fixed (env version, team, seed) must keep producing the very same
 * trajectory. Each case has two digests: `structure` (actions, state hashes, events) and
 * `observations` (the rendered observations). A changed structure means behaviour changed: if
 * that was intended, bump the env's -vN. A changed observation digest alone means only the text
 * an agent reads changed. Either way regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { builtinEnvIds } from '../support/envs.js';
import { findTeam } from '../../src/team/agent.js';
import { goldenCase, type GoldenCase } from './split-digests.js';
import { sized } from '../support/sizes.js';

const FILE = join(import.meta.dirname, 'digests.json');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const ALL_CASES: Array<[team: string, seeds: number[]]> = [
  ['oracle', [0, 1, 2, 3, 4]],
  ['random', [0, 1, 2]],
];
// `npm test` checks every env on fewer seeds (the full suite, and every update, on all of them),
// so a regeneration never writes a partial file.
const CASES = UPDATE
  ? ALL_CASES
  : sized<Array<[team: string, seeds: number[]]>>(
      [
        ['oracle', [0, 1, 2]],
        ['random', [0, 1]],
      ],
      ALL_CASES,
    );

beforeAll(() => loadBuiltins());

async function currentDigests(): Promise<Record<string, GoldenCase>> {
  const out: Record<string, GoldenCase> = {};
  for (const id of builtinEnvIds()) {
    for (const [team, seeds] of CASES) {
      for (const seed of seeds) out[`${id} ${team} ${seed}`] = await goldenCase(id, findTeam(team)!, seed);
    }
  }
  return out;
}

describe('golden trajectory digests', () => {
  it('match the recorded digests for every env version', async () => {
    const current = await currentDigests();
    if (UPDATE || !existsSync(FILE)) {
      if (process.env['CI'] && !existsSync(FILE))
        throw new Error(`${FILE} is missing; generate it with UPDATE_GOLDEN=1 npx vitest run test/golden`);
      writeFileSync(FILE, `${JSON.stringify(current, null, 2)}\n`);
    }
    const golden = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, GoldenCase>;
    if (CASES === ALL_CASES)
      expect(Object.keys(current).sort(), 'recorded cases no longer produced: regenerate with UPDATE_GOLDEN=1').toEqual(
        Object.keys(golden).sort(),
      );
    for (const [key, value] of Object.entries(current)) {
      const recorded = golden[key];
      expect(
        recorded,
        `no golden digest for "${key}": regenerate with UPDATE_GOLDEN=1 (new env or team case)`,
      ).toBeDefined();
      expect(
        { structure: value.structure, outcome: value.outcome, steps: value.steps },
        `behaviour of "${key}" changed (actions, states or events): bump the env version if intended, then UPDATE_GOLDEN=1`,
      ).toEqual({ structure: recorded?.structure, outcome: recorded?.outcome, steps: recorded?.steps });
      expect(
        value.observations,
        `the observations of "${key}" changed but its behaviour did not (reworded text?): if intended, UPDATE_GOLDEN=1`,
      ).toBe(recorded?.observations);
    }
  });
});
