/**
 * Recorded episodes per second once V8 is done compiling: the rate of a long run.
 *
 * `episodesPerSecond` (episodes.ts) is taken in the first second or so of an env's episodes, while
 * V8 is still optimising the code of the episode path on another thread, whose CPU counts: with
 * `--trace-opt`, diagnose-rollback episodes started with 175 compilations in their first second
 * and were down to 5–12 a second after 15 s, while their rate per CPU second rose from about 180
 * to about 280. A sweep of thousands of episodes spends nearly all of its time at the settled
 * rate, so that is measured here too, beside the first one, not instead of it.
 *
 * The episodes run in windows of one wall-clock second each, every one timed in CPU time (of all
 * threads, as `episodesPerSecond` is). The rate has settled when the best of the last few windows
 * is no more than a few percent above the best of all the windows before them: it has stopped
 * rising. The figure is the best window (a neighbour on a shared machine only ever slows a window,
 * and no window runs faster than the code can, as in best-of.ts).
 */
import { cpuMs, round, wallMs } from './timing.js';
import { recordedEpisodes } from './episodes.js';

/** What {@link benchSteadyEpisodes} returns. */
export interface SteadyEpisodesBench {
  /** The best window's recorded episodes per CPU second, once the rate stopped rising. */
  readonly steadyEpisodesPerSecond: number;
  /** Each window's recorded episodes per CPU second, in order: the ramp up to the settled rate. */
  readonly windows: readonly number[];
  /** Whether the rate stopped rising within {@link SteadyOptions.maxWindows} windows (else it was still rising at the end). */
  readonly settled: boolean;
}

/** How {@link benchSteadyEpisodes} decides the rate has settled. */
export interface SteadyOptions {
  /** Wall-clock seconds of a window. @defaultValue 1 */
  readonly windowSeconds?: number;
  /** Fewest windows before the rate may count as settled. @defaultValue 8 */
  readonly minWindows?: number;
  /** Most windows, settled or not. @defaultValue 30 */
  readonly maxWindows?: number;
  /** The latest windows that must not beat the best before them (by more than `tolerance`). @defaultValue 4 */
  readonly lastWindows?: number;
  /** Most the last windows' best may rise above all earlier windows' best and still count as settled. @defaultValue 0.03 */
  readonly tolerance?: number;
}

const DEFAULTS: Required<SteadyOptions> = {
  windowSeconds: 1,
  minWindows: 8,
  maxWindows: 30,
  lastWindows: 4,
  tolerance: 0.03,
};

/** `options`, or an error naming the first one out of range and what it must be. */
function checkedOptions(options: Required<SteadyOptions>): Required<SteadyOptions> {
  const counts = ['minWindows', 'maxWindows', 'lastWindows'] as const;
  for (const name of counts) {
    const value = options[name];
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`benchSteadyEpisodes: ${name} is ${value}; expected a whole number of windows, 1 or more`);
  }
  if (!(options.windowSeconds > 0))
    throw new RangeError(`benchSteadyEpisodes: windowSeconds is ${options.windowSeconds}; expected seconds above 0`);
  if (!(options.tolerance >= 0))
    throw new RangeError(
      `benchSteadyEpisodes: tolerance is ${options.tolerance}; expected a fraction, 0 or more (0.03 is 3%)`,
    );
  return options;
}

/**
 * Whether the rates of `windows` have stopped rising: at least `minWindows` of them, and the best
 * of the last `lastWindows` at most `1 + tolerance` times the best of every window before those.
 */
export function rateSettled(windows: readonly number[], options: SteadyOptions = {}): boolean {
  const { minWindows, lastWindows, tolerance } = { ...DEFAULTS, ...options };
  if (windows.length < Math.max(minWindows, lastWindows + 1)) return false;
  const before = Math.max(...windows.slice(0, -lastWindows));
  const last = Math.max(...windows.slice(-lastWindows));
  return last <= before * (1 + tolerance);
}

/**
 * Runs recorded oracle episodes of `envId` (under `production`) in windows until their rate has
 * settled (see {@link rateSettled}) and returns the settled rate with the ramp that led to it.
 * Builtins must be loaded beforehand.
 */
export async function benchSteadyEpisodes(envId: string, options: SteadyOptions = {}): Promise<SteadyEpisodesBench> {
  const o = checkedOptions({ ...DEFAULTS, ...options });
  const runner = recordedEpisodes(envId);
  const windows: number[] = [];
  try {
    while (windows.length < o.maxWindows && !rateSettled(windows, o)) {
      let episodes = 0;
      const cpu0 = cpuMs();
      const until = wallMs() + o.windowSeconds * 1000;
      while (wallMs() < until || episodes < 5) {
        await runner.one();
        episodes++;
      }
      windows.push(round((episodes * 1000) / (cpuMs() - cpu0), 1));
    }
  } finally {
    runner.close();
  }
  return {
    steadyEpisodesPerSecond: Math.max(...windows),
    windows,
    settled: rateSettled(windows, o),
  };
}
