/**
 * TypeScript modules named with `--import` (or as setup modules). An installed faultline runs
 * compiled JavaScript, and Node 20 cannot import `.ts` on its own (`ERR_UNKNOWN_FILE_EXTENSION`),
 * so before the first TypeScript module is imported the loader of tsx — a dependency of this
 * package, resolved from here, so it works whatever the user's project installs — is registered
 * on the thread. Each worker thread runs the same module loading, so it registers its own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaultlineError } from '../core/errors.js';

/** File extensions that need the TypeScript loader. */
const TYPESCRIPT = /\.(?:ts|mts|cts|tsx)$/i;

/** Whether a module URL (or path) names a TypeScript file; a query or fragment is ignored. */
export function isTypeScriptModule(url: string): boolean {
  return TYPESCRIPT.test(url.replace(/[?#].*$/s, ''));
}

/**
 * Whether this thread already imports TypeScript: this very file was loaded as TypeScript (a
 * checkout, the tests), so a loader is in place and registering a second one would run every
 * module through two.
 */
function loaderInPlace(): boolean {
  return isTypeScriptModule(import.meta.url);
}

let registration: Promise<void> | null = null;

/**
 * Makes `url` importable on this thread: registers tsx's ESM loader (once per thread) when `url`
 * is a TypeScript module and no TypeScript loader is in place; does nothing otherwise.
 */
export async function prepareImport(url: string): Promise<void> {
  if (!isTypeScriptModule(url) || loaderInPlace()) return;
  assertEsmScope(url);
  registration ??= import('tsx/esm/api').then(
    (api) => {
      api.register();
    },
    (error: unknown) => {
      registration = null;
      const message = error instanceof Error ? error.message : String(error);
      throw new FaultlineError(
        `Cannot import the TypeScript module ${url}: the TypeScript loader (the tsx package, a dependency of faultline) could not be loaded: ${message.split('\n')[0]}. Reinstall faultline (\`npm install faultline\`), or compile the module to JavaScript and pass the .js file.`,
      );
    },
  );
  await registration;
}

/**
 * faultline is an ES module package, so a module that imports it must be an ES module too. A
 * `.ts` file is one only in a package whose package.json says `"type": "module"`; elsewhere it is
 * compiled to CommonJS and fails deep in the loader (`ERR_PACKAGE_PATH_NOT_EXPORTED`, a
 * require cycle), so this says so first, with the fix.
 */
function assertEsmScope(url: string): void {
  if (!url.startsWith('file:') || !/\.tsx?$/i.test(url.replace(/[?#].*$/s, ''))) return;
  const file = fileURLToPath(url.replace(/[?#].*$/s, ''));
  const scope = packageScope(dirname(file));
  if (scope?.type === 'module') return;
  const where = scope ? `${scope.path} has no "type": "module"` : 'no package.json above it says "type": "module"';
  throw new FaultlineError(
    `Cannot import the TypeScript module ${file}: it would load as CommonJS (${where}), and faultline is an ES module package. Add "type": "module" to the package.json of your project, or rename the file to .mts.`,
  );
}

/** The nearest package.json at or above `dir`, and its `type`. */
function packageScope(dir: string): { path: string; type: unknown } | null {
  for (let at = dir; ; at = dirname(at)) {
    const path = join(at, 'package.json');
    if (existsSync(path)) {
      try {
        return { path, type: (JSON.parse(readFileSync(path, 'utf8')) as { type?: unknown }).type };
      } catch {
        return { path, type: undefined };
      }
    }
    if (dirname(at) === at) return null;
  }
}
