#!/usr/bin/env node
// The `faultline` command. An installed package runs the compiled dist/. In a checkout (src/
// present) it runs the TypeScript sources through tsx, so it never runs stale output; with
// FAULTLINE_DIST=1 it runs dist/ instead (about half the start-up CPU of each process and worker),
// after checking that `npm run build` compiled the sources as they are now. Running dist/ is
// opt-in because a checkout's `--import` modules may import ../src/ by path (the test fixtures
// do), which would load a second copy of the registries beside dist/'s.
import { existsSync, readFileSync } from 'node:fs';

// `faultline --version` alone is answered from package.json before anything else loads: the
// command's modules (or the sources through tsx) take half a second or more, for one line.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
  process.exit(0);
}

const source = new URL('../src/cli/main.ts', import.meta.url);
const built = new URL('../dist/src/cli/main.js', import.meta.url);

/** Whether FAULTLINE_DIST asks for dist/; any value but the two documented ones is refused. */
function wantsDist() {
  const value = process.env.FAULTLINE_DIST;
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  process.stderr.write(
    `faultline: FAULTLINE_DIST=${JSON.stringify(value)} is not understood: expected 1 (run the compiled dist/ of this checkout) or 0 / unset (run the TypeScript sources).\n`,
  );
  process.exit(2);
}

let entry = built;
if (existsSync(source)) {
  if (wantsDist()) {
    const { staleReason } = await import('./dist-build.mjs');
    const stale = staleReason();
    if (stale !== null) {
      process.stderr.write(
        `faultline: FAULTLINE_DIST=1 runs the compiled dist/, but it is out of date: ${stale}. Run \`npm run build\`, or unset FAULTLINE_DIST to run the sources.\n`,
      );
      process.exit(2);
    }
  } else {
    const { register: registerHooks } = await import('node:module');
    registerHooks('./source-condition.mjs', import.meta.url);
    const { register } = await import('tsx/esm/api');
    register();
    entry = source;
  }
}
// A run on worker threads starts them now, so they load their modules while this thread loads the
// command's (src/cli/warm-run.ts).
const warm = new URL(entry === source ? '../src/cli/warm-run.ts' : '../dist/src/cli/warm-run.js', import.meta.url);
(await import(warm.href)).warmRunWorkers(process.argv);
const { main } = await import(entry.href);
await main(process.argv);
