/**
 * Sizes of the heavy sweeps (seeds, property runs, episodes). `npm test` runs each sweep at a size
 * that still gives the test its power; `npm run test:full` (which sets `FAULTLINE_FULL=1`) runs
 * the full sizes. A single file runs in full with `FAULTLINE_FULL=1 npx vitest run <file>`.
 */

/** Whether the full sweeps run: `FAULTLINE_FULL=1` in the environment. */
export const FULL: boolean = process.env['FAULTLINE_FULL'] === '1';

/** The quick size in `npm test`, the full one in `npm run test:full`. */
export function sized<T>(quick: T, full: T): T {
  return FULL ? full : quick;
}

/** Seeds `0 .. n-1`, with n = `quick` in `npm test` and `full` in `npm run test:full`. */
export function seeds(quick: number, full: number): number[] {
  return Array.from({ length: sized(quick, full) }, (_, i) => i);
}

/** fast-check runs of a property: `quick` in `npm test`, `full` in `npm run test:full`. */
export function runs(quick: number, full: number): number {
  return sized(quick, full);
}
