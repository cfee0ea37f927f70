/**
 * Unbiased estimators of consistency from repeated trials of one task.
 *
 * With `n` trials of which `c` passed, the probability that `k` trials drawn without replacement
 * all pass is C(c,k)/C(n,k) (pass^k, tau-bench's definition) and that at least one passes is
 * 1 − C(n−c,k)/C(n,k) (pass@k, the Codex paper's). Both are computed as running products so they
 * stay exact-enough and never overflow for any `n`.
 */
import { InvalidArgumentError } from '../core/errors.js';

/** pass^k of one task: the chance that `k` of its `n` trials, drawn without replacement, all pass. */
export function passHatK(n: number, c: number, k: number): number {
  checkCounts(n, c, k, 'passHatK');
  let p = 1;
  for (let i = 0; i < k; i++) p *= (c - i) / (n - i);
  return Math.max(0, p);
}

/** pass@k of one task: the chance that at least one of `k` of its `n` trials passes. */
export function passAtK(n: number, c: number, k: number): number {
  checkCounts(n, c, k, 'passAtK');
  let allFail = 1;
  for (let i = 0; i < k; i++) allFail *= (n - c - i) / (n - i);
  return 1 - Math.max(0, allFail);
}

/** C(n, k) as a float (exact for the sizes runs produce). */
export function binomial(n: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0)
    throw new InvalidArgumentError('binomial(n, k)', [n, k], 'integers with n >= 0', 'pass whole counts');
  if (k < 0 || k > n) return 0;
  let out = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) out = (out * (n - Math.min(k, n - k) + i)) / i;
  return Math.round(out);
}

function checkCounts(n: number, c: number, k: number, fn: string): void {
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(
      `${fn}(n)`,
      n,
      'an integer >= 1 (trials run)',
      'count only tasks with at least one trial',
    );
  if (!Number.isInteger(c) || c < 0 || c > n)
    throw new InvalidArgumentError(
      `${fn}(c)`,
      c,
      `an integer in 0..${n} (trials passed)`,
      'pass the number of passing trials',
    );
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new InvalidArgumentError(
      `${fn}(k)`,
      k,
      `an integer in 1..${n} (no more than the trials run)`,
      'run more trials or ask for a smaller k',
    );
}
