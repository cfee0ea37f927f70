// Whether dist/ is a complete build of the sources as they are now, for `FAULTLINE_DIST=1`
// in a checkout (see bin/faultline.mjs). bin/build.mjs writes dist/build.json when tsc has
// succeeded, with the time the compile started; the build is current when no file it compiles
// (the `include` of tsconfig.build.json) and neither tsconfig was modified since.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (a file URL ending in `/`). */
export const ROOT = new URL('../', import.meta.url);

/** What bin/build.mjs writes when a build succeeds: `{ "startedAtMs": number }`. */
export const BUILD_INFO = new URL('dist/build.json', ROOT);

const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

/** The folders tsc compiles: tsconfig.build.json's `include` (its `//` comment lines dropped). */
function compiledFolders(root) {
  const text = readFileSync(join(root, 'tsconfig.build.json'), 'utf8');
  const json = text
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
  return JSON.parse(json).include;
}

/** Every file under `dir`, recursively (paths joined to `dir`). */
export function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/**
 * Why dist/ cannot stand for the sources now, in a sentence; `null` when it can: a successful
 * build that started after the last change of every compiled file and of both tsconfigs.
 */
export function staleReason() {
  const root = fileURLToPath(ROOT);
  if (!existsSync(BUILD_INFO))
    return 'dist/ holds no complete build (dist/build.json is missing: the build did not run, failed or is running)';
  const { startedAtMs } = JSON.parse(readFileSync(BUILD_INFO, 'utf8'));
  const paths = [...CONFIGS.map((c) => join(root, c))];
  for (const folder of compiledFolders(root)) paths.push(...filesUnder(join(root, folder)));
  // A file modified at the very millisecond the build started may or may not be in it: stale.
  const newer = paths.find((path) => statSync(path).mtimeMs >= startedAtMs);
  if (newer === undefined) return null;
  const changed = new Date(statSync(newer).mtimeMs).toISOString();
  const built = new Date(startedAtMs).toISOString();
  return `${relative(root, newer)} changed at ${changed}, after the build of ${built}`;
}
