/**
 * A service a thread starts on first use and stops when no episode uses it any more (an MCP HTTP
 * server, a model proxy): nothing listens between runs, so a finished run's process can exit.
 */

/** Something that can be closed. */
export interface Closable {
  close(): Promise<void>;
}

/** A lazily started, reference-counted service. */
export class SharedService<T extends Closable> {
  private current: Promise<T> | null = null;
  private users = 0;

  constructor(private readonly start: () => Promise<T>) {}

  /** The running service, started if needed; pair every call with one {@link release}. */
  async acquire(): Promise<T> {
    this.users++;
    if (this.current === null) {
      const started = this.start();
      this.current = started;
      // A start that fails is forgotten, so the next episode tries again.
      started.catch(() => {
        if (this.current === started) this.current = null;
      });
    }
    try {
      return await this.current;
    } catch (e) {
      this.users--;
      throw e;
    }
  }

  /** Gives the service back; the last user stops it. */
  async release(): Promise<void> {
    this.users--;
    if (this.users > 0 || this.current === null) return;
    const running = this.current;
    this.current = null;
    await (await running).close();
  }
}
