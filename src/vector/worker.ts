/**
 * The worker-thread side of an async vector env: loads the setup modules (which register the
 * envs), makes its share of the sub-envs and steps them through {@link SubEnvSlot}, one request
 * at a time, exactly as the sync vector env does.
 */
import { parentPort } from 'node:worker_threads';
import { loadModules } from '../run/setup.js';
import { SubEnvSlot } from './slot.js';
import { resetEach } from './reset-each.js';
import type { FromVectorWorker, ToVectorWorker, VectorWorkerValue } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('src/vector/worker.ts must run on a worker thread');

const slots = new Map<number, SubEnvSlot>();
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: ToVectorWorker) => {
  // One request at a time, in order: a step never overtakes the reset before it.
  queue = queue.then(() => handle(message));
});

async function handle(message: ToVectorWorker): Promise<void> {
  let reply: FromVectorWorker;
  try {
    reply = { id: message.id, ok: true, value: await run(message) };
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
    reply = { id: message.id, ok: false, error };
  }
  port!.postMessage(reply);
}

async function run(message: ToVectorWorker): Promise<VectorWorkerValue> {
  switch (message.type) {
    case 'init':
      await loadModules(message.setup, message.imports);
      for (const index of message.indices)
        slots.set(index, new SubEnvSlot(index, message.envId, message.makeOptions, message.mode));
      return null;
    case 'reset':
      return resetEach(slotOf, message.orders);
    case 'step':
      return message.actions.map(({ index, action }) => ({ index, result: slotOf(index).step(action) }));
    case 'close':
      for (const slot of slots.values()) slot.close();
      return null;
  }
}

function slotOf(index: number): SubEnvSlot {
  const slot = slots.get(index);
  if (!slot) throw new Error(`this worker holds no sub-env ${index}`);
  return slot;
}
