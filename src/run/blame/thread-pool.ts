/**
 * The threads blame runs its intervened episodes on: `workers` episode threads, each running up
 * to `concurrency` episodes at once, all loaded with the same modules. A thread an agent blocked
 * is replaced; the episode it held is reported as not run.
 */
import type { PlannedKey } from '../episode-id.js';
import type { EpisodeSettings, ExecutedEpisode } from '../execute.js';
import { EpisodeThread, type EpisodeThreadOptions } from '../episode-thread.js';

/** A fixed set of episode threads with a queue in front (see the module comment). */
export class InterventionThreads {
  readonly #threads: EpisodeThread[];
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  private constructor(
    private readonly options: EpisodeThreadOptions,
    threads: EpisodeThread[],
  ) {
    this.#threads = threads;
  }

  /** Starts `workers` threads; rejects if one cannot load its modules. */
  static async start(workers: number, options: EpisodeThreadOptions): Promise<InterventionThreads> {
    const started = await Promise.allSettled(Array.from({ length: workers }, () => EpisodeThread.start(options)));
    const threads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(threads.map((t) => t.close()));
      throw failed.reason;
    }
    return new InterventionThreads(options, threads);
  }

  /** Episodes that can run at once. */
  get capacity(): number {
    return this.#threads.length * this.options.concurrency;
  }

  /** Runs one episode when a slot is free. Rejects when its thread failed it (or died under it). */
  async run(key: PlannedKey, settings: EpisodeSettings): Promise<ExecutedEpisode> {
    while (this.#running >= this.capacity) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running++;
    try {
      const thread = this.#threads.reduce((best, t) => (t.running < best.running ? t : best));
      try {
        return await thread.run(key, settings);
      } finally {
        if (!thread.alive) await this.#replace(thread);
      }
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    await Promise.all(this.#threads.map((t) => t.close()));
  }

  /** Puts a fresh thread in the place of one that died (its episode is already reported). */
  async #replace(dead: EpisodeThread): Promise<void> {
    const index = this.#threads.indexOf(dead);
    if (index >= 0) this.#threads[index] = await EpisodeThread.start(this.options);
  }
}
