// Episodes as OpenTelemetry traces: every episode a trace, every step a span, model calls as
// GenAI `chat` spans. Needs `npm install @opentelemetry/api @opentelemetry/sdk-trace-base`; part 3
// (a run sent to a collector over OTLP/HTTP, as `faultline run --otel` does) also needs
// `npm install @opentelemetry/resources @opentelemetry/exporter-trace-otlp-http@~0.223.1`
// (0.223.x runs on Node 20; newer ones need Node 22).
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { evaluate, runEpisode } from 'faultline';
import { analyzeEpisode } from 'faultline/metrics';
import { episodeSpans, exportRunTraces, otelRunHook } from 'faultline/otel';
import { oracleTeam } from 'faultline/teams';

const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] });
const tracer = provider.getTracer('faultline');

// 1. One episode, exported after the fact to a tracer of yours.
const result = await runEpisode({
  env: 'filesystem/rename-symbol-v1',
  team: oracleTeam,
  seed: 7,
  perturb: 'production',
});
const { root, spans } = episodeSpans(result, analyzeEpisode(result), tracer);
console.log(`trace ${root.traceId}: ${spans} spans, outcome ${result.outcome}`);

// 2. A whole run: each episode is exported to your tracer as soon as it is recorded.
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

// 3. The recorded run, sent to a collector (Jaeger, Phoenix, Langfuse, Grafana Tempo) over
//    OTLP/HTTP: the URL defaults to OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, else localhost:4318,
//    and OTEL_EXPORTER_OTLP_HEADERS (an API key) is sent along. Same as `faultline traces DIR`.
//    Sending it again gives the same trace ids (derived from the run and the episode).
const sent = await exportRunTraces(out, { onWarning: (message) => console.warn(`warning: ${message}`) });
console.log(`${sent.exportedTraces} of ${sent.episodes} traces sent to ${sent.endpoint}`);
