// Episodes as OpenTelemetry traces: every episode a trace, every step a span, model calls as
// GenAI `chat` spans. Needs `npm install @opentelemetry/api @opentelemetry/sdk-trace-base`; to
// send the traces to Jaeger, Langfuse or Phoenix, replace the console exporter by
// `new OTLPTraceExporter({ url })` from `@opentelemetry/exporter-trace-otlp-http`.
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { evaluate, runEpisode } from 'faultline';
import { analyzeEpisode } from 'faultline/metrics';
import { episodeSpans, otelRunHook } from 'faultline/otel';
import { oracleTeam } from 'faultline/teams';

const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] });
const tracer = provider.getTracer('faultline');

// 1. One episode, exported after the fact.
const result = await runEpisode({
  env: 'filesystem/rename-symbol-v1',
  team: oracleTeam,
  seed: 7,
  perturb: 'production',
});
const { root, spans } = episodeSpans(result, analyzeEpisode(result), tracer);
console.log(`trace ${root.traceId}: ${spans} spans, outcome ${result.outcome}`);

// 2. A whole run: each episode is exported as soon as it is recorded.
const out = 'runs/otel-example';
await evaluate({
  envs: 'filesystem/rename-symbol-v1',
  teams: 'oracle',
  seeds: '0-2',
  perturb: 'production',
  out,
  onEpisode: otelRunHook({ tracer, out }),
});
await provider.shutdown();
