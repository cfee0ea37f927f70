#!/usr/bin/env node
// `npm run build`: compiles the package into a fresh dist/ (nothing left over from an earlier
// build: a deleted source's output, a source map) and, once tsc succeeds, writes
// dist/build.json with the time the compile started, so `FAULTLINE_DIST=1` (bin/dist-build.mjs)
// can tell that no source changed since. The time is the modification time of a file written
// just before tsc starts, from the same clock as the sources' own times. Between the two, tsc's
// JavaScript is bundled into the modules Node loads (bin/bundle.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BUILD_INFO, ROOT } from './dist-build.mjs';
import { bundleDist } from './bundle.mjs';

const dist = new URL('dist/', ROOT);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const marker = new URL('build-started', dist);
writeFileSync(marker, '');
const startedAtMs = statSync(marker).mtimeMs;

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: ROOT,
  stdio: 'inherit',
});
rmSync(marker, { force: true });
if (result.status !== 0) {
  process.stderr.write(`build: tsc failed (exit ${result.status ?? result.signal}); dist/ is incomplete\n`);
  process.exit(result.status ?? 1);
}
try {
  const packageJson = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'));
  await bundleDist(fileURLToPath(dist), packageJson);
} catch (e) {
  process.stderr.write(`build: bundling dist/ failed; dist/ is incomplete\n${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
}
writeFileSync(BUILD_INFO, `${JSON.stringify({ startedAtMs }, null, 2)}\n`);
