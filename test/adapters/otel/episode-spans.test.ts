/**
 * Episodes exported as OpenTelemetry traces, read back from the SDK's in-memory exporter: one
 * trace per episode, one span per step under the `faultline.episode` root, the episode's identity
 * and verdict on the root, the step's role, tool and perturbations on each step span, a fact-drop
 * probe's lost fact and the handoff-loss root on the very step that dropped it, and an LLM team's
 * model calls as GenAI `chat` spans under their steps. Two exports of one episode are identical.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { brittleTeam, credulousTeam, driftingTeam, lossyHandoffTeam, oracleTeam } from '../../../agents/index.js';
import { createFactDropTeam } from '../../../probes/fact-drop.js';
import type { ProbeReport } from '../../../probes/index.js';
import { episodeSpans, EPISODE_SPAN, FAULTLINE, GEN_AI } from '../../../src/adapters/otel/index.js';
import { llmTeam } from '../../../src/llm/team.js';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import { builtinEnvIds } from '../../support/envs.js';
import { oracleScript, ScriptedGateway } from '../../llm/agent/scripted-gateway.js';

const ENVS = builtinEnvIds();
const FILESYSTEM = ENVS.find((id) => id.startsWith('filesystem/')) as string;

function tracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, provider, tracer: provider.getTracer('faultline-test') };
}

let providers: BasicTracerProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.map((p) => p.shutdown()));
  providers = [];
});

function exportAll(results: readonly EpisodeResult[]): ReadableSpan[] {
  const { exporter, provider, tracer } = tracing();
  providers.push(provider);
  for (const r of results) episodeSpans(r, analyzeEpisode(r), tracer);
  return exporter.getFinishedSpans();
}

const isStep = (s: ReadableSpan) => typeof s.attributes[FAULTLINE.step] === 'number' && s.name !== EPISODE_SPAN;
const strings = (a: Attributes, key: string): string[] => (a[key] as string[] | undefined) ?? [];

describe('episodeSpans', () => {
  it('one trace per episode, one step span per step under the root, with identity and step attributes', async () => {
    const results: EpisodeResult[] = [];
    for (const env of ENVS.slice(0, 3))
      for (const seed of [0, 1]) results.push(await runEpisode({ env, team: oracleTeam, seed, perturb: 'production' }));
    const spans = exportAll(results);

    const roots = spans.filter((s) => s.name === EPISODE_SPAN);
    expect(roots).toHaveLength(results.length);
    expect(new Set(roots.map((r) => r.spanContext().traceId)).size).toBe(results.length);
    for (const [i, result] of results.entries()) {
      const root = roots.find(
        (r) => r.attributes[FAULTLINE.env] === result.envId && r.attributes[FAULTLINE.seed] === result.seed,
      ) as ReadableSpan;
      expect(root, `${i}`).toBeDefined();
      expect(root.parentSpanContext).toBeUndefined();
      expect(root.attributes).toMatchObject({
        [FAULTLINE.team]: 'oracle',
        [FAULTLINE.trial]: 0,
        [FAULTLINE.profile]: 'production',
        [FAULTLINE.outcome]: result.outcome,
        [FAULTLINE.score]: result.score,
        [FAULTLINE.steps]: result.steps,
      });
      expect(root.attributes[FAULTLINE.failureModes]).toEqual([...analyzeEpisode(result).verdict.modes]);

      const traceId = root.spanContext().traceId;
      const steps = spans.filter((s) => s.spanContext().traceId === traceId && isStep(s));
      expect(steps).toHaveLength(result.steps);
      expect(spans.filter((s) => s.spanContext().traceId === traceId)).toHaveLength(1 + result.steps);
      for (const span of steps) {
        expect(span.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
        const step = result.trajectory[(span.attributes[FAULTLINE.step] as number) - 1];
        expect(step).toBeDefined();
        expect(span.attributes[FAULTLINE.role]).toBe(step?.role);
        expect(span.attributes[GEN_AI.agentName]).toBe(step?.role);
        expect(span.attributes[FAULTLINE.actionType]).toBe(step?.event.kind);
        if (step?.event.action?.type === 'tool') {
          expect(span.attributes[GEN_AI.toolName]).toBe(step.event.action.tool);
          expect(span.name).toBe(`execute_tool ${step.event.action.tool}`);
        }
        const fired = step?.event.perturbations ?? [];
        expect(strings(span.attributes, FAULTLINE.perturbationIds)).toEqual(fired.map((p) => p.id));
        expect(span.events.filter((e) => e.name === 'faultline.perturbation')).toHaveLength(fired.length);
      }
    }
    // Under `production` some perturbation fired at some step of these episodes.
    expect(spans.some((s) => s.attributes[FAULTLINE.perturbationFired] === true)).toBe(true);
  }, 60_000);

  it('names the world size on the root span of a sized episode only', async () => {
    const sized = await runEpisode({ env: FILESYSTEM, team: oracleTeam, seed: 0, worldSize: 300 });
    const plain = await runEpisode({ env: FILESYSTEM, team: oracleTeam, seed: 0 });
    const roots = exportAll([sized, plain]).filter((s) => s.name === EPISODE_SPAN);
    expect(roots.map((r) => r.attributes[FAULTLINE.worldSize])).toEqual([300, undefined]);
  });

  it('puts a fact-drop probe’s lost fact and the handoff-loss root on the step that dropped it', async () => {
    let checked = 0;
    for (const env of ENVS) {
      const reports: ProbeReport[] = [];
      const result = await runEpisode({ env, team: createFactDropTeam({ onDefect: (r) => reports.push(r) }), seed: 1 });
      const analysis = analyzeEpisode(result);
      const report = reports[0];
      const fact = report?.facts?.[0];
      if (!report || !fact || !analysis.handoffLoss.root?.lost.includes(fact)) continue;
      checked += 1;
      const spans = exportAll([result]).filter(isStep);
      const dropped = spans.find((s) => s.attributes[FAULTLINE.step] === report.step) as ReadableSpan;
      expect(dropped.attributes[FAULTLINE.actionType], env).toBe('handoff');
      expect(dropped.attributes[FAULTLINE.role]).toBe(report.role);
      expect(strings(dropped.attributes, FAULTLINE.handoffLost)).toContain(fact);
      expect(strings(dropped.attributes, FAULTLINE.rootOf)).toContain('handoffContextLoss');
      expect(dropped.attributes[FAULTLINE.handoffLossRoot]).toBe(true);
      // No other step carries the handoff-loss root.
      const others = spans.filter((s) => s !== dropped);
      expect(others.filter((s) => strings(s.attributes, FAULTLINE.rootOf).includes('handoffContextLoss'))).toEqual([]);
      expect(others.filter((s) => s.attributes[FAULTLINE.handoffLossRoot] === true)).toEqual([]);
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('puts each failure mode’s root cause on its step only (the root span for the reset), for the flawed teams', async () => {
    const seen = new Set<string>();
    for (const team of [driftingTeam, lossyHandoffTeam, brittleTeam, credulousTeam])
      for (const env of ENVS) {
        const result = await runEpisode({ env, team, seed: 2, perturb: 'production' });
        const analysis = analyzeEpisode(result);
        const spans = exportAll([result]);
        const root = spans.find((s) => s.name === EPISODE_SPAN) as ReadableSpan;
        const steps = spans.filter(isStep);
        for (const cause of analysis.verdict.causes) {
          seen.add(cause.mode);
          const at = cause.step === 0 ? root : steps.find((s) => s.attributes[FAULTLINE.step] === cause.step);
          expect(strings(at?.attributes ?? {}, FAULTLINE.rootOf), `${team.id} ${env} ${cause.mode}`).toContain(
            cause.mode,
          );
          expect(at?.attributes[FAULTLINE.role] ?? cause.role).toBe(cause.role);
          const elsewhere = spans.filter(
            (s) => s !== at && strings(s.attributes, FAULTLINE.rootOf).includes(cause.mode),
          );
          expect(elsewhere).toEqual([]);
        }
        expect(root.attributes[FAULTLINE.primaryMode]).toBe(analysis.verdict.primary?.mode);
        for (const onset of analysis.drift.onsets) {
          const at = steps.find((s) => s.attributes[FAULTLINE.step] === onset.step);
          expect(strings(at?.attributes ?? {}, FAULTLINE.driftOnset)).toContain(onset.constraint);
        }
      }
    expect([...seen]).toEqual(expect.arrayContaining(['alignmentDrift', 'handoffContextLoss', 'recoveryFailure']));
  }, 60_000);

  it('exports an LLM team’s model calls as GenAI chat spans under their steps, deterministically', async () => {
    const oracle = await runEpisode({ env: FILESYSTEM, team: oracleTeam, seed: 0, perturb: 'production' });
    const gateway = new ScriptedGateway(oracleScript(oracle, { parallel: false }));
    const team = llmTeam({
      defaults: { model: 'm', provider: { baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'OPENAI_API_KEY' } },
      gateway,
    });
    const result = await runEpisode({ env: FILESYSTEM, team, seed: 0, perturb: 'production' });
    expect(result.digest).toBe(oracle.digest);

    const spans = exportAll([result]);
    const chats = spans.filter((s) => s.attributes[GEN_AI.operationName] === 'chat');
    expect(chats).toHaveLength(result.usage?.calls ?? -1);
    const steps = new Map(spans.filter(isStep).map((s) => [s.spanContext().spanId, s]));
    for (const chat of chats) {
      expect(chat.name).toBe('chat m');
      expect(chat.attributes[GEN_AI.requestModel]).toBe('m');
      expect(chat.attributes[GEN_AI.inputTokens]).toBeGreaterThan(0);
      expect(chat.attributes[GEN_AI.outputTokens]).toBeGreaterThan(0);
      const parent = steps.get(chat.parentSpanContext?.spanId ?? '');
      expect(parent).toBeDefined();
      expect(chat.attributes[GEN_AI.agentName]).toBe(parent?.attributes[FAULTLINE.role]);
    }
    const input = chats.reduce((n, c) => n + (c.attributes[GEN_AI.inputTokens] as number), 0);
    expect(input).toBe(result.usage?.promptTokens);

    // Deterministic: the same episode exports the same spans (ids aside), times included.
    const shape = (all: ReadableSpan[]) =>
      all.map((s) => ({
        name: s.name,
        start: s.startTime,
        end: s.endTime,
        attributes: s.attributes,
        events: s.events,
      }));
    expect(shape(exportAll([result]))).toEqual(shape(spans));
  }, 60_000);
});
