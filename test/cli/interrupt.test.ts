/**
 * The done-when of resumable runs, end to end: a run killed with SIGKILL halfway and resumed
 * equals an uninterrupted one; Ctrl-C stops cleanly and says how to resume.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sized } from '../support/sizes.js';
import { parseJson } from '../support/json.js';

const BIN = join(import.meta.dirname, '../../bin/faultline.mjs');
const dir = mkdtempSync(join(tmpdir(), 'faultline-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 2 envs x 2 teams x SEEDS episodes; a kill after 40 lands mid-run at either size.
const SEEDS = sized(20, 30);
const TOTAL = 4 * SEEDS;
const RUN = [
  'run',
  '--env',
  'filesystem/rename-symbol-v1,mock-web/research-report-v1',
  '--team',
  'oracle,brittle',
  '--perturb',
  'production',
  '--seeds',
  `0-${SEEDS - 1}`,
  '--json',
];

function lineCount(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0;
}

/** Starts a run and sends `signal` once `threshold` episodes are recorded. */
function runUntil(
  out: string,
  threshold: number,
  signal: NodeJS.Signals,
  extra: string[] = [],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...RUN, ...extra, '--out', out], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const poll = setInterval(() => {
      if (lineCount(join(out, 'episodes.jsonl')) >= threshold) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 5);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stderr });
    });
  });
}

describe('interrupted runs', () => {
  it('resume after kill -9 to exactly the uninterrupted run, with 2 workers', async () => {
    const whole = join(dir, 'whole');
    expect(spawnSync(process.execPath, [BIN, ...RUN, '--out', whole], { encoding: 'utf8' }).status).toBe(0);
    const killed = join(dir, 'killed');
    await runUntil(killed, 40, 'SIGKILL', ['--workers', '2']);
    const before = lineCount(join(killed, 'episodes.jsonl'));
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(TOTAL);
    expect(existsSync(join(killed, 'summary.json'))).toBe(false);
    const resumed = spawnSync(process.execPath, [BIN, ...RUN, '--workers', '2', '--out', killed, '--resume'], {
      encoding: 'utf8',
    });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/already recorded/);
    for (const f of ['episodes.jsonl', 'summary.json'])
      expect(readFileSync(join(killed, f), 'utf8')).toBe(readFileSync(join(whole, f), 'utf8'));
    expect(readdirSync(join(killed, 'trajectories')).sort()).toEqual(readdirSync(join(whole, 'trajectories')).sort());
  }, 60_000);

  it('stop cleanly on Ctrl-C and print the command that resumes', async () => {
    const out = join(dir, 'sigint');
    const { code, stderr } = await runUntil(out, 10, 'SIGINT');
    expect(code).toBe(130);
    expect(stderr).toMatch(new RegExp(`Interrupted: \\d+/${TOTAL} episodes recorded`));
    expect(stderr).toMatch(/Resume with: faultline run .*--out .*sigint --resume/);
    const manifest = parseJson<{ status: string; recorded: number }>(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(manifest.status).toBe('interrupted');
    expect(manifest.recorded).toBe(lineCount(join(out, 'episodes.jsonl')));
  }, 60_000);
});
