/**
 * The compiled `faultline` command, as an installed package runs it: `bin/faultline.mjs` with
 * `FAULTLINE_DIST=1` (dist/, checked against the sources), built first when dist/ is missing or
 * stale. The run benchmarks (run-e2e.ts, rss.ts) measure it rather than the TypeScript sources,
 * whose loading through tsx costs each thread start-up time and about 50 MB.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `faultline` script of this checkout. */
export const FAULTLINE_BIN: string = fileURLToPath(new URL('../bin/faultline.mjs', import.meta.url));

/** The environment that makes {@link FAULTLINE_BIN} run dist/. */
export const COMPILED: NodeJS.ProcessEnv = { FAULTLINE_DIST: '1' };

/** GNU time, which reports a child's CPU time and peak RSS (Node cannot read a finished child's). */
export const GNU_TIME = '/usr/bin/time';

/**
 * The figures GNU time wrote for its `-f` format: its last line, split at spaces (it writes a
 * failed command's exit status on a line above). A figure it did not write is NaN.
 */
export function gnuTimeFigures(text: string, count: number): number[] {
  const fields = (text.trim().split('\n').at(-1) ?? '').split(' ');
  return Array.from({ length: count }, (_, i) => Number(fields[i] ?? NaN));
}

/**
 * Makes sure `FAULTLINE_DIST=1` can run: builds (`node bin/build.mjs`, about 20 s) when dist/ is
 * missing or older than the sources.
 */
export function ensureBuilt(): void {
  // `--help`, not `--version`: the command answers `--version` alone before it checks dist/.
  const check = spawnSync(process.execPath, [FAULTLINE_BIN, '--help'], { env: { ...process.env, ...COMPILED } });
  if (check.status === 0) return;
  const build = fileURLToPath(new URL('../bin/build.mjs', import.meta.url));
  const built = spawnSync(process.execPath, [build], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0)
    throw new Error(`\`node bin/build.mjs\` failed (exit ${built.status}); the compiled command cannot be measured`);
}
