/**
 * The worker-thread side of a parallel run: imports the setup modules and the run's `--import`
 * modules it is told to (it knows no built-ins of its own, so a library user's run and the CLI's
 * load the same ones), then runs the episodes the pool sends — several at once when the run's
 * concurrency allows — and posts back each record.
 */
import { writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { executeAbandoned, executeEpisode, type EpisodeHooks } from './execute.js';
import { loadModules } from './setup.js';
import { containedPath } from './contained-path.js';
import { LimiterProxy } from './limiter-bridge.js';
import { useRequestLimiter } from '../llm/limiter-registry.js';
import { isProviderError } from '../team/provider-error.js';
import type { WarmWorkerData } from './warm-workers.js';
import { BEAT_ACTING, BEAT_EVENTS, BEAT_SLOTS, type ToWorker, type FromWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('src/run/worker.ts must run on a worker thread');

// A warm worker (warm-workers.ts) starts loading the modules the run will name while it waits for
// `init`; the import `init` asks for then finds them loaded or loading. A failure is left to that
// import to report.
for (const url of (workerData as Partial<WarmWorkerData> | null)?.preload ?? [])
  void import(url).catch(() => undefined);

function post(message: FromWorker): void {
  port!.postMessage(message);
}

let out: string | null = null;
let beat: Int32Array | null = null;
let limiter: LimiterProxy | null = null;

function hooksFor(slot: number): EpisodeHooks {
  return {
    onStep: () => {
      if (!beat) return;
      Atomics.add(beat, BEAT_EVENTS, 1);
      Atomics.add(beat, BEAT_SLOTS + slot, 1);
    },
    onAgentTurn: (acting: boolean) => {
      if (!beat) return;
      // An agent's turn ending is progress too: with many episodes awaiting slow model calls,
      // steps can be rare while the thread is perfectly alive.
      Atomics.add(beat, BEAT_EVENTS, 1);
      if (acting) Atomics.add(beat, BEAT_ACTING, 1);
      else Atomics.sub(beat, BEAT_ACTING, 1);
    },
  };
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'limiter-granted' || message.type === 'limiter-refused') return limiter?.handle(message);
  void handle(message);
});

async function handle(message: Exclude<ToWorker, { type: 'limiter-granted' | 'limiter-refused' }>): Promise<void> {
  if (message.type === 'init') {
    try {
      out = message.out;
      beat = new Int32Array(message.beat);
      if (message.limiter) {
        limiter = new LimiterProxy(post);
        useRequestLimiter(limiter);
      }
      await loadModules(message.setup, message.imports);
      post({ type: 'ready' });
    } catch (e) {
      post({ type: 'failed', job: -1, message: `loading modules failed: ${(e as Error).stack ?? String(e)}` });
    }
    return;
  }
  try {
    const done =
      message.type === 'abandon'
        ? executeAbandoned(message.key, message.settings, message.error)
        : await executeEpisode(message.key, message.settings, hooksFor(message.slot));
    // Writing the trajectory here keeps the main thread free; it is on disk before the pool
    // appends the episode's line, so a recorded line always has its trajectory.
    if (out !== null) writeFileSync(containedPath(out, done.record.trajectoryFile), done.trajectory);
    post({ type: 'done', job: message.job, record: done.record, trajectory: out === null ? done.trajectory : null });
  } catch (e) {
    post({
      type: 'failed',
      job: message.job,
      message: e instanceof Error ? e.message : String(e),
      ...(isProviderError(e) && e.fatal ? { fatal: { status: e.status } } : {}),
    });
  }
}
