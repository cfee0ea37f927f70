/**
 * Recorded oracle episodes per second on one core: the whole path of a run's episode — reset
 * with the profile's perturbations, the team's turns under their deadline, every step digested
 * and hash-chained, the failure-mode metrics, the record and trajectory file written to disk —
 * without the runner's planning, progress and summary (see `faultline run` for end to end).
 */
import { executeEpisode } from '../src/run/execute.js';
import { RunRecorder } from '../src/run/recorder.js';
import { cpuMs, round, wallMs } from './timing.js';
import { benchRunDir, doneWithRunDir } from './run-dirs.js';

/** What {@link benchRecordedEpisodes} returns. */
export interface EpisodesBench {
  /** Recorded episodes per CPU second of this process (one core). */
  readonly episodesPerSecond: number;
  /** Mean steps of a measured episode (the target asks for 30+). */
  readonly stepsPerEpisode: number;
  /** Episodes measured. */
  readonly episodes: number;
}

/** Options of {@link benchRecordedEpisodes}. */
export interface EpisodesOptions {
  /** @defaultValue 'oracle' */
  readonly team?: string;
  /** @defaultValue 'production' */
  readonly perturb?: string;
  /** Wall-clock seconds to measure for (after a warm-up of a fifth of that). @defaultValue 1 */
  readonly seconds?: number;
}

/** Recorded episodes of one env, one after another, into a run directory of their own. */
export interface RecordedEpisodes {
  /** Runs and records the next episode (the next seed); resolves to its steps. */
  one(): Promise<number>;
  /** Removes the run directory. */
  close(): void;
}

/**
 * Opens a temporary run directory and returns a runner of recorded episodes of `envId` on seeds
 * 0, 1, 2 … — exactly what a run does per episode (executeEpisode, then the recorder's append).
 */
export function recordedEpisodes(
  envId: string,
  options: Pick<EpisodesOptions, 'team' | 'perturb'> = {},
): RecordedEpisodes {
  const team = options.team ?? 'oracle';
  const perturb = options.perturb ?? 'production';
  const dir = benchRunDir('faultline-bench-');
  const recorder = RunRecorder.create(dir);
  let seed = 0;
  return {
    async one() {
      const key = { envId, team, seed: seed++, trial: 0, variant: 0 };
      const { record, trajectory } = await executeEpisode(key, { perturb, maxSteps: null });
      recorder.append(record, trajectory);
      return record.steps;
    },
    close() {
      recorder.close();
      doneWithRunDir(dir);
    },
  };
}

/** Recorded episodes of `envId` per second of one core (see {@link EpisodesBench}). */
export async function benchRecordedEpisodes(envId: string, options: EpisodesOptions = {}): Promise<EpisodesBench> {
  const seconds = options.seconds ?? 1;
  const runner = recordedEpisodes(envId, options);
  try {
    const warmUntil = wallMs() + seconds * 200;
    while (wallMs() < warmUntil) await runner.one();
    let episodes = 0;
    let steps = 0;
    const cpu0 = cpuMs();
    const until = wallMs() + seconds * 1000;
    while (wallMs() < until || episodes < 5) {
      steps += await runner.one();
      episodes++;
    }
    const cpu = cpuMs() - cpu0;
    return {
      episodesPerSecond: round((episodes * 1000) / cpu, 1),
      stepsPerEpisode: round(steps / episodes, 1),
      episodes,
    };
  } finally {
    runner.close();
  }
}
