/**
 * A run's setup modules: each must export `setup()`, and a module that does not is named in the
 * error with the fix, instead of a worker silently starting without the built-ins.
 */
import { expect, it } from 'vitest';
import { loadModules } from '../../src/run/setup.js';

it('calls setup() of each setup module, and names a module without one', async () => {
  const builtins = new URL('../../src/builtins.ts', import.meta.url).href;
  await expect(loadModules([builtins], [])).resolves.toBeUndefined();
  const noSetup = new URL('../../src/run/seeds.ts', import.meta.url).href;
  await expect(loadModules([noSetup], [])).rejects.toThrow(/seeds\.ts exports no setup\(\) function.*parseSeedList/);
});
