/**
 * The queue's flags, checked before anything connects or is written: a bad URL, flags that mean
 * nothing on a queue, and a worker's own flags each get a usage error (exit 2) naming the flag.
 */
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-queue-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN = ['run', '--env', 'filesystem/rename-symbol-v1', '--team', 'oracle', '--seeds', '0'];

describe('run --queue flags', () => {
  it.each([
    [['--queue', 'localhost:6379'], /--queue: got "localhost:6379", expected a redis:\/\/ or rediss:\/\/ URL/],
    [['--queue', 'redis://:pw@h:6379/42'], /--queue: got "redis:\/\/:\*\*\*@h:6379\/42", expected a database number/],
    [['--queue', 'redis://h:6379/0', '--workers', '2'], /--workers: got 2, expected no --workers with --queue/],
    [
      ['--queue', 'redis://h:6379/0', '--concurrency', '8'],
      /--concurrency: got 8, .*faultline worker --queue URL --concurrency N/,
    ],
  ])('%j is a usage error that writes nothing', async (flags, message) => {
    const out = join(dir, `run-${flags.join('-').replace(/[^a-z0-9]/gi, '')}`);
    const result = await cliInProcess([...RUN, ...flags, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/pw@/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('worker flags', () => {
  it.each([
    [[], /required option '--queue <url>'/],
    [['--queue', 'http://h'], /--queue: .*scheme http:/],
    [
      ['--queue', 'redis://h:6379/0', '--stalled-after', '0'],
      /--stalled-after: got "0", expected whole seconds in 1\.\.3600/,
    ],
    [['--queue', 'redis://h:6379/0', '--concurrency', '0'], /--concurrency/],
    [['--queue', 'redis://h:6379/0', '--import', join(dir, 'missing.ts')], /Cannot read the module .*missing\.ts/],
    [
      ['--queue', 'redis://h:6379/0', '--team-cmd', ' '],
      /--team-cmd: got " ", expected a command line of an agent program/,
    ],
    [
      ['--queue', 'redis://h:6379/0', '--base-url', 'localhost:11434'],
      /--base-url: got "localhost:11434", expected the http\(s\) base URL of an OpenAI-compatible API/,
    ],
    [
      ['--queue', 'redis://h:6379/0', '--api-key-env', 'MY KEY'],
      /--api-key-env: got "MY KEY", expected the name of an environment variable holding an API key/,
    ],
  ])('%j is a usage error', async (flags, message) => {
    const result = await cliInProcess(['worker', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
