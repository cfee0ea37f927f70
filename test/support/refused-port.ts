/**
 * A port of 127.0.0.1 that refuses connections for the whole test run: where a test needs a
 * server that is down.
 *
 * A port taken with `listen(0)` and closed again is not that: the system hands the same port to
 * the next `listen(0)` of any test running beside it, and the "down" server then answers (a remote
 * agent meant to be down answered 404 from another test's server). Ports below 1024 are never
 * handed out by `listen(0)`, so one of them that refuses a connection now stays refused.
 */
import { connect } from 'node:net';

/**
 * Low ports tried, in order. None is on the fetch standard's list of ports `fetch` refuses to
 * connect to (1, 7, 9, 11, … 20–23, 25): there the client fails with "bad port" before connecting,
 * which is not a server that is down.
 */
const CANDIDATES = [2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 24, 26, 27, 28, 29, 30];
/** How long a candidate may take to answer before it counts as not refusing (a firewall drops). */
const ANSWER_MS = 1_000;

/** A port of 127.0.0.1 below 1024 that refuses connections now, and so for the whole run. */
export async function refusedPort(): Promise<number> {
  for (const port of CANDIDATES) if (await refuses(port)) return port;
  throw new Error(
    `refusedPort: none of the ports ${CANDIDATES.join(', ')} of 127.0.0.1 refuses a connection (something listens, or a firewall drops them); the tests of a server that is down need one that refuses`,
  );
}

/** Whether a connection to `port` of 127.0.0.1 is refused at once. */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (refused: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(refused);
    };
    const timer = setTimeout(() => done(false), ANSWER_MS);
    socket.once('connect', () => done(false));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED'));
  });
}
