/**
 * A WebSocket client on a bare TCP socket (RFC 6455 by hand), for what a library client will not
 * do: stop reading its socket while it keeps sending. It writes masked text frames and, when
 * told to, reads the server's frames back.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A frame from the server. */
export interface Frame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** One raw connection to `ws://127.0.0.1:PORT/ws`. */
export class RawWsClient {
  #buffered = Buffer.alloc(0);

  private constructor(private readonly socket: Socket) {}

  /** Connects and completes the opening handshake; then the socket is paused (nothing is read). */
  static async open(port: number, path = '/ws'): Promise<RawWsClient> {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const client = new RawWsClient(socket);
    const head = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        client.#buffered = Buffer.concat([client.#buffered, chunk]);
        const end = client.#buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        socket.off('data', onData);
        socket.pause();
        const text = client.#buffered.subarray(0, end).toString('latin1');
        client.#buffered = client.#buffered.subarray(end + 4);
        resolve(text);
      };
      socket.on('data', onData);
      socket.once('close', () => reject(new Error('closed during the handshake')));
    });
    if (!head.startsWith('HTTP/1.1 101')) throw new Error(`handshake refused: ${head.split('\r\n')[0]}`);
    return client;
  }

  /** Sends a text frame (masked, as a client must). Resolves once the socket has taken it. */
  send(text: string): Promise<void> {
    const payload = Buffer.from(text, 'utf8');
    const mask = randomBytes(4);
    const n = payload.length;
    const header =
      n < 126
        ? Buffer.from([0x81, 0x80 | n])
        : n < 65_536
          ? Buffer.from([0x81, 0x80 | 126, n >> 8, n & 0xff])
          : Buffer.concat([Buffer.from([0x81, 0x80 | 127]), bigLength(n)]);
    const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
    return new Promise((resolve) => this.socket.write(Buffer.concat([header, mask, masked]), () => resolve()));
  }

  /** Starts reading again and collects frames until a close frame (or the socket ends). */
  readUntilClose(): Promise<Frame[]> {
    return new Promise((resolve) => {
      const frames: Frame[] = [];
      const done = () => {
        this.socket.destroy();
        resolve(frames);
      };
      const parse = () => {
        for (;;) {
          const frame = this.#nextFrame();
          if (frame === null) return;
          frames.push(frame);
          if (frame.opcode === 0x8) return done();
        }
      };
      this.socket.on('data', (chunk: Buffer) => {
        this.#buffered = Buffer.concat([this.#buffered, chunk]);
        parse();
      });
      this.socket.once('close', () => resolve(frames));
      parse();
      this.socket.resume();
    });
  }

  /** Closes the socket. */
  destroy(): void {
    this.socket.destroy();
  }

  #nextFrame(): Frame | null {
    const b = this.#buffered;
    if (b.length < 2) return null;
    const short = (b[1] as number) & 0x7f;
    const offset = short === 126 ? 4 : short === 127 ? 10 : 2;
    if (b.length < offset) return null;
    const length = short === 126 ? b.readUInt16BE(2) : short === 127 ? Number(b.readBigUInt64BE(2)) : short;
    if (b.length < offset + length) return null;
    this.#buffered = b.subarray(offset + length);
    return { opcode: (b[0] as number) & 0x0f, payload: b.subarray(offset, offset + length) };
  }
}

function bigLength(n: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(n));
  return out;
}
