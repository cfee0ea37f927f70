// The second half of `npm run build`: bundles tsc's JavaScript in dist/ into the modules Node
// loads. Each thread of a command (the CLI, every worker of a run) used to load about 460 of our
// modules one file at a time; resolving, reading and compiling them was most of a command's
// start-up. The bundle keeps one file per entry below, at the path tsc gave it, and puts the code
// they share in dist/chunks/; the rest of tsc's JavaScript is deleted (its .d.ts stay), so there is
// one copy of every module and of every registry.
//
// Entries are every module loaded by its path or URL: the package's exports (what users import),
// the two modules bin/faultline.mjs imports, worker scripts (`worker.js`, started by
// core/worker-entry), and setup modules (those that define `setup`, which workers import by URL).
// Dependencies stay outside the bundle (`packages: 'external'`): a user's `zod` schemas must be
// the same `zod` as ours.
//
// `import.meta.url` is the one thing bundling changes: code moved into a chunk would otherwise
// read the chunk's URL. Each module's `import.meta.url` is therefore rewritten to the URL its file
// had (dist/ + its path), so paths computed beside a module (a worker script, a template, the
// package's own package.json) are what they were.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { filesUnder } from './dist-build.mjs';

/** The modules bin/faultline.mjs imports from dist/src/. */
const CLI_ENTRIES = ['src/cli/main.js', 'src/cli/warm-run.js'];

/** A module that defines `setup` itself (a re-export of one is not an entry). */
const DEFINES_SETUP = /^export (?:const|let|function|async function) setup\b/m;

/** Stands in for the URL of dist/ until each output file's own depth is known. */
const DIST_ROOT = '__faultlineDistRoot__';

/** Every file under `dir`, as paths relative to `dir` with `/` separators. */
function relativeFilesUnder(dir) {
  return [...filesUnder(dir)].map((path) => relative(dir, path).split(sep).join('/'));
}

/** The package's export targets under dist/ (`./dist/src/public/index.js` → `src/public/index.js`). */
function exportedModules(packageJson) {
  const out = [];
  for (const target of Object.values(packageJson.exports ?? {})) {
    const file = typeof target === 'string' ? target : target.default;
    if (typeof file === 'string' && file.startsWith('./dist/') && file.endsWith('.js')) out.push(file.slice(7));
  }
  return out;
}

/** The entries of the bundle, relative to dist/, sorted. */
export function bundleEntries(distDir, packageJson) {
  const entries = new Set([...exportedModules(packageJson), ...CLI_ENTRIES]);
  for (const file of relativeFilesUnder(distDir)) {
    if (!file.endsWith('.js')) continue;
    if (file.endsWith('/worker.js') || DEFINES_SETUP.test(readFileSync(join(distDir, file), 'utf8'))) entries.add(file);
  }
  return [...entries].sort();
}

/** Rewrites `import.meta.url` in each module of dist/ to the URL of the file it came from. */
function originalUrls(distDir) {
  return {
    name: 'original-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const inDist = !relative(distDir, args.path).startsWith('..');
        if (!inDist || !text.includes('import.meta.url')) return { contents: text, loader: 'js' };
        const path = relative(distDir, args.path).split(sep).join('/');
        const url = `new URL(${JSON.stringify(path)}, ${DIST_ROOT}).href`;
        return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
      });
    },
  };
}

/**
 * Bundles dist/ in place (see the top of this file) and returns the number of files written.
 * Throws when esbuild reports an error.
 */
export async function bundleDist(distDir, packageJson) {
  const entries = bundleEntries(distDir, packageJson);
  const result = await esbuild.build({
    entryPoints: entries.map((e) => join(distDir, e)),
    outbase: distDir,
    outdir: distDir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // No `keepNames`: it wraps every function expression in a call that sets its name, also
    // closures made on every step, which cost 5% of a run's episodes. Nothing reads a function's
    // name (errors name themselves with literals); a stack trace may show `median2` where two
    // modules both had a `median`.
    write: false,
    logLevel: 'silent',
    plugins: [originalUrls(distDir)],
  });
  const written = new Set();
  for (const file of result.outputFiles) {
    const rel = relative(distDir, file.path).split(sep).join('/');
    const depth = rel.split('/').length - 1;
    const root = `new URL(${JSON.stringify(depth === 0 ? './' : '../'.repeat(depth))}, import.meta.url)`;
    written.add(rel);
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.text.replaceAll(DIST_ROOT, root));
  }
  for (const file of relativeFilesUnder(distDir))
    if (file.endsWith('.js') && !written.has(file)) rmSync(join(distDir, file));
  return written.size;
}
