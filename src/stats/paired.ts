/**
 * Paired comparison of two runs on the episodes they share. Each pair is one episode key run
 * under A and under B; pairs are grouped into clusters (one task: a seed and variant, all its
 * trials), because trials of one task are not independent. The difference of rates gets a
 * cluster-bootstrap interval, and the discordant pairs an exact McNemar test.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { Seed } from '../core/rng.js';
import { bootstrap, type Interval } from './intervals.js';
import { round6, roundInterval } from './rounding.js';

/** One paired observation: did the event (success, a failure mode) happen under A and under B? */
export interface Pair {
  readonly cluster: string;
  readonly a: boolean;
  readonly b: boolean;
}

/** The paired difference B − A of a rate. */
export interface PairedDifference {
  /** Pairs compared. */
  readonly n: number;
  readonly rateA: number;
  readonly rateB: number;
  /** rateB − rateA. */
  readonly difference: number;
  /** 95% cluster-bootstrap interval of the difference; [−1, 1] (anything) without pairs. */
  readonly ci: Interval;
  /** Pairs where only A had the event, and where only B had it. */
  readonly onlyA: number;
  readonly onlyB: number;
  /** Two-sided exact McNemar p-value on the discordant pairs (1 when there are none). */
  readonly p: number;
  /** True when the interval excludes 0: the difference is unlikely to be noise. */
  readonly significant: boolean;
}

/** Compares paired observations. */
export function pairedDifference(
  pairs: readonly Pair[],
  options: { seed: Seed; resamples?: number },
): PairedDifference {
  const clusters = new Map<string, { a: number; b: number; n: number }>();
  let a = 0;
  let b = 0;
  let onlyA = 0;
  let onlyB = 0;
  for (const p of pairs) {
    const c = clusters.get(p.cluster) ?? { a: 0, b: 0, n: 0 };
    clusters.set(p.cluster, c);
    c.n++;
    if (p.a) {
      a++;
      c.a++;
    }
    if (p.b) {
      b++;
      c.b++;
    }
    if (p.a && !p.b) onlyA++;
    if (p.b && !p.a) onlyB++;
  }
  const n = pairs.length;
  const list = [...clusters.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, c]) => c);
  const diffOf = (sample: readonly { a: number; b: number; n: number }[]) => {
    let sa = 0;
    let sb = 0;
    let sn = 0;
    for (const c of sample) {
      sa += c.a;
      sb += c.b;
      sn += c.n;
    }
    return sn === 0 ? 0 : (sb - sa) / sn;
  };
  const raw = bootstrap(list, diffOf, { seed: options.seed, resamples: options.resamples ?? 2000 });
  // Without pairs nothing is known about the difference: say so, rather than claim [0, 0].
  const ci = raw === null ? { low: -1, high: 1 } : roundInterval(raw);
  return {
    n,
    rateA: n === 0 ? 0 : round6(a / n),
    rateB: n === 0 ? 0 : round6(b / n),
    difference: n === 0 ? 0 : round6((b - a) / n),
    ci,
    onlyA,
    onlyB,
    p: round6(mcnemarExact(onlyA, onlyB)),
    significant: n > 0 && (ci.low > 0 || ci.high < 0),
  };
}

/**
 * The two-sided exact McNemar test: under no difference, each of the `b + c` discordant pairs
 * is equally likely to go either way, so min(b, c) is Binomial(b + c, 1/2).
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0)
    throw new InvalidArgumentError('mcnemarExact(b, c)', [b, c], 'counts >= 0', 'pass the discordant pair counts');
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so large n does not underflow.
  let logTerm = -n * Math.LN2; // log C(n,0) / 2^n
  let tail = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i);
    tail += Math.exp(logTerm);
  }
  return Math.min(1, 2 * tail);
}
