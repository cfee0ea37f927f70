/**
 * A read-only HTTP server for one run directory, on the loopback interface: `/` is its
 * `report.html`, every other path a file inside the directory. Nothing outside the directory is
 * ever read: paths are decoded one segment at a time (an encoded `/`, `\`, NUL or a `..` segment
 * is refused before touching the disk), and the file found is resolved through its symlinks and
 * must still lie inside the directory. Requests that name another host are refused too, so a web
 * page cannot reach the server through a DNS name rebound to 127.0.0.1.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

/** Content types by extension; anything else is served as bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  // JSON Lines has no registered type, and browsers download `application/x-ndjson` instead of
  // showing it: a trajectory opened from the report should read as text.
  '.jsonl': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gz': 'application/gzip',
};

/** The content type a file is served with. */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Options of {@link serveRunDir}. */
export interface ServeRunDirOptions {
  /** The port; 0 takes a free one. @defaultValue 0 */
  readonly port?: number;
}

/** A running run-directory server. */
export interface RunDirServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, ends open ones and resolves once closed. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Serves the files of `dir` (which must exist) on 127.0.0.1. Rejects with the listen error (e.g.
 * `EADDRINUSE`) when the port cannot be had.
 */
export async function serveRunDir(dir: string, options: ServeRunDirOptions = {}): Promise<RunDirServer> {
  const root = realpathSync(dir);
  let port = options.port ?? 0;
  const server: Server = createServer((req, res) => handle(root, port, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${HOST}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function handle(root: string, port: number, req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The run may be resumed and its report written again: never show a stale copy.
  res.setHeader('Cache-Control', 'no-store');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, `method ${req.method ?? ''} not allowed: this server only reads files\n`);
  }
  const host = req.headers.host ?? '';
  if (host !== `${HOST}:${port}` && host !== `localhost:${port}`)
    return send(res, 403, `host ${JSON.stringify(host)} refused: open http://${HOST}:${port}/\n`);
  const path = filePath(root, req.url ?? '');
  if (path === null) return send(res, 404, 'not found\n');
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat?.isFile()) return send(res, 404, 'not found\n');
  res.writeHead(200, { 'Content-Type': contentTypeOf(path), 'Content-Length': stat.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The file a request path names inside `root`, or null when it names nothing there: a path
 * that is not origin-form, a segment that does not decode or decodes to `.`, `..`, or something
 * holding `/`, `\` or NUL, or a file whose real path (symlinks followed) leaves `root`.
 */
export function filePath(root: string, url: string): string | null {
  if (!url.startsWith('/')) return null;
  const pathname = url.replace(/[?#].*$/s, '');
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.') continue;
    if (segment === '..' || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  const wanted = segments.length === 0 ? join(root, 'report.html') : join(root, ...segments);
  let real: string;
  try {
    real = realpathSync(wanted);
  } catch {
    return null;
  }
  return real === root || real.startsWith(root + sep) ? real : null;
}
