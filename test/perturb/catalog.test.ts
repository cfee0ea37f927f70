/**
 * The perturbation catalog: every type fires, is fair (the oracle, which recovers the right way,
 * still succeeds), and a fault plan is a function of (seed, profile) alone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { make } from '../../src/core/registry.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import { teamStateOf } from '../../src/team/team-env.js';
import { CATALOG, PROFILES } from '../../src/perturb/index.js';
import { seeds } from '../support/sizes.js';

const ENVS = ['filesystem/rename-symbol-v1', 'filesystem/split-module-v1'];
// 8 seeds: every type still fires in more than half of the 16 episodes (6 seeds leave handoff-field-drop at exactly half).
const SEEDS = seeds(8, 12);

beforeAll(() => loadBuiltins());

function firedTypes(r: EpisodeResult): string[] {
  return [
    ...r.perturbations.atReset.map((p) => p.type),
    ...r.trajectory.flatMap((s) => (s.event.perturbations ?? []).map((p) => p.type)),
  ];
}

describe.each(CATALOG.map((t) => t.id))('perturbation %s', (type) => {
  it('fires, is recorded with its recovery label, and the oracle still succeeds', async () => {
    loadBuiltins();
    let fired = 0;
    for (const env of ENVS) {
      for (const seed of SEEDS) {
        const r = await runEpisode({ env, team: findTeam('oracle')!, seed, perturb: type });
        expect(
          r.success,
          `${env} seed ${seed} under ${type}: ${r.outcome}, violated ${r.grade.violated.join(', ')}`,
        ).toBe(true);
        if (firedTypes(r).includes(type)) fired++;
        for (const p of r.perturbations.plan) expect(p.recovery).toBe(CATALOG.find((t) => t.id === p.type)!.recovery);
      }
    }
    expect(fired, `${type} fired in ${fired} of ${ENVS.length * SEEDS.length} episodes`).toBeGreaterThan(
      ENVS.length * SEEDS.length * 0.5,
    );
  });
});

describe('fault plans', () => {
  it('depend on (seed, profile) alone: same inputs, same plan; other seeds, other plans', () => {
    loadBuiltins();
    const planOf = (seed: number, perturb: string) => {
      const env = make(ENVS[0]!);
      env.reset({ seed, options: { perturb } });
      return JSON.stringify(teamStateOf(env)!.faults.plan);
    };
    expect(planOf(3, 'chaos')).toBe(planOf(3, 'chaos'));
    const plans = new Set(SEEDS.map((s) => planOf(s, 'chaos')));
    expect(plans.size).toBeGreaterThan(SEEDS.length - 2);
    expect(planOf(3, 'clean')).toBe('[]');
  });

  it('offers clean, production, chaos, one profile per kind and one per type', () => {
    const ids = PROFILES.map((p) => p.id);
    for (const id of [
      'clean',
      'production',
      'chaos',
      'tool',
      'data',
      'instruction',
      'team',
      ...CATALOG.map((t) => t.id),
    ])
      expect(ids).toContain(id);
  });

  it('rejects an unknown profile or perturbation type with the list of known ones', () => {
    loadBuiltins();
    const env = make(ENVS[0]!);
    expect(() => env.reset({ seed: 0, options: { perturb: 'mayhem' } })).toThrow(/perturb.*"mayhem".*production/);
    expect(() =>
      env.reset({
        seed: 0,
        options: {
          faultPlan: [
            {
              id: 'p1',
              type: 'meteor',
              kind: 'tool',
              site: 'tool-call',
              recovery: 'retry',
              trigger: { on: 'reset' },
              params: {},
            },
          ],
        },
      }),
    ).toThrow(/faultPlan.*"meteor"/);
  });
});

describe('truncateResult', () => {
  it('always leaves a visible marker, at any depth, even on small objects', async () => {
    const { truncateResult, TRUNCATION_MARKER } = await import('../../src/perturb/catalog/truncated-result.js');
    expect(truncateResult('short', 0.5)).toBe(`sh${TRUNCATION_MARKER}`);
    expect(
      JSON.stringify(
        truncateResult({ service: 'api', config: { notes: 'a long enough value to be cut in two' } }, 0.5),
      ),
    ).toContain(TRUNCATION_MARKER);
    expect(truncateResult({ service: 'api', config: { PORT: '80', HOST: 'h' } }, 0.5)).toEqual({
      service: 'api',
      truncated: TRUNCATION_MARKER,
    });
    expect(truncateResult([1, 2, 3, 4], 0.5)).toEqual([1, 2, TRUNCATION_MARKER]);
  });
});
