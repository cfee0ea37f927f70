/**
 * A minimal OpenEnv WebSocket client written from the protocol's description (not from the
 * server's code): send `{"type", "data"}` as a text frame, read one JSON reply per request.
 */
import WebSocket from 'ws';

/** A reply as the protocol describes it. */
export interface Reply {
  readonly type: 'observation' | 'state' | 'error';
  readonly data: Record<string, unknown>;
}

/** The `data` of an observation reply. */
export interface StepData {
  readonly observation: Record<string, unknown> & { readonly metadata: Record<string, unknown> };
  readonly reward: number | null;
  readonly done: boolean;
}

/** One connection to `/ws`. Replies arrive in request order. */
export class OpenEnvClient {
  readonly #ws: WebSocket;
  readonly #queue: Reply[] = [];
  readonly #waiting: ((r: Reply) => void)[] = [];
  #closed: Promise<{ code: number; reason: string }>;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString('utf8')) as Reply;
      const waiter = this.#waiting.shift();
      if (waiter) waiter(reply);
      else this.#queue.push(reply);
    });
    this.#closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** Opens a connection. */
  static async connect(url: string, options: WebSocket.ClientOptions = {}): Promise<OpenEnvClient> {
    const ws = new WebSocket(url, options);
    const client = new OpenEnvClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** The next reply (already received or to come). */
  next(): Promise<Reply> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Sends a raw text or binary frame. */
  sendRaw(data: string | Buffer): void {
    this.#ws.send(data);
  }

  /** Sends a message and waits for its reply. */
  async request(type: string, data?: unknown): Promise<Reply> {
    this.#ws.send(JSON.stringify(data === undefined ? { type } : { type, data }));
    return this.next();
  }

  /** `reset`; throws on an error reply. */
  async reset(data: Record<string, unknown>): Promise<StepData> {
    return expectObservation(await this.request('reset', data));
  }

  /** `step`; throws on an error reply. */
  async step(action: unknown): Promise<StepData> {
    return expectObservation(await this.request('step', action));
  }

  /** `state`. */
  async state(): Promise<Record<string, unknown>> {
    const r = await this.request('state');
    if (r.type !== 'state') throw new Error(`expected a state reply, got ${JSON.stringify(r)}`);
    return r.data;
  }

  /** Resolves with the close code and reason once the connection is closed. */
  closed(): Promise<{ code: number; reason: string }> {
    return this.#closed;
  }

  /** Sends `close` and waits for the server to close the connection. */
  async close(): Promise<{ code: number; reason: string }> {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify({ type: 'close' }));
    return this.#closed;
  }
}

function expectObservation(r: Reply): StepData {
  if (r.type !== 'observation') throw new Error(`expected an observation, got ${JSON.stringify(r).slice(0, 500)}`);
  return r.data as unknown as StepData;
}
