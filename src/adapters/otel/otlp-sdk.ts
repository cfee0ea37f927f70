/**
 * The OpenTelemetry SDK packages an OTLP export needs, imported only when asked for: they are
 * optional peer dependencies, so `faultline` runs without them and says which to install when a
 * command needs them.
 */
import type * as OtelApi from '@opentelemetry/api';
import type * as OtlpHttpExporter from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtelResources from '@opentelemetry/resources';
import type * as OtelSdkTraceBase from '@opentelemetry/sdk-trace-base';
import { FaultlineError } from '../../core/errors.js';
import type { OtlpProtocol } from './otlp-endpoint.js';

/** The packages of an OTLP/HTTP export with JSON bodies, in the order they are named in messages. */
export const OTLP_PACKAGES = [
  '@opentelemetry/api',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/resources',
  '@opentelemetry/exporter-trace-otlp-http',
] as const;

/** The exporter package of each encoding (both export a class `OTLPTraceExporter` of one shape). */
const EXPORTER_PACKAGE: Readonly<Record<OtlpProtocol, string>> = {
  'http/json': '@opentelemetry/exporter-trace-otlp-http',
  'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
};

/** The loaded modules. */
export interface OtlpSdk {
  readonly api: typeof OtelApi;
  readonly sdk: typeof OtelSdkTraceBase;
  readonly resources: typeof OtelResources;
  /** The exporter package of the encoding asked for (`-otlp-http` for JSON, `-otlp-proto` for protobuf). */
  readonly exporter: typeof OtlpHttpExporter;
}

/** Imports a module by name (a parameter so tests can make one missing). */
export type ModuleImporter = (name: string) => Promise<unknown>;

const importByName: ModuleImporter = (name) => import(name);

/** True when `error` says `name` itself (not something it imports) could not be found. */
function isMissing(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== 'object') return false;
  const code = e.code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof e.message === 'string' &&
    e.message.includes(`'${name}'`)
  );
}

/**
 * Loads the SDK packages of an OTLP/HTTP export in the encoding `protocol`. When some are not
 * installed, throws one `FaultlineError` naming all of them and the `npm install` line that adds
 * them; `feature` says what needed them (e.g. `--otel`).
 */
export async function loadOtlpSdk(
  feature: string,
  importer: ModuleImporter = importByName,
  protocol: OtlpProtocol = 'http/json',
): Promise<OtlpSdk> {
  const names = [...OTLP_PACKAGES.slice(0, 3), EXPORTER_PACKAGE[protocol]];
  const loaded = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, module: await importer(name), missing: false };
      } catch (error) {
        if (isMissing(error, name)) return { name, module: null, missing: true };
        throw error;
      }
    }),
  );
  const missing = loaded.filter((l) => l.missing).map((l) => l.name);
  if (missing.length > 0)
    throw new FaultlineError(
      `${feature} exports traces with the OpenTelemetry SDK, an optional dependency that is not installed: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. Fix: npm install ${missing.join(' ')} (next to faultline; the exporter's 0.223.x line runs on Node 20, newer ones need Node 22).`,
    );
  const [api, sdk, resources, exporter] = loaded.map((l) => l.module);
  return {
    api: api as OtlpSdk['api'],
    sdk: sdk as OtlpSdk['sdk'],
    resources: resources as OtlpSdk['resources'],
    exporter: exporter as OtlpSdk['exporter'],
  };
}
