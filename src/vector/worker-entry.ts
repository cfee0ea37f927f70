/**
 * How to start the vector worker thread: the compiled `worker.js` from dist, or, from the sources,
 * `worker.ts` through tsx with the `source` export condition (so the worker loads the same
 * registries' sources as the main thread, not a second copy from dist).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The Worker constructor arguments for the vector worker. */
export function vectorWorkerEntry(): { source: URL | string; eval: boolean; execArgv: string[] } {
  if (!import.meta.url.endsWith('.ts'))
    return { source: new URL('./worker.js', import.meta.url), eval: false, execArgv: process.execArgv };
  const execArgv = process.execArgv.includes('--conditions=source')
    ? process.execArgv
    : [...process.execArgv, '--conditions=source'];
  const api = resolveEsm('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
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
