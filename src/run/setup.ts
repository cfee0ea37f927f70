/**
 * Loading a run's modules, the same way on the main thread and in each worker: setup modules
 * first (each exports `setup()`, called once imported), then the `--import` modules, which
 * register what they define when imported.
 */
import { FaultlineError } from '../core/errors.js';
import { prepareImport } from './ts-loader.js';

/**
 * Imports one module a user named, turning a module that cannot be found into an error that says
 * which module and what to do, instead of a loader stack trace.
 */
export async function importModule(url: string): Promise<unknown> {
  await prepareImport(url);
  try {
    return (await import(url)) as unknown;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_UNSUPPORTED_DIR_IMPORT') throw error;
    const message = error instanceof Error ? error.message : String(error);
    const fix = /package 'faultline'/.test(message)
      ? 'The module imports faultline, which is not installed where the module lives: run `npm install faultline` in its project (or `npm link faultline` after `npm link` in a faultline checkout).'
      : 'Check the path (relative paths are resolved from the current directory) and that the packages it imports are installed next to it.';
    throw new FaultlineError(`Cannot import the module ${url}: ${message.split('\n')[0]}. ${fix}`);
  }
}

/**
 * A setup module: its URL, or its URL with options passed to its `setup(options)` — plain JSON,
 * since workers receive it by message (an LLM team's configuration travels this way; it never
 * holds an API key, only the name of the variable that does).
 */
export type SetupEntry = string | { readonly url: string; readonly options: unknown };

/** The URL of a setup entry. */
export function setupUrl(entry: SetupEntry): string {
  return typeof entry === 'string' ? entry : entry.url;
}

/**
 * Imports `setup` modules (calling each one's `setup()`, with the entry's options when it has
 * some), then `imports`, in order.
 */
export async function loadModules(setup: readonly SetupEntry[], imports: readonly string[]): Promise<void> {
  for (const entry of setup) {
    const url = setupUrl(entry);
    const module = (await importModule(url)) as { setup?: unknown };
    if (typeof module.setup !== 'function')
      throw new FaultlineError(
        `The setup module ${url} exports no setup() function (exports: ${Object.keys(module).join(', ') || 'none'}). Pass a module that exports \`setup()\` in \`setup\`, or list it in \`imports\` if importing it is enough.`,
      );
    if (typeof entry === 'string') await (module.setup as () => unknown)();
    else await (module.setup as (options: unknown) => unknown)(entry.options);
  }
  for (const url of imports) await importModule(url);
}
