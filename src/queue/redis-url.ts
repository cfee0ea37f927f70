/**
 * The `--queue` URL: `redis://[[user]:password@]host[:port][/db]` or `rediss://` for TLS. Checked
 * up front, so a typo is a clear error naming the flag rather than a connection that retries
 * forever; the password never appears in output or files ({@link redactedUrl}).
 */
import { InvalidArgumentError } from '../core/errors.js';

/** A parsed queue URL. */
export interface QueueUrl {
  /** The URL as given (it may hold a password: never print or write it). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly tls: boolean;
  readonly username?: string;
  readonly password?: string;
}

const EXAMPLE = 'pass e.g. --queue redis://127.0.0.1:6379/0 (start Redis with `redis-server --appendonly yes`)';

/** Parses and checks a queue URL; `field` names the flag in errors. */
export function parseQueueUrl(value: string, field = '--queue'): QueueUrl {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InvalidArgumentError(field, value, 'a Redis URL (redis://HOST:PORT/DB)', EXAMPLE);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new InvalidArgumentError(
      field,
      redactedUrl(value),
      `a redis:// or rediss:// URL (got the scheme ${parsed.protocol})`,
      EXAMPLE,
    );
  if (parsed.hostname === '') throw new InvalidArgumentError(field, redactedUrl(value), 'a URL with a host', EXAMPLE);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const path = parsed.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!/^\d*$/.test(path) || !Number.isInteger(db) || db < 0 || db > 15)
    throw new InvalidArgumentError(
      field,
      redactedUrl(value),
      `a database number 0..15 after the port (got "/${path}")`,
      EXAMPLE,
    );
  if (parsed.search !== '' || parsed.hash !== '')
    throw new InvalidArgumentError(field, redactedUrl(value), 'a URL without ?query or #fragment', EXAMPLE);
  return {
    url: value,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    tls: parsed.protocol === 'rediss:',
    ...(parsed.username !== '' ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password !== '' ? { password: decodeURIComponent(parsed.password) } : {}),
  };
}

/** The URL with any password replaced by `***`: safe to print and to write in run.json. */
export function redactedUrl(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return value.replace(/\/\/[^@/]*@/, '//***@');
  }
}
