/**
 * Whatever an agent is given is immutable: a team that changes everything it can reach — the
 * observation, its inbox messages and results, the briefing, the privileged task and fault plan,
 * the per-step context, even its own action after sending it — cannot change the task of a later
 * episode. Tasks are memoized per seed, so before the harness froze them such a team made the
 * oracle fail every episode on the seeds it had touched.
 *
 * The vandal runs first on each (env, seed) of the golden oracle cases (so it is the first to see
 * the memoized task), then the oracle runs and must reproduce its golden digests exactly. A
 * corrupted task stays corrupted for the rest of the file, so a failing property's shrunk
 * counterexample may name a harmless run: the first failing one is the culprit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { findTeam, type Agent, type Team } from '../../src/team/agent.js';
import { runEpisode } from '../../src/team/episode.js';
import { builtinEnvIds } from '../support/envs.js';
import { runs, sized } from '../support/sizes.js';
import { goldenObservations, type GoldenCase } from '../golden/split-digests.js';

const GOLDEN = JSON.parse(readFileSync(join(import.meta.dirname, '../golden/digests.json'), 'utf8')) as Record<
  string,
  GoldenCase
>;

/** One way of changing a value in place. */
type Mutation = 'edit' | 'reverse' | 'grow' | 'delete' | 'add' | 'prototype';

/** What the vandal reaches for. */
interface Targets {
  readonly briefing: boolean;
  readonly observation: boolean;
  readonly context: boolean;
  readonly ownAction: boolean;
  readonly later: boolean;
}

/**
 * Changes everything reachable from `value` in place, with every mutation in `how`. Errors are
 * swallowed: a frozen value throws in strict mode, and a real agent would catch and carry on.
 */
function vandalize(value: unknown, how: readonly Mutation[], seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value) || value instanceof AbortSignal) return;
  seen.add(value);
  // Every change to a frozen value throws; skipping them is the same, and saves thousands of throws.
  const frozen = Object.isFrozen(value);
  const attempt = (f: () => void) => {
    if (frozen) return;
    try {
      f();
    } catch {
      // a read-only property: as it should be
    }
  };
  if (Array.isArray(value)) {
    for (const v of value) vandalize(v, how, seen);
    if (how.includes('reverse')) attempt(() => void value.reverse());
    if (how.includes('grow')) attempt(() => value.push(value[0]));
    if (how.includes('delete')) attempt(() => void value.splice(0, 1));
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (how.includes('edit')) {
      if (typeof v === 'string') attempt(() => void (record[key] = `${v}!`));
      else if (typeof v === 'number') attempt(() => void (record[key] = v + 1));
      else if (typeof v === 'boolean') attempt(() => void (record[key] = !v));
    }
    vandalize(v, how, seen);
    if (how.includes('delete') && key !== 'id' && key !== 'role') attempt(() => void delete record[key]);
  }
  if (how.includes('add')) attempt(() => void (record['vandal'] = true));
  if (how.includes('prototype')) attempt(() => void Object.setPrototypeOf(record, { vandal: true }));
}

/** The oracle, changing whatever it is given after (and while) it uses it. */
function vandalTeam(oracle: Team, targets: Targets, how: readonly Mutation[], steps: number): Team {
  return {
    id: 'vandal',
    description: 'the oracle, mutating everything it is given',
    privileged: true,
    createAgents: (start) => {
      const inner = oracle.createAgents(start);
      const kept: unknown[] = [];
      const spoil = (value: unknown) => {
        vandalize(value, how);
        if (targets.later) kept.push(value);
      };
      if (targets.briefing) spoil(start);
      let acted = 0;
      let lastAction: unknown = null;
      const agents: Record<string, Agent> = {};
      for (const [role, agent] of Object.entries(inner)) {
        agents[role] = {
          act: async (observation, context) => {
            for (const k of kept) vandalize(k, how);
            if (targets.ownAction) vandalize(lastAction, how);
            acted++;
            const action: unknown =
              acted > steps ? { type: 'finish', status: 'gave_up' } : await agent.act(observation, context);
            if (targets.observation) spoil(observation);
            if (targets.context) spoil(context);
            lastAction = action;
            return action;
          },
        };
      }
      return agents;
    },
  };
}

let cases: Array<{ env: string; seed: number }> = [];
beforeAll(() => {
  loadBuiltins();
  cases = builtinEnvIds().flatMap((env) => [0, 1, 2, 3, 4].map((seed) => ({ env, seed })));
});

const targets = fc.record({
  briefing: fc.boolean(),
  observation: fc.boolean(),
  context: fc.boolean(),
  ownAction: fc.boolean(),
  later: fc.boolean(),
});
const mutations = fc.uniqueArray(fc.constantFrom<Mutation>('edit', 'reverse', 'grow', 'delete', 'add', 'prototype'), {
  minLength: 1,
});

describe('a team that mutates everything it is given', () => {
  // First in the file, so the vandal is the first team to see each of these tasks.
  it('leaves the oracle passing every episode after it (it failed all of them when tasks were shared mutable)', async () => {
    const oracle = findTeam('oracle')!;
    const all = { briefing: true, observation: true, context: true, ownAction: true, later: false };
    const sample = cases.filter((c) => sized([0], [0, 1, 2, 3, 4]).includes(c.seed));
    let passed = 0;
    let unchanged = 0;
    for (const { env, seed } of sample) {
      await runEpisode({ env, team: vandalTeam(oracle, all, ['edit', 'reverse'], 40), seed });
      const after = await goldenObservations(env, oracle, seed);
      const { structure: _structure, ...golden } = GOLDEN[`${env} oracle ${seed}`]!;
      if (after.outcome === 'success') passed++;
      if (JSON.stringify(after) === JSON.stringify(golden)) unchanged++;
    }
    console.log(
      `oracle after a mutating team on the same task: ${passed}/${sample.length} episodes pass, ${unchanged}/${sample.length} golden digests unchanged`,
    );
    expect([passed, unchanged]).toEqual([sample.length, sample.length]);
  });

  test.prop([fc.nat(), targets, mutations, fc.integer({ min: 0, max: 40 }), fc.constantFrom('clean', 'production')], {
    numRuns: runs(12, 90),
  })(
    'leaves later episodes unchanged: the oracle still reproduces its golden digests',
    async (pick, target, how, steps, perturb) => {
      const { env, seed } = cases[pick % cases.length]!;
      const oracle = findTeam('oracle')!;
      const vandal = await runEpisode({
        env,
        team: vandalTeam(oracle, target, how, steps),
        seed,
        perturb,
      });
      expect(['success', 'failure', 'gave_up', 'truncated', 'agent_error']).toContain(vandal.outcome);
      const after = await goldenObservations(env, oracle, seed);
      const { structure: _structure, ...golden } = GOLDEN[`${env} oracle ${seed}`]!;
      expect(after, `${env} seed ${seed}: the oracle's episode changed after the vandal's`).toEqual(golden);
    },
  );
});
