/**
 * Files shipped at the package root (`templates/`, `examples/`), found from a module two folders
 * below it: `src/<folder>/` in a checkout, `dist/src/<folder>/` in a build, one level deeper.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The path of `relative` (from the package root) for the module at `moduleUrl` (its
 * `import.meta.url`, under `src/<folder>/`), or null when neither root holds it.
 */
export function packageFile(moduleUrl: string, relative: string): string | null {
  for (const up of ['../../', '../../../']) {
    const path = fileURLToPath(new URL(`${up}${relative}`, moduleUrl));
    if (existsSync(path)) return path;
  }
  return null;
}
