/**
 * Combining rounds of the per-env measurements into one row per env: each figure is the best any
 * round got (the lowest cost, the highest throughput).
 *
 * Why the best and not the mean: on a shared machine, a neighbour can slow every measurement of a
 * whole minute by up to 2× (two runs of one tree a few minutes apart gave split-module 27 and
 * 51 µs/step), while nothing makes the code itself run faster than it can. The lowest of several
 * rounds, taken minutes apart with the envs interleaved, is the figure least disturbed by the
 * neighbours, and it is reproducible where a single run is not.
 */

/**
 * Fields where more is better (throughputs); every other numeric field is a cost, where less is.
 * Fields that describe the workload rather than measure it keep the first round's value.
 */
const HIGHER_IS_BETTER = /PerSecond$/;
const WORKLOAD = new Set(['planSteps', 'stepsPerEpisode', 'runs', 'stepsPerRun', 'episodes', 'workers']);

/**
 * One row per env out of `rounds` (each an array of rows, one per env, in any order): per field the
 * best value over the rounds. Throws when a round lacks an env the first has, or when there are no
 * rounds at all.
 */
export function bestOfRounds<T extends { readonly env: string }>(rounds: readonly (readonly T[])[]): T[] {
  const [first, ...rest] = rounds;
  if (!first) throw new Error('bestOfRounds: no rounds to combine (pass --rounds=1 or more)');
  return first.map((row) => {
    const others = rest.map((round) => {
      const match = round.find((r) => r.env === row.env);
      if (!match) throw new Error(`bestOfRounds: a round has no figures for env "${row.env}"`);
      return match;
    });
    const best: Record<string, unknown> = { ...row };
    for (const [field, value] of Object.entries(row)) {
      if (typeof value !== 'number' || WORKLOAD.has(field)) continue;
      const values = [value, ...others.map((o) => (o as Record<string, unknown>)[field])].filter(
        (v): v is number => typeof v === 'number',
      );
      best[field] = HIGHER_IS_BETTER.test(field) ? Math.max(...values) : Math.min(...values);
    }
    return best as T;
  });
}
