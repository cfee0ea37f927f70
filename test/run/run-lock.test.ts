/**
 * One writer per run directory: a second writer is refused while the first lives — in this
 * process or another — and gets the directory once the first has released it, exited or been
 * killed; a lock from another host is refused, never guessed at. The runner, merge and the
 * servers' run directories hold it while they write and leave nothing behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_LOCK_FILE, RunLock, clearStaleLock, readLock, readOwner, type FoundLock } from '../../src/run/run-lock.js';
import { loadBuiltins } from '../../src/builtins.js';
import { runEvaluation } from '../../src/run/runner.js';
import { HostedRun } from '../../src/serve/hosted-run.js';
import { FaultlineError } from '../../src/core/errors.js';

const RUN_LOCK = join(import.meta.dirname, '../../src/run/run-lock.ts');
const ENV = 'deploy/rollout-v2';
let root: string;
beforeAll(() => {
  loadBuiltins();
  root = mkdtempSync(join(tmpdir(), 'faultline-lock-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fresh = (name: string) => join(root, name);
const lockOf = (dir: string) => join(dir, RUN_LOCK_FILE);

/** A child process that takes the lock of `dir` as `command`, says so, then waits (or exits, with `exit`). */
function childHolding(dir: string, command: string, exit = false): Promise<{ proc: ChildProcess; said: string }> {
  const source = `import { RunLock } from ${JSON.stringify(RUN_LOCK)};
RunLock.acquire(${JSON.stringify(dir)}, ${JSON.stringify(command)});
process.stdout.write('held\\n');
${exit ? 'process.exit(0);' : 'setInterval(() => undefined, 1000);'}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let said = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('\n')) resolve({ proc, said });
    });
    proc.on('error', reject);
    proc.on('exit', () => resolve({ proc, said }));
  });
}

const exited = (proc: ChildProcess) =>
  new Promise<void>((resolve) =>
    proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.on('exit', () => resolve()),
  );

function refusedBy(take: () => unknown): string {
  try {
    take();
  } catch (e) {
    expect(e).toBeInstanceOf(FaultlineError);
    return (e as Error).message;
  }
  throw new Error('expected the lock to be refused');
}

describe('RunLock', () => {
  it('refuses a second writer in this process until the first releases', () => {
    const dir = fresh('same-process');
    const first = RunLock.acquire(dir, 'faultline run');
    const message = refusedBy(() => RunLock.acquire(dir, 'faultline merge'));
    expect(message).toContain(`${dir} is in use by faultline run (process ${process.pid}, since `);
    expect(message).toContain(lockOf(dir));
    // However the directory is spelled: relative to the working directory, or through a link.
    symlinkSync(dir, `${dir}-link`);
    expect(refusedBy(() => RunLock.acquire(`${dir}-link`, 'faultline merge'))).toContain('is in use by faultline run');
    expect(refusedBy(() => RunLock.acquire(relative(process.cwd(), dir), 'faultline merge'))).toContain(
      'is in use by faultline run',
    );
    first.release();
    first.release(); // twice is harmless
    expect(existsSync(lockOf(dir))).toBe(false);
    RunLock.acquire(dir, 'faultline merge').release();
    // Nothing but the lock was ever written there (its draft is removed).
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses while another process holds it, and takes it over once that process is killed', async () => {
    const dir = fresh('other-process');
    const { proc, said } = await childHolding(dir, 'faultline serve');
    expect(said).toBe('held\n');
    try {
      expect(refusedBy(() => RunLock.acquire(dir, 'faultline run'))).toContain(
        `is in use by faultline serve (process ${proc.pid}, since `,
      );
    } finally {
      proc.kill('SIGKILL');
      await exited(proc);
    }
    // kill -9 left the lock file: its process is gone, so it is stale.
    expect(readOwner(lockOf(dir))?.pid).toBe(proc.pid);
    const taken = RunLock.acquire(dir, 'faultline run');
    expect(readOwner(lockOf(dir))).toMatchObject({ pid: process.pid, command: 'faultline run' });
    taken.release();
  }, 30_000);

  it('is released when its process exits without releasing it', async () => {
    const dir = fresh('exit');
    const { proc, said } = await childHolding(dir, 'faultline run', true);
    await exited(proc);
    expect(said).toBe('held\n');
    expect(proc.exitCode).toBe(0);
    expect(existsSync(lockOf(dir))).toBe(false);
  }, 30_000);

  it('refuses a lock of another host, whose process cannot be looked up, and says which file to delete', () => {
    const dir = fresh('other-host');
    mkdirSync(dir);
    const pid = spawnSync(process.execPath, ['-e', '']).pid; // ended: would be stale here
    const owner = {
      pid,
      threadId: 0,
      host: `${hostname()}-elsewhere`,
      command: 'faultline run',
      since: '2026-12-07T10:00:00.000Z',
    };
    writeFileSync(lockOf(dir), JSON.stringify(owner));
    const message = refusedBy(() => RunLock.acquire(dir, 'faultline run'));
    expect(message).toContain(`(process ${pid} on ${owner.host}, since 2026-12-07T10:00:00.000Z)`);
    expect(message).toContain(`delete ${lockOf(dir)}`);
  });

  it('takes over a stale lock: an ended process, an earlier process of this pid, or content that is no lock', () => {
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = [
      JSON.stringify({ pid: ended, threadId: 0, host: hostname(), command: 'faultline run', since: 'x' }),
      // A container's first process has the pid its predecessor had: not held by this thread, so stale.
      JSON.stringify({ pid: process.pid, threadId: 0, host: hostname(), command: 'faultline run', since: 'x' }),
      'not json',
      '',
    ];
    for (const [i, content] of stale.entries()) {
      const dir = fresh(`stale-${i}`);
      mkdirSync(dir);
      writeFileSync(lockOf(dir), content);
      const lock = RunLock.acquire(dir, 'faultline run');
      expect(readOwner(lockOf(dir))?.command).toBe('faultline run');
      lock.release();
      expect(existsSync(lockOf(dir))).toBe(false);
    }
  });

  it('clearing a stale lock removes only that file, never a fresh lock another writer made meanwhile', () => {
    const dir = fresh('clear-stale');
    mkdirSync(dir);
    const file = lockOf(dir);
    const staleText = JSON.stringify({ pid: 1, threadId: 0, host: hostname(), command: 'faultline run', since: 'x' });
    writeFileSync(file, staleText);
    const stale = readLock(file);
    expect(stale).toMatchObject({ text: staleText, owner: { pid: 1 } });
    expect(clearStaleLock(file, stale as FoundLock)).toBe(true);
    expect(existsSync(file)).toBe(false);

    // Another writer cleared the stale lock judged here and linked its own (the file system may
    // give it the freed inode): it stays, as it was.
    writeFileSync(file, staleText);
    const judged = readLock(file) as FoundLock;
    rmSync(file);
    const other = RunLock.acquire(dir, 'faultline serve');
    const text = readFileSync(file, 'utf8');
    expect(clearStaleLock(file, judged)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual([RUN_LOCK_FILE]);
    // The lock is intact: the next writer is refused, naming its holder.
    expect(() => RunLock.acquire(dir, 'faultline run')).toThrow(/in use by faultline serve/);
    other.release();

    // Nothing to clear: someone removed it first.
    expect(clearStaleLock(file, judged)).toBe(false);
    expect(readLock(file)).toBeNull();
  });

  it('leaves a lock another writer has taken since in place when released', () => {
    const dir = fresh('taken-since');
    const lock = RunLock.acquire(dir, 'faultline run');
    const other = { pid: process.pid + 1, threadId: 0, host: hostname(), command: 'faultline serve', since: 'later' };
    writeFileSync(lockOf(dir), JSON.stringify(other));
    lock.release();
    expect(JSON.parse(readFileSync(lockOf(dir), 'utf8'))).toEqual(other);
  });
});

describe('writers of a run directory', () => {
  it('a run is refused while another process holds its --out, writes nothing, and leaves no lock when done', async () => {
    const dir = fresh('run');
    await runEvaluation({ envs: [ENV], teams: ['oracle'], seeds: [0], out: dir });
    expect(existsSync(lockOf(dir))).toBe(false);
    const before = readFileSync(join(dir, 'episodes.jsonl'), 'utf8');

    const { proc } = await childHolding(dir, 'faultline serve');
    try {
      await expect(
        runEvaluation({ envs: [ENV], teams: ['oracle'], seeds: [0], out: dir, resume: true }),
      ).rejects.toThrow(/is in use by faultline serve/);
      expect(readFileSync(join(dir, 'episodes.jsonl'), 'utf8')).toBe(before);
    } finally {
      proc.kill('SIGKILL');
      await exited(proc);
    }
    // A run that fails after taking the lock (here: a resume of another command) releases it.
    await expect(runEvaluation({ envs: [ENV], teams: ['noop'], seeds: [0], out: dir, resume: true })).rejects.toThrow(
      /differs from the recorded run/,
    );
    expect(existsSync(lockOf(dir))).toBe(false);
    const resumed = await runEvaluation({ envs: [ENV], teams: ['oracle'], seeds: [0], out: dir, resume: true });
    expect(resumed.records).toHaveLength(1);
    expect(existsSync(lockOf(dir))).toBe(false);
  }, 30_000);

  it('a server holds its run directory from open to close, against a run with --overwrite too', async () => {
    const dir = fresh('hosted');
    const options = { maxActionBytes: 262_144, holder: 'faultline serve' };
    const run = HostedRun.open(dir, options);
    expect(refusedBy(() => HostedRun.open(dir, { ...options, resume: true }))).toContain(
      'is in use by faultline serve',
    );
    await expect(
      runEvaluation({ envs: [ENV], teams: ['oracle'], seeds: [0], out: dir, overwrite: true }),
    ).rejects.toThrow(/is in use by faultline serve/);
    expect(run.recorded).toEqual([]);
    run.close();
    expect(existsSync(lockOf(dir))).toBe(false);
    HostedRun.open(dir, { ...options, resume: true }).close();
  });
});
