/**
 * Packing faultline as `npm publish` would, without touching the checkout's dist/: the working
 * tree (edits included) is copied to a temporary folder beside a link to the checkout's
 * node_modules, and `npm pack` runs there (its `prepack` script builds dist/ first). Other full
 * tests build and run the checkout's own dist/ at the same time; a build here would delete it
 * under them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The checkout. */
export const ROOT: string = fileURLToPath(new URL('../..', import.meta.url));

/** Top-level entries of the checkout that a copy leaves out: installed, built, recorded, history. */
const NOT_COPIED = new Set(['node_modules', 'dist', 'runs', 'coverage', '.git']);

/** What a command printed and how it ended. */
export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `command args` in `cwd` (no shell), with `env` added to the environment and neither
 * NODE_OPTIONS nor FAULTLINE_DIST inherited. `expectStatus` (0 unless given, `null` for any) fails
 * the test with the command and everything it printed.
 */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  options: { env?: Record<string, string>; expectStatus?: number | null } = {},
): Ran {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', ...options.env };
  if (options.env?.['FAULTLINE_DIST'] === undefined) delete env['FAULTLINE_DIST'];
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
  const ran = { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  const expected = options.expectStatus === undefined ? 0 : options.expectStatus;
  if (expected !== null) {
    const printed = `$ ${command} ${args.join(' ')}  (in ${cwd})\n${ran.stdout}\n${ran.stderr}${result.error ? `\n${String(result.error)}` : ''}`;
    expect(ran.status, printed).toBe(expected);
  }
  return ran;
}

/** A copy of the checkout in `dir` (edits included, node_modules linked), ready to build. */
export function copyCheckout(dir: string): string {
  const copy = join(dir, 'faultline');
  mkdirSync(copy);
  for (const entry of readdirSync(ROOT)) {
    if (!NOT_COPIED.has(entry)) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(copy, 'node_modules'), 'dir');
  return copy;
}

/** Runs `npm pack` in `copy` (which builds it) and returns the tarball's path, in `dir`. */
export function pack(copy: string, dir: string): string {
  mkdirSync(dir, { recursive: true }); // npm pack writes into the folder but does not create it
  run('npm', ['pack', '--pack-destination', dir], copy);
  const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  expect(tarballs, `npm pack wrote ${tarballs.length} tarballs in ${dir}`).toHaveLength(1);
  return join(dir, tarballs[0] as string);
}
