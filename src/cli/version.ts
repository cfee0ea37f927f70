/**
 * The version of the installed faultline, read from its own package.json: the file is found
 * relative to this module, so it is the same in a checkout (src/cli) and in the installed
 * package (dist/src/cli), whatever the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package.json nearest above `fromDir` whose name is `faultline`, or null. */
function packageJsonAbove(fromDir: string): string | null {
  let dir = fromDir;
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
      if (name === 'faultline') return file;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** faultline's version (`0.1.0`), from the package.json this module was shipped with. */
export function packageVersion(): string {
  return versionAbove(dirname(fileURLToPath(import.meta.url)));
}

/**
 * The version in the nearest package.json above `dir` named `faultline` — skipping any other
 * package.json on the way (a user's project around node_modules, a `{"type": "module"}` marker).
 */
export function versionAbove(dir: string): string {
  const file = packageJsonAbove(dir);
  if (file === null) throw new Error(`faultline: no package.json named "faultline" above ${dir}`);
  const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error(`faultline: ${file} has no version`);
  return version;
}
