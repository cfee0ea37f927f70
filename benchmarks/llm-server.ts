/**
 * The worker thread of the LLM benchmark's model server: the scripted server answering every
 * request after `delayMs` with the oracle's actions, and a tracker of the requests in service.
 * It runs on its own thread as a remote provider would, so its work (parsing 14 KB request
 * bodies, replaying the oracle) is not charged to the harness's thread.
 *
 * Messages: in `{ type: 'integral', id }` → out `{ type: 'integral', id, area, requests, serviceMs }`;
 * `{ type: 'close' }` closes the server. On start it posts `{ type: 'ready', url }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadBuiltins } from '../src/builtins.js';
import {
  oracleReplayResponder,
  startScriptedModelServer,
  withFaults,
  type Responder,
} from '../src/testing/model-server/index.js';

/** Wall-clock ms on a clock both threads share. */
const now = (): number => performance.timeOrigin + performance.now();

/** The requests in service over time, integrated as they start and end. */
class ServiceTracker {
  private inService = 0;
  private last = now();
  private area = 0;
  private areaAtLeast60 = 0;
  serviceMs = 0;
  requests = 0;

  private advance(): void {
    const t = now();
    const dt = t - this.last;
    this.area += this.inService * dt;
    if (this.inService >= 60) this.areaAtLeast60 += dt;
    this.last = t;
  }

  start(): number {
    this.advance();
    this.inService++;
    this.requests++;
    return now();
  }

  end(startedAt: number): void {
    this.advance();
    this.inService--;
    this.serviceMs += now() - startedAt;
  }

  snapshot(): { area: number; areaAtLeast60: number; requests: number; serviceMs: number; at: number } {
    this.advance();
    return {
      area: this.area,
      areaAtLeast60: this.areaAtLeast60,
      requests: this.requests,
      serviceMs: this.serviceMs,
      at: this.last,
    };
  }
}

/**
 * Wraps a responder so the tracker sees each request from arrival to answer. The reply's delay is
 * waited here (and taken off the reply) so that it counts as time in service.
 */
function tracked(respond: Responder, tracker: ServiceTracker): Responder {
  return async (request, options) => {
    const startedAt = tracker.start();
    try {
      const reply = await respond(request, options);
      if (reply.delayMs !== undefined && reply.delayMs > 0) {
        await sleep(reply.delayMs, undefined, { signal: options.signal });
        const { delayMs: _waited, ...rest } = reply;
        return rest;
      }
      return reply;
    } finally {
      tracker.end(startedAt);
    }
  };
}

loadBuiltins();
const { delayMs } = workerData as { delayMs: number };
const tracker = new ServiceTracker();
const oracle = oracleReplayResponder({ perturb: 'clean' });
const respond =
  delayMs > 0 ? withFaults(oracle, { slow: { rate: 1, delayMs, attempts: Number.MAX_SAFE_INTEGER } }) : oracle;
const server = await startScriptedModelServer({ respond: tracked(respond, tracker), recordRequests: false });
const port = parentPort!;
port.on('message', (message: { type: string; id?: number }) => {
  if (message.type === 'snapshot') port.postMessage({ type: 'snapshot', id: message.id, ...tracker.snapshot() });
  if (message.type === 'close') void server.close().then(() => port.close());
});
port.postMessage({ type: 'ready', url: server.url });
