/** D7: a snapshot is JSON and restoring it, anywhere, continues the run exactly. */
import type { EnvSnapshot } from './env.js';
import { Rng, type Seed } from './rng.js';
import { Roller, call, compareRecords, describeError, divergenceText } from './check-rollout.js';
import { nonJsonValue } from './check-values.js';
import { CHECKS } from './check-rules.js';
import { error, fresh, safeClose, type Ctx } from './check-context.js';

/**
 * D7 snapshot/restore (Gymnasium's pickle test): a snapshot taken mid-episode is plain JSON; a
 * fresh instance restored from its `JSON.parse(JSON.stringify(…))` round trip continues exactly
 * as the original does, and so does the original after rewinding to it.
 */
export function checkSnapshotRestore(ctx: Ctx): void {
  const seed = ctx.seeds[0] as Seed;
  const k = Math.max(1, Math.floor(ctx.numSteps / 2));
  const m = Math.max(1, ctx.numSteps - k);
  const original = new Roller(fresh(ctx), seed);
  original.reset();
  original.run(k);
  const snap = call('snapshot()', seed, k, () => original.env.snapshot());
  const notJson = nonJsonValue(snap, 'snapshot');
  if (notJson) {
    error(
      ctx,
      CHECKS.snapshot,
      `The snapshot taken at step ${k} is not plain JSON: ${notJson}. Expected: JSON-serializable state, so a snapshot can move to a worker or a file. Likely fix: keep only plain objects, arrays, strings, finite numbers, booleans and null in the state.`,
      seed,
      k,
    );
    return;
  }
  let text: string;
  try {
    text = JSON.stringify(snap);
  } catch (e) {
    error(
      ctx,
      CHECKS.snapshot,
      `JSON.stringify(snapshot()) threw ${describeError(e)} at step ${k}. Expected: a JSON-serializable snapshot.`,
      seed,
      k,
    );
    return;
  }
  const policyState = original.policy.state();
  const doneAtSnapshot = original.done;
  const continuation = original.records.length;
  original.run(m);
  const expected = original.records.slice(continuation);

  const restored = new Roller(fresh(ctx), seed, Rng.fromState(policyState));
  call('restore(JSON round trip of snapshot())', seed, k, () => restored.env.restore(JSON.parse(text) as EnvSnapshot));
  restored.steps = k;
  restored.done = doneAtSnapshot;
  restored.run(m);
  const d = compareRecords(expected, restored.records);
  if (d) {
    error(
      ctx,
      CHECKS.snapshot,
      `A fresh instance restored from a JSON round trip of the snapshot taken at step ${k} diverges from the original ${divergenceText(d)}. Expected: restore continues identically, in any process. Likely fix: everything that shapes the future (RNG state, counters, caches, wrapper state) must be in the model state or in snapshot().wrappers — not in closures, class fields or Maps.`,
      seed,
      d.step,
      ` (snapshot at step ${k}, restore into a fresh instance, continue with the same policy)`,
    );
  }

  const rewound = new Roller(original.env, seed, Rng.fromState(policyState));
  call('restore(snapshot) on the original instance', seed, k, () =>
    original.env.restore(JSON.parse(text) as EnvSnapshot),
  );
  rewound.steps = k;
  rewound.done = doneAtSnapshot;
  rewound.run(m);
  const back = compareRecords(expected, rewound.records);
  if (back && !d) {
    error(
      ctx,
      CHECKS.snapshot,
      `Rewinding the same instance to the snapshot taken at step ${k} does not replay the same steps ${divergenceText(back)}. Expected: restore(snapshot) rewinds completely. Likely fix: restore must overwrite every piece of instance state, not merge into it.`,
      seed,
      back.step,
    );
  }

  if (!d && !back && !ctx.failed.has(CHECKS.unseededReset)) {
    const r1 = new Roller(original.env, seed);
    r1.reset({});
    const r2 = new Roller(restored.env, seed);
    r2.reset({});
    const streams = compareRecords(r1.records, r2.records);
    if (streams) {
      error(
        ctx,
        CHECKS.snapshot,
        `After restoring a snapshot, an unseeded reset() starts a different episode than on the original instance: ${streams.detail}. Expected: the snapshot carries the seed stream of unseeded resets. Likely fix: include the reset stream's RNG state in snapshot() and set it in restore().`,
        seed,
        k,
        ', snapshot, restore, continue, then reset() on both',
      );
    }
  }
  safeClose(original.env);
  safeClose(restored.env);
}
