/**
 * The CLI path every framework adapter is tested on: `faultline run --import MODULE --team ID`
 * over the filesystem world, seeds 0-1 under `production`, on two workers — spawned
 * asynchronously, so that a scripted model server in the test's process can answer the run.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson } from '../support/json.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/faultline.mjs');

/** What the run printed and how it exited. */
export interface ImportedTeamRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs team `team`, registered by `module`, into `out` (with a report when asked). */
export function runImportedTeam(
  module: string,
  team: string,
  out: string,
  options: { readonly report?: boolean; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<ImportedTeamRun> {
  const args = [
    BIN,
    'run',
    '--import',
    module,
    '--team',
    team,
    '--env',
    'filesystem/rename-symbol-v1',
    '--seeds',
    '0-1',
    '--perturb',
    'production',
    '--workers',
    '2',
    '--out',
    out,
    ...(options.report ? ['--report'] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every line of a recorded trajectory file, parsed (the header and closing lines included). */
export function trajectoryLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => parseJson<T>(l));
}
