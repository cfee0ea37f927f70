/**
 * Keeping a streamed request alive while the whole answer is awaited. The proxy answers a stream
 * from the upstream's complete answer, so no byte would flow until the model is done — minutes
 * for a long generation, which a client's stream idle timeout may not survive. A call answered
 * within `everyMs` is sent as usual (an error keeps its HTTP status); a slower one starts the
 * event stream with SSE comments (`: …`, ignored by clients) every `everyMs`, and an error that
 * comes after is sent in the stream as OpenAI does: `data: {"error": {…}}`.
 */
import type { ServerResponse } from 'node:http';
import { errorBody, type ProxyHttpError } from './errors.js';
import { startEvents } from './respond.js';

/** The default wait before the first keep-alive comment of a stream, and between two. */
export const DEFAULT_STREAM_HEARTBEAT_MS = 10_000;

/** The keep-alive of one streamed request. */
export interface Heartbeat {
  /** Whether the event stream has started (the status is sent: an error must go in the stream). */
  readonly started: boolean;
  /** Stops the comments (the answer or the error is about to be written). */
  stop(): void;
}

/** Starts the keep-alive of a streamed request on `res`. */
export function startHeartbeat(res: ServerResponse, everyMs: number): Heartbeat {
  let started = false;
  const timer = setInterval(() => {
    if (res.destroyed || res.writableEnded) return;
    if (!started) {
      startEvents(res);
      started = true;
    }
    res.write(': waiting for the model\n\n');
  }, everyMs);
  // A heartbeat never keeps a process alive on its own.
  timer.unref();
  return {
    get started() {
      return started;
    },
    stop: () => clearInterval(timer),
  };
}

/** Ends a started event stream with an error event the program's client raises. */
export function sendStreamError(res: ServerResponse, error: ProxyHttpError): void {
  if (res.destroyed || res.writableEnded) return;
  res.end(`data: ${JSON.stringify(errorBody(error))}\n\n`);
}
