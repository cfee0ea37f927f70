/**
 * The run hook exports every episode of a recorded run as it is recorded: one trace per
 * episode, read back from the trajectory files, with the run's episode id and the same spans as
 * exporting the in-process result of the same episode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { oracleTeam } from '../../../agents/oracle.js';
import { EPISODE_SPAN, FAULTLINE, GEN_AI, episodeSpans, otelRunHook } from '../../../src/adapters/otel/index.js';
import { evaluate } from '../../../src/evaluate.js';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import { runEpisode } from '../../../src/team/episode.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-otel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('otelRunHook', () => {
  it('exports one trace per recorded episode of a run on workers, as exporting the result in process does', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('faultline-test');
    const out = join(dir, 'run');
    const env = 'filesystem/rename-symbol-v1';
    const run = await evaluate({
      envs: env,
      teams: 'oracle',
      seeds: '0-2',
      perturb: 'production',
      out,
      // Workers write nothing themselves: the main thread records each trajectory, then calls the hook.
      workers: 2,
      onEpisode: otelRunHook({ tracer, out }),
    });
    const spans = exporter.getFinishedSpans();
    const roots = spans.filter((s) => s.name === EPISODE_SPAN);
    expect(roots).toHaveLength(run.records.length);
    expect(new Set(roots.map((r) => r.spanContext().traceId)).size).toBe(run.records.length);
    for (const record of run.records) {
      const root = roots.find((r) => r.attributes[GEN_AI.conversationId] === record.id);
      expect(root?.attributes[FAULTLINE.steps]).toBe(record.steps);
      const traceId = root?.spanContext().traceId;
      expect(spans.filter((s) => s.spanContext().traceId === traceId)).toHaveLength(1 + record.steps);
    }

    // The same episode exported from its in-process result gives the same spans.
    const first = run.records[0];
    expect(first).toBeDefined();
    const local = await runEpisode({ env, team: oracleTeam, seed: first?.seed ?? 0, perturb: 'production' });
    const again = new InMemorySpanExporter();
    const other = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(again)] });
    episodeSpans(local, analyzeEpisode(local), other.getTracer('faultline-test'), { episodeId: first?.id });
    const fromRun = spans.filter(
      (s) =>
        s.spanContext().traceId ===
        roots.find((r) => r.attributes[GEN_AI.conversationId] === first?.id)?.spanContext().traceId,
    );
    const shape = (all: typeof spans) =>
      all.map((s) => ({ name: s.name, start: s.startTime, attributes: s.attributes }));
    expect(shape(again.getFinishedSpans())).toEqual(shape(fromRun));
    await Promise.all([provider.shutdown(), other.shutdown()]);
  }, 60_000);
});
