/**
 * Timing helpers shared by the benchmarks. The machine is shared and noisy, so figures are medians
 * of many short batches (a busy neighbour spoils a few batches, not the median) and throughput is
 * measured in CPU time of this process (`process.cpuUsage`), which another process cannot inflate.
 */
import { performance } from 'node:perf_hooks';

/** The median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** CPU time (user + system) this process has used, in milliseconds. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Wall-clock milliseconds (monotonic). */
export function wallMs(): number {
  return performance.now();
}

/** Rounds to `digits` decimals, for printing and JSON. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
