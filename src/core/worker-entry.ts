/**
 * How to start a worker thread whose script sits beside its caller (`./worker.js`, or
 * `./worker.ts` in the sources). From compiled output it is `worker.js`; from TypeScript sources
 * (a checkout, tests) a tiny bootstrap registers tsx on the thread first — resolved from this
 * package, so it works from any working directory — then imports `worker.ts`. The run pool and
 * the async vector env both start their threads this way.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The `Worker` constructor arguments for a worker script. */
export interface WorkerEntry {
  readonly source: URL | string;
  readonly eval: boolean;
  readonly execArgv: string[];
}

/** The entry of the `worker` script beside `callerUrl` (the caller's `import.meta.url`). */
export function workerEntryBeside(callerUrl: string): WorkerEntry {
  if (!callerUrl.endsWith('.ts'))
    return { source: new URL('./worker.js', callerUrl), eval: false, execArgv: process.execArgv };
  // From the sources, `faultline/...` in an `--import` module must resolve to the sources too
  // (the `source` export condition), or a worker would load a second copy of the registries from dist/.
  const execArgv = process.execArgv.includes('--conditions=source')
    ? process.execArgv
    : [...process.execArgv, '--conditions=source'];
  const api = resolveEsm('tsx/esm/api');
  const entry = new URL('./worker.ts', callerUrl).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return { source: bootstrap, eval: true, execArgv };
}

/** The ESM entry of a package export (`require.resolve` would give the CommonJS one). */
function resolveEsm(specifier: string): string {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof resolve === 'function') return resolve(specifier);
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve(specifier).replace(/\.cjs$/, '.mjs')).href;
}

/**
 * Starts the worker of `entry`. The flags a thread refuses — V8's (`--expose-gc`,
 * `--max-old-space-size`, `--stack-size` …), which apply to the whole process and so to its
 * threads already — are dropped from the thread's `execArgv` instead of failing the run: a
 * process started with `node --max-old-space-size=8192 …` must still start its workers.
 * `workerData` is the thread's `workerData`.
 */
export function startWorker(entry: WorkerEntry, workerData?: unknown): Worker {
  try {
    return new Worker(entry.source, { eval: entry.eval, execArgv: entry.execArgv, workerData });
  } catch (e) {
    const refused = refusedFlags(e);
    if (refused === null) throw e;
    const execArgv = entry.execArgv.filter((arg) => !refused.has(arg));
    return new Worker(entry.source, { eval: entry.eval, execArgv, workerData });
  }
}

/** The flags a `Worker` refused, from its ERR_WORKER_INVALID_EXEC_ARGV error; null for any other error. */
function refusedFlags(e: unknown): ReadonlySet<string> | null {
  if ((e as { code?: unknown } | null)?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return null;
  // "Initiated Worker with invalid execArgv flags: --expose-gc, --stack-size=2000"
  const listed = /flags: (.*)$/.exec((e as Error).message)?.[1];
  return listed ? new Set(listed.split(', ')) : null;
}
