/**
 * The commands a user types, as separate processes: `faultline mock-model` serves the scripted
 * oracle model with the mixed provider faults, `faultline run --team llm` records against it, and
 * once it is stopped a replay gives the same results byte for byte. Three process starts: this
 * runs in `npm run test:full`; the same path runs in process in record-replay.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { FULL } from '../../support/sizes.js';
import { filesContaining, resultFiles } from './harness.js';

const BIN = join(import.meta.dirname, '../../../bin/faultline.mjs');
const dir = mkdtempSync(join(tmpdir(), 'faultline-e2e-mock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAKE_KEY = 'sk-fake-mock-model-31c7e0';

/** `faultline run …` as a process, with the provider variables given and no others. */
function run(args: readonly string[], vars: Readonly<Record<string, string>>) {
  const env = { ...process.env, ...vars };
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL']) if (!(name in vars)) delete env[name];
  const r = spawnSync(process.execPath, [BIN, 'run', ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('faultline mock-model and faultline run, as processes', () => {
  it('records against the mock model with mixed faults, and replays byte for byte once it stopped', async (ctx) => {
    ctx.skip(!FULL, 'starts three processes: runs in `npm run test:full`');
    const server = spawn(
      process.execPath,
      [BIN, 'mock-model', '--port', '0', '--perturb', 'production', '--faults', 'mixed'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let printed = '';
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        printed += chunk;
        const m = /Mock model: (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(printed);
        if (m) resolve(m[1]!);
      });
      server.once('exit', (code) => reject(new Error(`mock-model exited with ${code}: ${printed}`)));
    });
    const cassettes = join(dir, 'cassettes');
    const grid = ['--team', 'llm', '--model', 'm', '--env', 'deploy/rollout-v2,mock-web/research-report-v1'];
    const common = [...grid, '--seeds', '0-1', '--perturb', 'production', '--llm-cache', cassettes];
    let record;
    try {
      record = run([...common, '--concurrency', '8', '--llm-cache-mode', 'record', '--out', join(dir, 'A')], {
        OPENAI_API_KEY: FAKE_KEY,
        OPENAI_BASE_URL: url,
      });
    } finally {
      server.kill('SIGTERM');
      if (server.exitCode === null) await once(server, 'exit');
    }
    expect(record.code, record.stderr).toBe(0);
    // The progress line counts model requests and tokens.
    expect(record.stderr).toMatch(/episodes 4\/4 100\.0%.* errors 0 +requests \d+ +tokens [\d.]+k/);
    expect(server.exitCode).toBe(0);

    const replay = run(
      [...common, '--concurrency', '1', '--workers', '2', '--llm-cache-mode', 'replay', '--out', join(dir, 'B')],
      {},
    );
    expect(replay.code, replay.stderr).toBe(0);
    const a = resultFiles(join(dir, 'A'));
    const b = resultFiles(join(dir, 'B'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a) expect(b.get(file)?.equals(bytes), file).toBe(true);
    expect(filesContaining([join(dir, 'A'), join(dir, 'B'), cassettes], FAKE_KEY)).toEqual([]);
  });
});
