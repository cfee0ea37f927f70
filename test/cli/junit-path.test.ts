/**
 * `--junit FILE` is checked before the run: a directory, or a place where its directory cannot be
 * made, is a usage error naming `--junit` and nothing runs (it used to fail after the whole run,
 * with a stack trace, or hang under /proc); a missing directory is made.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-junit-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN = ['run', '--env', 'deploy/rollout-v2', '--team', 'oracle', '--seeds', '0'];

it('refuses a directory, or a file under /proc, before running anything', async () => {
  const out = join(dir, 'refused');
  const onDir = await cliInProcess([...RUN, '--out', out, '--junit', dir]);
  expect(onDir.code).toBe(EXIT.usage);
  expect(onDir.stderr).toContain(`--junit: got "${dir}", expected a file path, but it is a directory`);
  expect(existsSync(out)).toBe(false);

  const nowhere = await cliInProcess([...RUN, '--junit', '/proc/faultline-nowhere/junit.xml']);
  expect(nowhere.code).toBe(EXIT.usage);
  expect(nowhere.stderr).toContain('making /proc/faultline-nowhere failed (ENOENT)');
  expect(nowhere.stdout).not.toContain('episodes in');
});

it('makes the directory of a file path that does not exist yet', async () => {
  const file = join(dir, 'reports', 'ci', 'junit.xml');
  const r = await cliInProcess([...RUN, '--junit', file]);
  expect(r.code).toBe(EXIT.ok);
  expect(readFileSync(file, 'utf8')).toMatch(/^<\?xml .*<testsuites name="faultline run" tests="1"/s);
});
