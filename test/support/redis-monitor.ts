/**
 * Every command any client sends to a test Redis, seen with MONITOR: the queue tests prove with
 * it that something crossed Redis (a job's setup) and that something never did (an API key, a
 * cassette path).
 *
 * It speaks MONITOR over a plain socket rather than through ioredis: ioredis enters its
 * "monitoring" state a microtask after MONITOR's `+OK`, so lines Redis sends in the same packet
 * (a queue's workers are busy then) reach its command queue as replies to nothing, and it throws
 * "Command queue state error" — which failed a CI run once.
 */
import { connect, type Socket } from 'node:net';

/** The commands seen so far, and how to stop watching. */
export interface RedisWatch {
  /** Each command with its arguments, joined by spaces, in the order Redis ran them. */
  readonly sent: string[];
  /** Stops watching and closes the connection. */
  stop(): void;
}

/** Starts watching the Redis on 127.0.0.1:`port`; every command from when it resolves is in `sent`. */
export async function watchRedis(port: number): Promise<RedisWatch> {
  const socket = connect(port, '127.0.0.1');
  const sent: string[] = [];
  let pending = '';
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      let end = pending.indexOf('\r\n');
      while (end !== -1) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (line === '+OK') resolve();
        else if (line.startsWith('-')) reject(new Error(`Redis refused MONITOR: ${line.slice(1)}`));
        else if (line.startsWith('+')) sent.push(monitoredArgs(line).join(' '));
        end = pending.indexOf('\r\n');
      }
    });
    socket.write('MONITOR\r\n');
  });
  return { sent, stop: () => stopSocket(socket) };
}

/** The command and arguments of a MONITOR line: `+1700000000.123456 [0 127.0.0.1:5000] "set" "k" "v"`. */
function monitoredArgs(line: string): string[] {
  const args: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"/g)) args.push(unescape(m[1] as string));
  return args;
}

/** Undoes Redis's quoting of an argument (`\"`, `\\`, `\n`, `\xHH`, …). */
function unescape(text: string): string {
  const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\u0007', b: '\b', '"': '"', '\\': '\\' };
  return text.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, code: string) =>
    code.length === 3 ? String.fromCharCode(parseInt(code.slice(1), 16)) : (named[code] ?? code),
  );
}

function stopSocket(socket: Socket): void {
  socket.removeAllListeners('data');
  socket.on('error', () => undefined);
  socket.destroy();
}
