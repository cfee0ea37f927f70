/**
 * Where OTLP/HTTP traces go: the URL given (a flag), else the standard environment variables of
 * the OpenTelemetry exporter specification, else the local collector's default port. Resolved
 * here rather than left to the exporter so the CLI can say where it sends traces.
 */
import { InvalidArgumentError } from '../../core/errors.js';

/** The OTLP/HTTP traces path, appended to a base URL. */
const TRACES_PATH = 'v1/traces';

/** A local collector's OTLP/HTTP endpoint (Jaeger, Phoenix, the OpenTelemetry Collector). */
export const DEFAULT_OTLP_BASE_URL = 'http://localhost:4318';

/** Where traces are sent, and what said so. */
export interface OtlpEndpoint {
  /** The full URL the exporter posts to (ends in `/v1/traces` unless a traces endpoint said otherwise). */
  readonly url: string;
  /** The URL without user info, query or fragment: safe to print. */
  readonly shown: string;
  /** `flag`, the environment variable's name, or `default`. */
  readonly source: 'flag' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'default';
}

function parse(value: string, field: string): URL {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new InvalidArgumentError(
      field,
      value,
      'an http:// or https:// URL of an OTLP/HTTP collector',
      `pass e.g. ${DEFAULT_OTLP_BASE_URL} (a collector's base URL; /v1/traces is added) or a full .../v1/traces URL`,
    );
  return url;
}

/** `base` + `/v1/traces`, unless it already ends so. */
function withTracesPath(url: URL): string {
  if (/\/v1\/traces\/?$/.test(url.pathname)) return url.toString();
  const copy = new URL(url.toString());
  copy.pathname = `${copy.pathname.replace(/\/+$/, '')}/${TRACES_PATH}`;
  return copy.toString();
}

function shown(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.toString();
}

/**
 * Resolves the OTLP/HTTP traces URL. `given` (a flag's value) is a collector's base URL, to
 * which `/v1/traces` is added unless it ends so already; without it,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as it is and `OTEL_EXPORTER_OTLP_ENDPOINT` as a base
 * URL (as the specification says), else `http://localhost:4318/v1/traces`.
 */
export function otlpTracesEndpoint(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  flag = '--otel',
): OtlpEndpoint {
  const of = (url: string, source: OtlpEndpoint['source']): OtlpEndpoint => ({ url, shown: shown(url), source });
  if (given !== undefined) return of(withTracesPath(parse(given, flag)), 'flag');
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces)
    return of(parse(traces, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT').toString(), 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base) return of(withTracesPath(parse(base, 'OTEL_EXPORTER_OTLP_ENDPOINT')), 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return of(withTracesPath(new URL(DEFAULT_OTLP_BASE_URL)), 'default');
}

/** The OTLP/HTTP encodings faultline sends: JSON (the default) or binary protobuf. */
export type OtlpProtocol = 'http/json' | 'http/protobuf';

/**
 * The encoding from `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`,
 * else `http/json`. `grpc` is refused with a clear error: only OTLP/HTTP is sent.
 */
export function otlpProtocol(env: Readonly<Record<string, string | undefined>> = process.env): OtlpProtocol {
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'] as const) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (value === 'http/json' || value === 'http/protobuf') return value;
    throw new InvalidArgumentError(
      name,
      value,
      'http/json or http/protobuf (faultline sends OTLP over HTTP, not gRPC)',
      `set ${name}=http/protobuf (or http/json), or unset it`,
    );
  }
  return 'http/json';
}
