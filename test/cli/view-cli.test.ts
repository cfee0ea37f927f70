/**
 * `faultline view` as a process: it prints the URL, serves until Ctrl-C, and then exits 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';

const BIN = join(import.meta.dirname, '../../bin/faultline.mjs');
const root = mkdtempSync(join(tmpdir(), 'faultline-view-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('serves a run until SIGINT, then exits 0', async () => {
  const dir = join(root, 'run');
  const run = await cliInProcess([
    'run',
    '--env',
    'deploy/rollout-v2',
    '--team',
    'oracle',
    '--seeds',
    '0',
    '--out',
    dir,
  ]);
  expect(run.code, run.stderr).toBe(0);
  const child = spawn(process.execPath, [BIN, 'view', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Serving .* at (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(stdout);
      if (m) resolve(m[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`view exited (${code}) before serving: ${stdout}${stderr}`)));
  });
  expect(stdout).toContain('(written: it was missing)');
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(await res.text()).toMatch(/^<!doctype html>/i);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited, stderr).toBe(0);
  await expect(fetch(url)).rejects.toThrow();
}, 60_000);
