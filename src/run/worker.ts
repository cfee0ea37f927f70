/**
 * The worker-thread side of a parallel run: imports the setup modules and the run's `--import`
 * modules it is told to (it knows no built-ins of its own, so a library user's run and the CLI's
 * load the same ones), then runs the episodes the pool sends, one at a time, and posts back each record.
 */
import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { executeEpisode } from './execute.js';
import { loadModules } from './setup.js';
import { containedPath } from './contained-path.js';
import type { ToWorker, FromWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('src/run/worker.ts must run on a worker thread');

function post(message: FromWorker): void {
  port!.postMessage(message);
}

let out: string | null = null;
let beat: Int32Array | null = null;
// beat[0] counts steps; beat[1] is 1 while the team's code runs (only then can it be blocking).
const hooks = {
  onStep: () => {
    if (beat) Atomics.add(beat, 0, 1);
  },
  onAgentTurn: (acting: boolean) => {
    if (beat) Atomics.store(beat, 1, acting ? 1 : 0);
  },
};

port.on('message', (message: ToWorker) => {
  void handle(message);
});

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'init') {
    try {
      out = message.out;
      beat = new Int32Array(message.beat);
      await loadModules(message.setup, message.imports);
      post({ type: 'ready' });
    } catch (e) {
      post({ type: 'failed', job: -1, message: `loading modules failed: ${(e as Error).stack ?? String(e)}` });
    }
    return;
  }
  try {
    const done = await executeEpisode(message.key, message.settings, hooks);
    // Writing the trajectory here keeps the main thread free; it is on disk before the pool
    // appends the episode's line, so a recorded line always has its trajectory.
    if (out !== null) writeFileSync(containedPath(out, done.record.trajectoryFile), done.trajectory);
    post({ type: 'done', job: message.job, record: done.record, trajectory: out === null ? done.trajectory : null });
  } catch (e) {
    post({ type: 'failed', job: message.job, message: (e as Error).message ?? String(e) });
  }
}
