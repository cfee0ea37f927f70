/**
 * The main thread's handle on one vector worker: requests with promised replies, errors rebuilt
 * as the library's error classes, and a worker that dies failing every pending request clearly.
 */
import { type Worker } from 'node:worker_threads';
import { ClosedEnvironmentError, FaultlineError, ResetNeededError } from '../core/errors.js';
import { startWorker, workerEntryBeside } from '../core/worker-entry.js';
import type { FromVectorWorker, ToVectorWorker, VectorWorkerValue } from './protocol.js';

type Request = ToVectorWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/** One worker thread holding some of a vector env's sub-envs. */
export class VectorWorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (v: VectorWorkerValue) => void; reject: (e: Error) => void }>();
  #next = 0;
  #dead: Error | null = null;

  constructor() {
    const entry = workerEntryBeside(import.meta.url);
    this.#worker = startWorker(entry);
    this.#worker.on('message', (reply: FromVectorWorker) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(rebuildError(reply.error));
    });
    const die = (error: Error): void => {
      this.#dead ??= error;
      for (const waiting of this.#pending.values()) waiting.reject(this.#dead);
      this.#pending.clear();
    };
    this.#worker.on('error', (e) => die(new FaultlineError(`A vector env worker failed: ${e.message}`)));
    this.#worker.on('exit', (code) =>
      die(new ClosedEnvironmentError(`A vector env worker exited (code ${code}). Make a new vector env.`)),
    );
  }

  /** Why the worker is gone (null while it runs). */
  get dead(): Error | null {
    return this.#dead;
  }

  /** Sends a request; resolves with the worker's answer. */
  request(message: Request): Promise<VectorWorkerValue> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  /** Stops the thread. */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }
}

/** The worker's error as the class the sync vector env would throw (others keep their name). */
function rebuildError(error: { name: string; message: string }): Error {
  switch (error.name) {
    case 'ResetNeededError':
      return new ResetNeededError(error.message);
    case 'ClosedEnvironmentError':
      return new ClosedEnvironmentError(error.message);
    default: {
      const e = new FaultlineError(error.message);
      if (error.name !== 'Error') e.name = error.name;
      return e;
    }
  }
}
