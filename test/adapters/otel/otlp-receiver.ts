/**
 * A real OTLP/HTTP receiver on `node:http`, as a collector is: it takes the JSON the official
 * exporter posts to `/v1/traces` (or the binary protobuf of the `-proto` exporter, read with a
 * minimal wire-format decoder of the fields tests look at) and keeps every span with its
 * resource, so tests count traces, spans and attributes from what actually went over the wire.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An OTLP/JSON attribute value. */
export interface OtlpValue {
  readonly stringValue?: string;
  readonly intValue?: string | number;
  readonly doubleValue?: number;
  readonly boolValue?: boolean;
  readonly arrayValue?: { readonly values?: readonly OtlpValue[] };
}

interface OtlpAttribute {
  readonly key: string;
  readonly value: OtlpValue;
}

interface OtlpSpanJson {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes?: readonly OtlpAttribute[];
}

interface OtlpBody {
  readonly resourceSpans: ReadonlyArray<{
    readonly resource?: { readonly attributes?: readonly OtlpAttribute[] };
    readonly scopeSpans: ReadonlyArray<{ readonly spans?: readonly OtlpSpanJson[] }>;
  }>;
}

/** A received span, its attributes decoded to plain values. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly name: string;
  readonly start: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly resource: Readonly<Record<string, unknown>>;
}

/** One POST as received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

function decode(v: OtlpValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(decode);
  return null;
}

function attributes(list: readonly OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((a) => [a.key, decode(a.value)]));
}

/** The fields of one protobuf message: field number → raw values (varints as bigint, the rest as bytes). */
function protoFields(buf: Buffer): Map<number, Array<bigint | Buffer>> {
  const out = new Map<number, Array<bigint | Buffer>>();
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[at++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    let value: bigint | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 1) value = buf.subarray(at, (at += 8));
    else if (wire === 5) value = buf.subarray(at, (at += 4));
    else if (wire === 2) {
      const len = Number(varint());
      value = buf.subarray(at, (at += len));
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    const list = out.get(field) ?? [];
    list.push(value);
    out.set(field, list);
  }
  return out;
}

const bytesOf = (m: Map<number, Array<bigint | Buffer>>, field: number): Buffer[] =>
  (m.get(field) ?? []).filter((v): v is Buffer => Buffer.isBuffer(v));

/** An `AnyValue` (string 1, bool 2, int 3, double 4, array 5) to a plain value. */
function protoAnyValue(buf: Buffer): unknown {
  const m = protoFields(buf);
  const [field, values] = [...m][0] ?? [0, []];
  const v = values[0];
  if (field === 1 && Buffer.isBuffer(v)) return v.toString('utf8');
  if (field === 2) return v === 1n;
  if (field === 3) return Number(BigInt.asIntN(64, v as bigint));
  if (field === 4 && Buffer.isBuffer(v)) return v.readDoubleLE(0);
  if (field === 5 && Buffer.isBuffer(v)) return bytesOf(protoFields(v), 1).map(protoAnyValue);
  return null;
}

/** `KeyValue` list (key 1, value 2) to a record. */
function protoAttributes(list: readonly Buffer[]): Record<string, unknown> {
  return Object.fromEntries(
    list.map((kv) => {
      const m = protoFields(kv);
      return [bytesOf(m, 1)[0]?.toString('utf8') ?? '', protoAnyValue(bytesOf(m, 2)[0] ?? Buffer.alloc(0))];
    }),
  );
}

/** `ExportTraceServiceRequest` → spans (resource_spans 1 → resource 1 / scope_spans 2 → spans 2). */
function protoSpans(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of bytesOf(protoFields(body), 1)) {
    const rsm = protoFields(rs);
    const resource = protoAttributes(bytesOf(protoFields(bytesOf(rsm, 1)[0] ?? Buffer.alloc(0)), 1));
    for (const ss of bytesOf(rsm, 2))
      for (const span of bytesOf(protoFields(ss), 2)) {
        const m = protoFields(span);
        const parent = bytesOf(m, 4)[0];
        spans.push({
          traceId: bytesOf(m, 1)[0]?.toString('hex') ?? '',
          spanId: bytesOf(m, 2)[0]?.toString('hex') ?? '',
          parentSpanId: parent && parent.length > 0 ? parent.toString('hex') : null,
          name: bytesOf(m, 5)[0]?.toString('utf8') ?? '',
          start: (bytesOf(m, 7)[0] ?? Buffer.alloc(8)).readBigUInt64LE(0).toString(),
          attributes: protoAttributes(bytesOf(m, 9)),
          resource,
        });
      }
  }
  return spans;
}

/** A running receiver. */
export interface OtlpReceiver {
  readonly url: string;
  readonly port: number;
  readonly spans: ReceivedSpan[];
  readonly requests: ReceivedRequest[];
  /** Span counts by trace id. */
  traces(): Map<string, number>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (a free port); `status` is what it answers (200: accepted). */
export async function startOtlpReceiver(status = 200): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      if (status === 200 && req.headers['content-type'] === 'application/x-protobuf')
        spans.push(...protoSpans(Buffer.concat(chunks)));
      if (status === 200 && req.headers['content-type'] === 'application/json') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpBody;
        for (const rs of body.resourceSpans) {
          const resource = attributes(rs.resource?.attributes);
          for (const ss of rs.scopeSpans)
            for (const s of ss.spans ?? [])
              spans.push({
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ? s.parentSpanId : null,
                name: s.name,
                start: s.startTimeUnixNano,
                attributes: attributes(s.attributes),
                resource,
              });
        }
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{}' : '{"error":"refused by the test receiver"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    spans,
    requests,
    traces() {
      const byTrace = new Map<string, number>();
      for (const s of spans) byTrace.set(s.traceId, (byTrace.get(s.traceId) ?? 0) + 1);
      return byTrace;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
