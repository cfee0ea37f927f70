/**
 * `faultline run --workers 2` with agent programs that hang, stopped at once by two Ctrl-Cs:
 * the programs, what they started and their prompt directories are gone with it, though they ran from worker threads
 * (whose own exit handlers never run when the process exits).
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FULL } from '../../support/sizes.js';
import { agentCommand } from './support.js';

const BIN = join(import.meta.dirname, '../../../bin/faultline.mjs');

/** The command lines of live processes that contain `tag`. */
function tagged(tag: string): string[] {
  return execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(tag) && !line.trim().startsWith('Z'));
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe('a run of agent programs stopped at once', () => {
  it('leaves no program or child of one running', async (ctx) => {
    ctx.skip(!FULL, 'starts faultline with two workers and four programs: runs in `npm run test:full`');
    const tag = `faultline-interrupt-test-${process.pid}`;
    const run = spawn(
      process.execPath,
      [
        BIN,
        'run',
        '--env',
        'filesystem/rename-symbol-v1',
        '--seeds',
        '0-3',
        '--workers',
        '2',
        '--team-cmd',
        agentCommand(`--misbehave hang --tag ${tag}`),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    run.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // Two programs (one per worker), each with a child of its own.
    expect(await until(() => tagged(tag).length >= 4, 60_000), stderr).toBe(true);
    const promptDirs = tagged(tag).flatMap((line) => /--prompt (\S+)\/prompt-\d+\.md/.exec(line)?.[1] ?? []);
    expect(promptDirs.length).toBeGreaterThanOrEqual(2);
    run.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.kill('SIGINT');
    await once(run, 'exit');
    expect(run.exitCode).toBe(130);
    expect(await until(() => tagged(tag).length === 0, 5_000)).toBe(true);
    // Their private prompt directories are gone too.
    expect(promptDirs.filter((d) => existsSync(d))).toEqual([]);
  });
});
