/**
 * Keeping up to N episodes in flight at once on one thread. An LLM team's episodes spend their
 * time awaiting model calls, so one thread can drive many; results are recorded as they finish
 * and sorted at the end, so the order they finish in never shows in what is written.
 */

/** Options of {@link runInFlight}. */
export interface InFlightOptions<T> {
  readonly items: readonly T[];
  /** How many may run at once (>= 1). */
  readonly concurrency: number;
  /** Runs one item; a rejection stops the whole batch. */
  readonly run: (item: T) => Promise<void>;
  /** Checked before each start: true stops starting items (those in flight finish). */
  readonly shouldStop: () => boolean;
}

/**
 * Runs `items` with at most `concurrency` in flight; resolves once every started item is done.
 * The first rejection rejects at once (nothing more starts; items in flight are left to finish
 * on their own — what they record stays valid), so a fatal error stops the run without waiting.
 */
export function runInFlight<T>(options: InFlightOptions<T>): Promise<void> {
  const { items, concurrency, run, shouldStop } = options;
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let active = 0;
    let failed = false;
    const pump = (): void => {
      while (!failed && active < concurrency && next < items.length && !shouldStop()) {
        const item = items[next++] as T;
        active++;
        run(item).then(
          () => {
            active--;
            // A macrotask between episodes lets signal handlers (Ctrl-C) and progress output run:
            // episodes of in-process agents may resolve in microtasks only.
            setImmediate(pump);
          },
          (error: unknown) => {
            active--;
            if (!failed) {
              failed = true;
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          },
        );
      }
      if (!failed && active === 0) resolve();
    };
    pump();
  });
}
