/**
 * Worker threads of a run started ahead of the run. A worker spends its first 0.2–0.3 s loading
 * modules (the episode machinery, then the worlds), and the pool only starts it once the main
 * thread has loaded everything it needs to plan the run — about as long again. Started as soon as
 * a command knows it will run on workers, the threads load their modules while the main thread
 * loads its own, and the pool takes them over instead of starting new ones.
 *
 * A warm worker is a plain pool worker: it imports the modules it is told to preload (without
 * calling anything in them) and then waits for the pool's `init`, like any other. Until the pool
 * takes it, it does not keep the process alive.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker, workerEntryBeside } from '../core/worker-entry.js';

/** What a warm worker is started with (read by worker.ts). */
export interface WarmWorkerData {
  /** Module URLs the worker starts importing at once, before the pool's `init` names them. */
  readonly preload: readonly string[];
}

/** A started worker not yet taken, and whether its thread has already ended. */
interface Waiting {
  readonly worker: Worker;
  exited: boolean;
}

const waiting: Waiting[] = [];

/**
 * Starts `count` workers of the run pool now, each importing `preload` (module URLs, e.g. the
 * built-ins') while it waits to be taken by {@link takeWarmWorker}.
 */
export function startWarmWorkers(count: number, preload: readonly string[]): void {
  const entry = workerEntryBeside(import.meta.url);
  const data: WarmWorkerData = { preload };
  for (let i = 0; i < count; i++) {
    const worker = startWorker(entry, data);
    const item: Waiting = { worker, exited: false };
    worker.once('exit', () => {
      item.exited = true;
    });
    // A preload that fails is reported by the pool's own import of the module, with its context.
    worker.on('error', () => undefined);
    worker.unref();
    waiting.push(item);
  }
}

/**
 * A warm worker for the pool, or null when none is left. It is ref'd again: from now on it is
 * the pool's, which must listen to it in this same tick (an exit before now is never handed out).
 */
export function takeWarmWorker(): Worker | null {
  for (let item = waiting.shift(); item; item = waiting.shift()) {
    item.worker.removeAllListeners('error');
    if (item.exited) continue;
    item.worker.ref();
    return item.worker;
  }
  return null;
}

/** Stops the warm workers nobody took (a run with fewer episodes than workers, or one that failed to start). */
export function stopWarmWorkers(): void {
  for (let item = waiting.shift(); item; item = waiting.shift()) void item.worker.terminate();
}

/** How many warm workers are waiting (for tests). */
export function warmWorkerCount(): number {
  return waiting.filter((item) => !item.exited).length;
}
