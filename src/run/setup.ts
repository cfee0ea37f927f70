/**
 * Loading a run's modules, the same way on the main thread and in each worker: setup modules
 * first (each exports `setup()`, called once imported), then the `--import` modules, which
 * register what they define when imported.
 */
import { FaultlineError } from '../core/errors.js';

/** Imports `setup` modules (calling each one's `setup()`), then `imports`, in order. */
export async function loadModules(setup: readonly string[], imports: readonly string[]): Promise<void> {
  for (const url of setup) {
    const module = (await import(url)) as { setup?: unknown };
    if (typeof module.setup !== 'function')
      throw new FaultlineError(
        `The setup module ${url} exports no setup() function (exports: ${Object.keys(module).join(', ') || 'none'}). Pass a module that exports \`setup()\` in \`setup\`, or list it in \`imports\` if importing it is enough.`,
      );
    await (module.setup as () => unknown)();
  }
  for (const url of imports) await import(url);
}
