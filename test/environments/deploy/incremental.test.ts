import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../../support/sizes.js';
import { Rng } from '../../../src/core/rng.js';
import { DEPLOY_CHECKERS } from '../../../environments/deploy/checkers.js';
import { rolloutFamily, diagnoseRollbackFamily } from '../../../environments/deploy/index.js';
import {
  buggyServices,
  canaryCount,
  dependentsOf,
  diffStates,
  failingServices,
  serviceNames,
  serviceOf,
  withService,
  type DeployState,
  type Service,
} from '../../../environments/deploy/state.js';

/** A copy with fresh objects: no link or memo of the original applies to it. */
const fresh = (s: DeployState): DeployState => JSON.parse(JSON.stringify(s)) as DeployState;

const worlds = [0, 1].flatMap((seed) => [
  rolloutFamily.generate(Rng.fromSeed(seed), seed, 60),
  diagnoseRollbackFamily.generate(Rng.fromSeed(seed), seed),
  // Grown by a world size: a fleet of standalone services beside the stack, changed through the overlay.
  rolloutFamily.generate(Rng.fromSeed(seed), seed, 120),
]);

const VERSIONS = ['v1.0.0', 'v2.3.1', 'v3.0.0', 'v9.9.9'];

describe('incremental deploy results equal a from-scratch evaluation', () => {
  it('over random service changes (failing, dependents, canaries, diff, every constraint)', () => {
    fc.assert(
      fc.property(
        fc.nat(worlds.length - 1),
        fc.array(fc.tuple(fc.nat(999), fc.nat(3), fc.nat(3)), { minLength: 1, maxLength: 12 }),
        (w, ops) => {
          const task = worlds[w]!;
          const initial = task.world;
          const names = serviceNames(initial);
          const change = (world: DeployState, [i, kind, v]: [number, number, number]): DeployState => {
            const s = serviceOf(world, names[i % names.length]!) as Service;
            const version = VERSIONS[v]!;
            const changed: Service =
              kind === 0
                ? { ...s, version }
                : kind === 1
                  ? { ...s, canary: s.canary ? null : { version, ticket: 'CHG-1', since: 0 } }
                  : kind === 2
                    ? { ...s, config: { ...s.config, mode: version } }
                    : { ...s, version: s.badVersions[0] ?? version };
            return withService(world, changed);
          };
          // Every change at once, asked about only at the end: results are carried from the initial
          // state's over the whole chain.
          failingServices(initial);
          canaryCount(initial);
          buggyServices(initial);
          const last = ops.reduce(change, initial);
          expect(failingServices(last)).toEqual(failingServices(fresh(last)));
          expect(canaryCount(last)).toBe(canaryCount(fresh(last)));
          expect(buggyServices(last)).toEqual(buggyServices(fresh(last)));
          // Asked for the first time only after the changes, from a start nothing was counted for:
          // counted where the links end, then carried over them.
          const unasked = ops.reduce(change, fresh(initial));
          expect(canaryCount(unasked)).toBe(canaryCount(fresh(unasked)));
          let world = initial;
          for (const op of ops) {
            world = change(world, op);
            const copy = fresh(world);
            expect(failingServices(world)).toEqual(failingServices(copy));
            expect(canaryCount(world)).toBe(canaryCount(copy));
            expect(serviceNames(world)).toEqual(serviceNames(copy));
            expect(buggyServices(world)).toEqual(buggyServices(copy));
            expect(diffStates(initial, world)).toEqual(diffStates(fresh(initial), copy));
            for (const n of names) expect(dependentsOf(world, n)).toEqual(dependentsOf(copy, n));
            for (const k of task.constraints) {
              const checker = DEPLOY_CHECKERS[k.kind];
              if (!checker) continue;
              const ctx = { world, initial, answer: null, params: k.params };
              expect(checker(ctx)).toBe(checker({ ...ctx, world: copy, initial: fresh(initial) }));
            }
          }
        },
      ),
      { numRuns: runs(20, 60), seed: 15 },
    );
  });
});
