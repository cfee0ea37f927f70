/**
 * The LLM path's benchmarks (a section of `npm run bench`):
 *
 * - concurrency: the `llm` team against the scripted model server answering every request after
 *   200 ms (the oracle's actions as tool calls), with 1, 8, 16 and 64 episodes in flight on one
 *   thread. A wrapper around the server's responder tracks the requests in service; the server's
 *   busy-ness at N in flight is (Σ time in service) / (N × wall time of the run): 100% means the
 *   harness always had N requests waiting on the model and never made the model wait for it.
 * - adapter work per model call: the same episodes run (a) by the `llm` team replaying a cassette
 *   recorded just before (no network: the gateway answers from the cassette) and (b) by the
 *   oracle (same actions); (t_a − t_b) / calls is what the harness spends per call outside the
 *   model and the env — prompt building, the request key, parsing, turn noting. Recording a call
 *   (serialising its cassette line) and hashing its key are also timed on their own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { listEnvs } from '../src/core/registry.js';
import { canonicalJson } from '../src/core/canonical.js';
import { runEvaluation, type RunResult } from '../src/run/runner.js';
import { LLM_SETUP } from '../src/llm/setup.js';
import { BUILTINS_SETUP } from '../src/builtins.js';
import type { LlmSetupOptions } from '../src/llm/team-config.js';
import type { CassetteMode } from '../src/llm/types.js';
import { hashRequest } from '../src/llm/gateway/request-key.js';
import type { CassetteEntry } from '../src/llm/gateway/cassette.js';
import { machineNote, type BlockMarkers } from './readme-table.js';
import { benchRunDir, doneWithRunDir } from './run-dirs.js';

/** One point of the concurrency curve. */
export interface ConcurrencyPoint {
  /** Episodes in flight (`--concurrency`, one worker). */
  readonly inFlight: number;
  /** Worker threads (1: the main thread); with more, the harness-thread figures cover the main thread only. */
  readonly workers: number;
  readonly episodes: number;
  readonly requests: number;
  readonly wallSeconds: number;
  /** Σ time in service / (inFlight × wall time). */
  readonly busy: number;
  /** Time-weighted mean of the requests in service. */
  readonly meanInService: number;
  /** Share of the wall time with at least 60 requests in service (only meaningful at 64). */
  readonly shareAtLeast60: number;
  /**
   * Busy-ness while the plan still had episodes to start (until the (episodes − inFlight)th one
   * finished): the run's tail, where fewer than `inFlight` episodes are left, is left out. Null
   * when the plan has no more episodes than `inFlight`.
   */
  readonly steadyBusy: number | null;
  readonly steadySeconds: number | null;
  readonly requestsPerSecond: number;
  readonly episodesPerSecond: number;
  /** The harness thread's event-loop utilisation: near 1, the harness (not the model) is the bottleneck. */
  readonly harnessThreadBusy: number;
  /** The harness thread's busy time per model request, ms (run, env, adapter, HTTP client). */
  readonly harnessMsPerRequest: number;
  /** CPU time of the whole process (harness and server threads) per model request, ms. */
  readonly cpuMsPerRequest: number;
  /** Episodes that did not succeed (the oracle's actions should always succeed: a check). */
  readonly failed: number;
}

/** The harness's own work per model call. */
export interface AdapterWork {
  readonly episodes: number;
  readonly calls: number;
  /** Best of the rounds, seconds: the llm team replaying its cassette, and the oracle. */
  readonly llmReplaySeconds: number;
  readonly oracleSeconds: number;
  /** (llmReplay − oracle) / calls, µs. */
  readonly usPerCall: number;
  /** Canonical JSON + SHA-256 of a call's request (the request key), µs per call. */
  readonly keyUsPerCall: number;
  /** Serialising a call's cassette line (what recording adds besides the file append), µs per call. */
  readonly recordLineUsPerCall: number;
  /** Mean size of a request's canonical JSON, characters. */
  readonly meanRequestChars: number;
}

/** What the LLM section prints. */
export interface LlmBench {
  readonly delayMs: number;
  readonly concurrency: readonly ConcurrencyPoint[];
  /** Null when skipped. */
  readonly adapter: AdapterWork | null;
}

/** Options of {@link benchLlm}. */
export interface LlmBenchOptions {
  /** Milliseconds every answer waits. @defaultValue 200 */
  readonly delayMs?: number;
  /** In-flight levels and the seeds per env each runs. */
  readonly levels?: readonly Level[];
  /** Seeds per env of the adapter measurement. @defaultValue 4 */
  readonly adapterSeeds?: number;
  /** Rounds of the adapter measurement (the best is kept). @defaultValue 3 */
  readonly rounds?: number;
  /** The envs the episodes run in. @defaultValue every registered env */
  readonly envs?: readonly string[];
  /** Skip the adapter measurement. @defaultValue false */
  readonly skipAdapter?: boolean;
}

/** One point to measure: episodes in flight in all, seeds per env, and worker threads (1: the main thread). */
export interface Level {
  readonly inFlight: number;
  readonly seedsPerEnv: number;
  /** Worker threads sharing the episodes in flight (each gets inFlight / workers). @defaultValue 1 */
  readonly workers?: number;
}

const DEFAULT_LEVELS: readonly Level[] = [
  { inFlight: 1, seedsPerEnv: 1 },
  { inFlight: 8, seedsPerEnv: 4 },
  { inFlight: 16, seedsPerEnv: 8 },
  { inFlight: 64, seedsPerEnv: 32 },
];

interface Snapshot {
  readonly area: number;
  readonly areaAtLeast60: number;
  readonly requests: number;
  readonly serviceMs: number;
  readonly at: number;
}

/** The scripted model server on its own thread (benchmarks/llm-server.ts). */
class ServerThread {
  private nextId = 0;
  private readonly waiting = new Map<number, (s: Snapshot) => void>();

  private constructor(
    private readonly worker: Worker,
    readonly url: string,
  ) {
    worker.on('message', (m: { type: string; id: number } & Snapshot) => {
      if (m.type !== 'snapshot') return;
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    });
  }

  static start(delayMs: number): Promise<ServerThread> {
    // The benchmarks run from the sources: the worker registers the TypeScript loader first.
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./llm-server.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(bootstrap, { eval: true, workerData: { delayMs } });
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: { type: string; url: string }) => resolve(new ServerThread(worker, m.url)));
    });
  }

  /** The tracker's integrals now. */
  snapshot(): Promise<Snapshot> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ type: 'snapshot', id });
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage({ type: 'close' });
    await exited;
  }
}

function llmSetup(baseUrl: string, cassette: { dir: string; mode: CassetteMode } | null): LlmSetupOptions {
  return {
    teams: [
      {
        id: 'llm',
        defaults: { model: 'mock', provider: { baseUrl, apiKeyEnv: 'FAULTLINE_BENCH_NO_KEY' } },
      },
    ],
    gateway: { cassette },
  };
}

function seedsOf(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function failures(result: RunResult): number {
  return result.records.filter((r) => !r.success).length;
}

async function benchConcurrency(envs: readonly string[], level: Level, delayMs: number): Promise<ConcurrencyPoint> {
  const { inFlight, seedsPerEnv } = level;
  const workers = level.workers ?? 1;
  const server = await ServerThread.start(delayMs);
  try {
    // Worker threads start with empty registries: the built-in envs come through setup too.
    const setup = [BUILTINS_SETUP, { url: LLM_SETUP, options: llmSetup(server.url, null) }];
    let steady: Promise<Snapshot> | null = null;
    const before = await server.snapshot();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const result = await runEvaluation({
      envs,
      teams: ['llm'],
      seeds: seedsOf(seedsPerEnv),
      workers,
      concurrency: Math.ceil(inFlight / workers),
      setup,
      // Once this many are done, fewer than `inFlight` episodes are left: the tail begins.
      onEpisode: (_record, done, total) => {
        if (done === total - inFlight) steady = server.snapshot();
      },
    });
    const elu = performance.eventLoopUtilization(elu0);
    const cpu = process.cpuUsage(cpu0);
    const after = await server.snapshot();
    const window = await (steady as Promise<Snapshot> | null);
    const wallMs = after.at - before.at;
    const requests = after.requests - before.requests;
    const steadyMs = window === null ? 0 : window.at - before.at;
    return {
      inFlight,
      workers,
      episodes: result.records.length,
      requests,
      wallSeconds: wallMs / 1000,
      busy: (after.area - before.area) / (inFlight * wallMs),
      meanInService: (after.area - before.area) / wallMs,
      shareAtLeast60: (after.areaAtLeast60 - before.areaAtLeast60) / wallMs,
      steadyBusy: window === null ? null : (window.area - before.area) / (inFlight * steadyMs),
      steadySeconds: window === null ? null : steadyMs / 1000,
      requestsPerSecond: requests / (wallMs / 1000),
      episodesPerSecond: result.records.length / (wallMs / 1000),
      harnessThreadBusy: elu.utilization,
      harnessMsPerRequest: elu.active / requests,
      cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / requests,
      failed: failures(result),
    };
  } finally {
    await server.close();
  }
}

function cassetteEntries(dir: string): CassetteEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as CassetteEntry),
    );
}

/**
 * The request key's cost per call as the agent pays it: the cassette's requests in order, with
 * each distinct message (and the tool list) one shared object, as in a live conversation, so the
 * canonical JSON cached per message is reused. Fresh objects every round; the best round counts.
 */
function keyUsPerCall(entries: readonly CassetteEntry[], rounds: number): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const shared = new Map<string, object>();
    const intern = <T extends object>(value: T, freeze: boolean): T => {
      const text = JSON.stringify(value);
      let kept = shared.get(text);
      if (kept === undefined) {
        kept = freeze ? Object.freeze(structuredClone(value)) : structuredClone(value);
        shared.set(text, kept);
      }
      return kept as T;
    };
    const calls = entries.map((e) => ({
      episodeId: 'bench',
      ordinal: e.ordinal,
      request: {
        ...e.request,
        messages: e.request.messages.map((m) => intern(m, false)),
        tools: intern(e.request.tools, true),
      },
    }));
    const t0 = performance.now();
    for (const call of calls) hashRequest(call);
    best = Math.min(best, performance.now() - t0);
  }
  return (best * 1000) / entries.length;
}

/** µs per item of `work` over all `items`, best of `rounds`. */
function usPer<T>(items: readonly T[], rounds: number, work: (item: T) => unknown): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const item of items) work(item);
    best = Math.min(best, performance.now() - t0);
  }
  return (best * 1000) / items.length;
}

async function benchAdapter(envs: readonly string[], seedsPerEnv: number, rounds: number): Promise<AdapterWork> {
  const dir = benchRunDir('faultline-bench-cassette-');
  const seeds = seedsOf(seedsPerEnv);
  try {
    const server = await ServerThread.start(0);
    try {
      const recorded = await runEvaluation({
        envs,
        teams: ['llm'],
        seeds,
        concurrency: 8,
        setup: [{ url: LLM_SETUP, options: llmSetup(server.url, { dir, mode: 'record' }) }],
      });
      if (failures(recorded) > 0)
        throw new Error(`benchmarks/llm.ts: ${failures(recorded)} recorded episodes of the llm team failed`);
    } finally {
      await server.close();
    }
    // Nothing listens there any more: a replay miss would fail, never go live.
    const replay = [{ url: LLM_SETUP, options: llmSetup('http://127.0.0.1:9/v1', { dir, mode: 'replay' }) }];
    let llmBest = Infinity;
    let oracleBest = Infinity;
    let calls = 0;
    // Round 0 warms both paths up (JIT, module loading) and is not counted.
    for (let round = 0; round <= rounds; round++) {
      let t0 = performance.now();
      const replayed = await runEvaluation({ envs, teams: ['llm'], seeds, setup: replay });
      const llmSeconds = (performance.now() - t0) / 1000;
      if (failures(replayed) > 0)
        throw new Error(`benchmarks/llm.ts: ${failures(replayed)} replayed episodes of the llm team failed`);
      calls = replayed.records.reduce((a, r) => a + (r.usage?.calls ?? 0), 0);
      t0 = performance.now();
      await runEvaluation({ envs, teams: ['oracle'], seeds });
      const oracleSeconds = (performance.now() - t0) / 1000;
      if (round > 0) {
        llmBest = Math.min(llmBest, llmSeconds);
        oracleBest = Math.min(oracleBest, oracleSeconds);
      }
    }
    const entries = cassetteEntries(dir);
    return {
      episodes: envs.length * seeds.length,
      calls,
      llmReplaySeconds: llmBest,
      oracleSeconds: oracleBest,
      usPerCall: ((llmBest - oracleBest) * 1e6) / calls,
      keyUsPerCall: keyUsPerCall(entries, rounds + 1),
      recordLineUsPerCall: usPer(entries, rounds + 1, (e) => JSON.stringify(e)),
      meanRequestChars: entries.reduce((a, e) => a + canonicalJson(e.request).length, 0) / entries.length,
    };
  } finally {
    doneWithRunDir(dir);
  }
}

/** Runs the LLM benchmarks (envs must be registered). */
export async function benchLlm(options: LlmBenchOptions = {}): Promise<LlmBench> {
  const delayMs = options.delayMs ?? 200;
  const envs = options.envs ?? listEnvs().map((s) => s.id);
  const adapter = options.skipAdapter ? null : await benchAdapter(envs, options.adapterSeeds ?? 4, options.rounds ?? 3);
  const concurrency: ConcurrencyPoint[] = [];
  for (const level of options.levels ?? DEFAULT_LEVELS) concurrency.push(await benchConcurrency(envs, level, delayMs));
  return { delayMs, concurrency, adapter };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The section as Markdown tables. */
export function formatLlmBench(b: LlmBench): string {
  return `LLM path: the llm team against the scripted model server (its own thread), every answer after ${b.delayMs} ms; the harness on one thread\n\n${llmTables(b)}`;
}

/** The markers of the README's LLM block, which `npm run bench -- --llm-only --update-readme` rewrites. */
export const LLM_MARKERS: BlockMarkers = { start: '<!-- bench-llm:start -->', end: '<!-- bench-llm:end -->' };

/**
 * The README's LLM block: when, where and under what load it was measured, and the tables. The
 * load average is taken as the section ends: the server's busy share depends on what else runs.
 */
export function formatLlmBlock(b: LlmBench, date: string): string {
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  return `Measured ${date} on ${machineNote()} (1-minute load average ${load} as the section ended):\n\n${llmTables(b).trimEnd()}`;
}

/** The concurrency table and, when measured, the adapter table. */
function llmTables(b: LlmBench): string {
  const lines = [
    '| episodes in flight | episodes | model requests | wall (s) | server busy | busy before the tail (s) | mean in service | time with ≥ 60 in service | requests/s | episodes/s | harness thread busy | harness ms/request | CPU ms/request (both threads) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...b.concurrency.map(
      (p) =>
        `| ${p.inFlight}${p.workers > 1 ? ` (${p.workers} workers)` : ''} | ${p.episodes}${p.failed > 0 ? ` (${p.failed} failed)` : ''} | ${p.requests} | ${p.wallSeconds.toFixed(1)} | ${pct(p.busy)} | ${p.steadyBusy === null ? '–' : `${pct(p.steadyBusy)} (${p.steadySeconds!.toFixed(1)})`} | ${p.meanInService.toFixed(1)} | ${pct(p.shareAtLeast60)} | ${p.requestsPerSecond.toFixed(1)} | ${p.episodesPerSecond.toFixed(2)} | ${pct(p.harnessThreadBusy)} | ${p.harnessMsPerRequest.toFixed(2)} | ${p.cpuMsPerRequest.toFixed(2)} |`,
    ),
  ];
  const a = b.adapter;
  if (a !== null)
    lines.push(
      '',
      'Adapter work per model call (llm team replaying a cassette vs the oracle, same episodes):',
      '',
      '| episodes | model calls | llm replay (s) | oracle (s) | adapter µs/call | of which request key µs | cassette line µs (recording) | mean request chars |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${a.episodes} | ${a.calls} | ${a.llmReplaySeconds.toFixed(3)} | ${a.oracleSeconds.toFixed(3)} | ${a.usPerCall.toFixed(0)} | ${a.keyUsPerCall.toFixed(0)} | ${a.recordLineUsPerCall.toFixed(0)} | ${Math.round(a.meanRequestChars)} |`,
    );
  return `${lines.join('\n')}\n`;
}
