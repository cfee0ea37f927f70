/**
 * The OTLP export of recorded runs, against a real `node:http` receiver: the official exporter
 * posts JSON to `/v1/traces`; every episode arrives as one trace with its step spans and
 * attributes; `OTEL_EXPORTER_OTLP_HEADERS` reaches the collector and no file; exporting the run
 * again sends the same ids and times; a collector that refuses connections or answers 500 costs
 * one warning and nothing more is sent; missing SDK packages are named.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EPISODE_SPAN,
  FAULTLINE,
  GEN_AI,
  EpisodeIdGenerator,
  episodeTraceId,
  exportRunTraces,
  openTraceExport,
  otlpProtocol,
  otlpTracesEndpoint,
  type TraceExportSummary,
} from '../../../src/adapters/otel/index.js';
import { loadOtlpSdk } from '../../../src/adapters/otel/otlp-sdk.js';
import { startRunTraces } from '../../../src/cli/otel-command.js';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { evaluate } from '../../../src/evaluate.js';
import { readManifest } from '../../../src/run/manifest.js';
import type { EpisodeRecord } from '../../../src/run/records.js';
import { startOtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
import { refusedPort } from '../../support/refused-port.js';

const SECRET = 'Bearer otel-test-secret-4f1c';
const dir = mkdtempSync(join(tmpdir(), 'faultline-otlp-'));
const out = join(dir, 'run');
let records: readonly EpisodeRecord[] = [];
let startedAt = '';

beforeAll(async () => {
  const run = await evaluate({
    envs: 'filesystem/rename-symbol-v1',
    teams: ['oracle', 'lossy-handoff'],
    seeds: '0-2',
    perturb: 'production',
    out,
  });
  records = run.records;
  startedAt = readManifest(out)?.startedAt ?? '';
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `body` with these environment variables set, then restores them. */
async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Every file under `root`, recursively. */
function files(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const shape = (spans: readonly ReceivedSpan[]) =>
  spans
    .map((s) => `${s.traceId} ${s.spanId} ${s.parentSpanId ?? '-'} ${s.start} ${s.name}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('OTLP/HTTP export of a recorded run', () => {
  let live: ReceivedSpan[] = [];

  it('sends every episode as one JSON trace to /v1/traces, with its step spans, attributes and the headers of the environment', async () => {
    const receiver = await startOtlpReceiver();
    const warnings: string[] = [];
    const summary = await withEnv({ OTEL_EXPORTER_OTLP_HEADERS: `authorization=${SECRET}` }, async () => {
      const exporting = await openTraceExport({ url: receiver.url, onWarning: (m) => warnings.push(m) });
      for (const r of records) exporting.episode(out, r);
      return exporting.close();
    });
    await receiver.close();

    expect(warnings).toEqual([]);
    expect(receiver.requests.length).toBeGreaterThan(0);
    for (const req of receiver.requests) {
      expect(req).toMatchObject({ method: 'POST', path: '/v1/traces' });
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers.authorization).toBe(SECRET);
    }
    // The key went to the collector only: no file of the run holds it.
    for (const file of files(out)) expect(readFileSync(file, 'utf8')).not.toContain(SECRET);

    const traces = receiver.traces();
    expect(traces.size).toBe(records.length);
    const totalSteps = records.reduce((n, r) => n + r.steps, 0);
    expect(receiver.spans).toHaveLength(records.length + totalSteps);
    expect(summary).toEqual<TraceExportSummary>({
      endpoint: `${receiver.url}/v1/traces`,
      episodes: records.length,
      spans: records.length + totalSteps,
      exportedTraces: records.length,
      exportedSpans: records.length + totalSteps,
      unsentSpans: 0,
      error: null,
    });

    for (const record of records) {
      const root = receiver.spans.find(
        (s) => s.name === EPISODE_SPAN && s.attributes[GEN_AI.conversationId] === record.id,
      );
      expect(root?.resource['service.name']).toBe('faultline');
      expect(root?.parentSpanId).toBeNull();
      expect(root?.traceId).toBe(episodeTraceId(startedAt, record.id));
      expect(root?.start).toBe(`${Date.parse(startedAt)}000000`);
      expect(root?.attributes).toMatchObject({
        [FAULTLINE.env]: record.envId,
        [FAULTLINE.team]: record.team,
        [FAULTLINE.seed]: record.seed,
        [FAULTLINE.profile]: 'production',
        [FAULTLINE.steps]: record.steps,
        [FAULTLINE.success]: record.success,
      });
      const steps = receiver.spans.filter((s) => s.traceId === root?.traceId && s !== root);
      expect(steps).toHaveLength(record.steps);
      for (const s of steps) {
        expect(s.parentSpanId).toBe(root?.spanId);
        expect(typeof s.attributes[FAULTLINE.role]).toBe('string');
      }
    }
    // The lossy team's dropped facts are on the handoff spans that dropped them; the oracle's never are.
    const lost = (team: string) =>
      receiver.spans.filter(
        (s) =>
          Array.isArray(s.attributes[FAULTLINE.handoffLost]) &&
          receiver.spans.some(
            (r) => r.traceId === s.traceId && r.name === EPISODE_SPAN && r.attributes[FAULTLINE.team] === team,
          ),
      );
    expect(lost('lossy-handoff').length).toBeGreaterThan(0);
    expect(lost('oracle')).toHaveLength(0);
    live = receiver.spans;
  });

  it('sends the same traces again, ids and times included, when the run is exported after the fact', async () => {
    expect(live.length).toBeGreaterThan(0);
    const receiver = await startOtlpReceiver();
    const summary = await exportRunTraces(out, { url: `${receiver.url}/v1/traces` });
    await receiver.close();
    expect(summary.exportedTraces).toBe(records.length);
    expect(shape(receiver.spans)).toEqual(shape(live));
    expect(new Set(receiver.spans.map((s) => s.spanId)).size).toBe(receiver.spans.length);
  });

  it('sends the same spans as binary protobuf when OTEL_EXPORTER_OTLP_PROTOCOL says http/protobuf', async () => {
    expect(live.length).toBeGreaterThan(0);
    const receiver = await startOtlpReceiver();
    const summary = await withEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }, () =>
      exportRunTraces(out, { url: receiver.url }),
    );
    await receiver.close();
    expect(receiver.requests.map((r) => r.headers['content-type'])).toContain('application/x-protobuf');
    expect(new Set(receiver.requests.map((r) => r.headers['content-type']))).toEqual(
      new Set(['application/x-protobuf']),
    );
    expect(summary.exportedTraces).toBe(records.length);
    expect(shape(receiver.spans)).toEqual(shape(live));
    const root = receiver.spans.find((s) => s.name === EPISODE_SPAN);
    expect(root?.resource['service.name']).toBe('faultline');
    expect(root?.attributes[FAULTLINE.steps]).toBeGreaterThan(0);
  });

  it('a collector that refuses connections: one warning, the export ends, nothing is thrown', async () => {
    const port = await refusedPort();
    const warnings: string[] = [];
    const started = performance.now();
    const summary = await withEnv({ OTEL_EXPORTER_OTLP_TIMEOUT: '1000' }, async () => {
      const exporting = await openTraceExport({ url: `http://127.0.0.1:${port}`, onWarning: (m) => warnings.push(m) });
      for (const r of records) exporting.episode(out, r);
      return exporting.close();
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`could not send traces to http://127.0.0.1:${port}/v1/traces`);
    expect(warnings[0]).toContain('ECONNREFUSED');
    expect(summary.exportedTraces).toBe(0);
    expect(summary.unsentSpans).toBe(summary.spans);
    expect(summary.error).toContain('ECONNREFUSED');
  });

  it('a collector that answers 500: one warning, and no batch is sent after the failed one', async () => {
    const receiver = await startOtlpReceiver(500);
    const warnings: string[] = [];
    const exporting = await openTraceExport({ url: receiver.url, onWarning: (m) => warnings.push(m) });
    const half = Math.ceil(records.length / 2);
    for (const r of records.slice(0, half)) exporting.episode(out, r);
    // The first batch goes out on the processor's timer and fails.
    for (let i = 0; i < 100 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    for (const r of records.slice(half)) exporting.episode(out, r);
    const summary = await exporting.close();
    await receiver.close();
    expect(warnings).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
    expect(summary.exportedSpans).toBe(0);
    expect(summary.episodes).toBe(records.length);
  });

  it('an episode whose trajectory cannot be read is a warning, not an error', async () => {
    const receiver = await startOtlpReceiver();
    const warnings: string[] = [];
    const exporting = await openTraceExport({ url: receiver.url, onWarning: (m) => warnings.push(m) });
    const first = records[0] as EpisodeRecord;
    exporting.episode(out, { ...first, trajectoryFile: 'trajectories/absent.jsonl' });
    exporting.episode(out, first);
    const summary = await exporting.close();
    await receiver.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`could not export episode ${first.id}`);
    expect(summary).toMatchObject({ episodes: 1, exportedTraces: 1, error: null });
  });
});

describe('the pieces of an OTLP export', () => {
  it('names every missing SDK package and the npm install that adds them', async () => {
    const missing = new Set(['@opentelemetry/resources', '@opentelemetry/exporter-trace-otlp-http']);
    const importer = (name: string) =>
      missing.has(name)
        ? Promise.reject(
            Object.assign(new Error(`Cannot find package '${name}' imported from /x/faultline.js`), {
              code: 'ERR_MODULE_NOT_FOUND',
            }),
          )
        : import(name);
    await expect(loadOtlpSdk('--otel', importer)).rejects.toThrow(
      /--otel .*@opentelemetry\/resources, @opentelemetry\/exporter-trace-otlp-http are missing\. Fix: npm install @opentelemetry\/resources @opentelemetry\/exporter-trace-otlp-http/,
    );
    // Another failure of an installed package is its own error, not "missing".
    const broken = () => Promise.reject(new SyntaxError('Unexpected token'));
    await expect(loadOtlpSdk('--otel', broken)).rejects.toThrow(SyntaxError);
    await expect(openTraceExport({ url: 'http://localhost:4318', importer })).rejects.toThrow(/npm install/);
  });

  it('resolves the endpoint from the flag, then the standard variables, then localhost:4318', () => {
    expect(otlpTracesEndpoint('http://127.0.0.1:4318', {})).toMatchObject({
      url: 'http://127.0.0.1:4318/v1/traces',
      source: 'flag',
    });
    expect(otlpTracesEndpoint('https://cloud.langfuse.com/api/public/otel', {}).url).toBe(
      'https://cloud.langfuse.com/api/public/otel/v1/traces',
    );
    expect(otlpTracesEndpoint('http://localhost:6006/v1/traces', {}).url).toBe('http://localhost:6006/v1/traces');
    const env = {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/custom/path',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    };
    expect(otlpTracesEndpoint(undefined, env)).toMatchObject({
      url: 'http://tempo:4318/custom/path',
      source: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    });
    expect(otlpTracesEndpoint(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toMatchObject({
      url: 'http://collector:4318/v1/traces',
      source: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    });
    expect(otlpTracesEndpoint(undefined, {})).toMatchObject({
      url: 'http://localhost:4318/v1/traces',
      source: 'default',
    });
    // What is printed never carries credentials.
    expect(otlpTracesEndpoint('https://user:key@example.com/otel?token=abc', {}).shown).toBe(
      'https://example.com/otel/v1/traces',
    );
    expect(() => otlpTracesEndpoint('localhost:4318', {})).toThrow(InvalidArgumentError);
    expect(() => otlpTracesEndpoint('localhost:4318', {})).toThrow(/--otel: got "localhost:4318", expected an http/);
    expect(() => otlpTracesEndpoint(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://x' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: got "grpc:\/\/x"/,
    );
  });

  it('takes the encoding from OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL and refuses gRPC', () => {
    expect(otlpProtocol({})).toBe('http/json');
    expect(otlpProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' })).toBe('http/protobuf');
    expect(
      otlpProtocol({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }),
    ).toBe('http/json');
    expect(() => otlpProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL: got "grpc", expected http\/json or http\/protobuf/,
    );
  });

  it('derives trace and span ids from the run and the episode', () => {
    const a = new EpisodeIdGenerator();
    const b = new EpisodeIdGenerator();
    const ids = (g: EpisodeIdGenerator, run: string, episode: string) => {
      g.begin(run, episode);
      return [g.generateTraceId(), g.generateSpanId(), g.generateSpanId()];
    };
    const first = ids(a, '2026-12-03T10:00:00.000Z', 'e1');
    expect(ids(b, '2026-12-03T10:00:00.000Z', 'e1')).toEqual(first);
    expect(first[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(first[1]).toMatch(/^[0-9a-f]{16}$/);
    expect(first[1]).not.toBe(first[2]);
    expect(ids(a, '2026-12-03T10:00:00.000Z', 'e2')[0]).not.toBe(first[0]);
    expect(ids(a, '2026-12-03T11:00:00.000Z', 'e1')[0]).not.toBe(first[0]);
    expect(() => new EpisodeIdGenerator().generateTraceId()).toThrow(/begin/);
  });

  it('--otel needs --out', async () => {
    await expect(startRunTraces(true, undefined)).rejects.toThrow(InvalidArgumentError);
    await expect(startRunTraces('http://localhost:4318', undefined)).rejects.toThrow(/--otel: .*Fix: add --out DIR/);
  });
});
