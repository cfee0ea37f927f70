/**
 * The bench's run directories (benchmarks/run-dirs.ts): deleted at once by default; once kept,
 * emptied when a measurement is done with them and deleted when the process ends, normally or by
 * a signal. No timing is asserted beyond the probe giving a number.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { benchRunDir, doneWithRunDir, fileCreationUs } from '../../benchmarks/run-dirs.js';
import { SLOW_FILE_CREATION_US, formatFileCreation } from '../../benchmarks/readme-table.js';
import { FULL } from '../support/sizes.js';

const RUN_DIRS = fileURLToPath(new URL('../../benchmarks/run-dirs.ts', import.meta.url));

/** Writes a run's files as a measurement would: a file at the top and one a level down. */
function writeRun(dir: string): void {
  const top = join(dir, 'episodes.jsonl');
  const nested = join(dir, 'trajectories', 'e1.jsonl');
  mkdirSync(dirname(nested));
  writeFileSync(top, 'a line\n');
  writeFileSync(nested, 'x'.repeat(10_000));
}

describe('run directories, not kept', () => {
  it('makes a new directory in the temp directory and deletes it when the measurement is done', () => {
    const dir = benchRunDir('faultline-run-dirs-test-');
    expect(dirname(dir)).toBe(tmpdir());
    writeRun(dir);
    doneWithRunDir(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('probes file creation with a positive figure and leaves nothing behind', () => {
    const probes = () => readdirSync(tmpdir()).filter((name) => name.startsWith('faultline-create-probe-'));
    const before = probes();
    const us = fileCreationUs(20);
    expect(Number.isFinite(us)).toBe(true);
    expect(us).toBeGreaterThan(0);
    expect(probes()).toEqual(before);
  });
});

/** Runs `script` (TypeScript, importing run-dirs.ts as `RUN_DIRS`) in a child process; its output and exit. */
function child(script: string, signal?: NodeJS.Signals): Promise<{ stdout: string; code: number | null }> {
  const source = `import { benchRunDir, doneWithRunDir, keepRunDirsUntilExit } from ${JSON.stringify(RUN_DIRS)};\n${script}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // The child prints its state and then waits: that is when the signal is sent.
      if (signal && stdout.includes('\n')) proc.kill(signal);
    });
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ stdout, code }));
  });
}

const KEEP_AND_WRITE = `
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const root = keepRunDirsUntilExit();
const again = keepRunDirsUntilExit();
const dir = benchRunDir('run-');
mkdirSync(join(dir, 'trajectories'));
writeFileSync(join(dir, 'episodes.jsonl'), 'a line\\n');
writeFileSync(join(dir, 'trajectories', 'e1.jsonl'), 'x'.repeat(10000));
doneWithRunDir(dir);
const sizes = [statSync(join(dir, 'episodes.jsonl')).size, statSync(join(dir, 'trajectories', 'e1.jsonl')).size];
process.stdout.write(JSON.stringify({ root, again, dir, sizes }) + '\\n');
`;

describe('run directories, kept until the exit', () => {
  it('empties a finished run’s files, keeps them, and deletes everything when the process exits', async (ctx) => {
    ctx.skip(!FULL, 'starts a process that loads the module through tsx: runs in `npm run test:full`');
    const { stdout, code } = await child(KEEP_AND_WRITE);
    expect(code).toBe(0);
    const state = JSON.parse(stdout) as { root: string; again: string; dir: string; sizes: number[] };
    expect(state.again).toBe(state.root);
    expect(dirname(state.dir)).toBe(state.root);
    expect(state.sizes).toEqual([0, 0]);
    expect(existsSync(state.root)).toBe(false);
  });

  it('deletes everything when the process is ended by SIGTERM, and exits as a terminated process does', async (ctx) => {
    ctx.skip(!FULL, 'starts a process that loads the module through tsx: runs in `npm run test:full`');
    const { stdout, code } = await child(`${KEEP_AND_WRITE}\nsetInterval(() => undefined, 1000);`, 'SIGTERM');
    const state = JSON.parse(stdout) as { root: string };
    expect(code).toBe(143);
    expect(existsSync(state.root)).toBe(false);
  });
});

describe('the README line on file creation', () => {
  it('gives both figures, and warns only when creating a file was slow at the start', () => {
    const quiet = formatFileCreation({ startUs: 31.2, endUs: 40 });
    expect(quiet).toBe(
      "Creating an empty file in the bench's run directory took 31.2 µs at the start of the run and 40 µs at its end (median of 200; benchmarks/run-dirs.ts).",
    );
    const slow = formatFileCreation({ startUs: SLOW_FILE_CREATION_US + 1, endUs: 40 });
    expect(slow).toContain(`**Above ${SLOW_FILE_CREATION_US} µs at the start`);
    expect(formatFileCreation({ startUs: 40, endUs: 900 })).not.toContain('**');
  });
});
