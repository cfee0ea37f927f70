/**
 * The constraint checker of the `__world__` world. A constraint of a task names a checker by its
 * key (`kind`) and gives it `params`; the env evaluates it on the world state after every step,
 * which gives the intent ledger its curve. Checkers are pure and never throw: a missing param
 * means the constraint is unmet.
 */
import { stringParam, type ConstraintChecker } from 'faultline/authoring';
import { recordsUnder, type __World__State } from './state.js';

/**
 * `tagged`: with `expected: "all"`, every record under `prefix` has `tag` (and there is at least
 * one); with `expected: "none"`, no record under `prefix` has it.
 */
export const tagged: ConstraintChecker<__World__State> = (ctx) => {
  const prefix = stringParam(ctx, 'prefix');
  const tag = stringParam(ctx, 'tag');
  const expected = stringParam(ctx, 'expected');
  if (prefix === null || tag === null) return false;
  const names = recordsUnder(ctx.world, prefix);
  const has = (name: string): boolean => ctx.world.records[name]?.tags.includes(tag) === true;
  if (expected === 'all') return names.length > 0 && names.every(has);
  if (expected === 'none') return !names.some(has);
  return false;
};
