/**
 * `faultline serve` as a user starts it: a process that serves `/ws` and the HTTP routes, records
 * an oracle episode played to success into `--out`, and on SIGINT stops with the run directory
 * complete (`report` reads it). Bad flags are clear errors.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { cliInProcess } from '../../support/cli.js';
import { OpenEnvClient } from './client.js';
import { oracleEpisode, playOver, type EpisodeCase } from './oracle-replay.js';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
const CASE: EpisodeCase = { envId: 'pipeline/research-to-config-v1', seed: 7, perturb: 'production', view: 'single' };

beforeAll(() => loadBuiltins());

describe('faultline serve', () => {
  it('serves and records an episode for an OpenEnv client, then stops on SIGINT with the run complete', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'faultline-serve-')), 'run');
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', MAIN, 'serve', '--port', '0', '--env', CASE.envId, '--out', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    try {
      const wsUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /OpenEnv server: (ws:\/\/127\.0\.0\.1:\d+\/ws)/.exec(out);
          if (m) resolve(m[1] as string);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const health = await fetch(wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, '/health'));
      expect(await health.json()).toMatchObject({ status: 'healthy' });
      const local = await oracleEpisode(CASE);
      const client = await OpenEnvClient.connect(wsUrl);
      const played = await playOver(
        client,
        CASE,
        local.trajectory.map((s) => s.action),
      );
      expect(played.last.observation.metadata['episode']).toMatchObject({ success: true, digest: local.digest });
      expect(String((played.last.observation.metadata['record'] as { id?: unknown }).id)).toContain(
        '__openenv__s7__t0',
      );
      await client.close();
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    expect(child.exitCode).toBe(0);
    expect(out).toContain(`Recorded 1 episodes in ${dir} (complete)`);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({ status: 'complete', recorded: 1 });
    expect((await cliInProcess(['report', dir])).code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('refuses an unknown default env or a bad number, naming the flag', async () => {
    const env = await cliInProcess(['serve', '--env', 'nowhere/nothing-v1']);
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/nowhere\/nothing-v1/);
    const sessions = await cliInProcess(['serve', '--max-sessions', '0']);
    expect(sessions.code).toBe(2);
    expect(sessions.stderr).toMatch(/--max-sessions/);
    const resume = await cliInProcess(['serve', '--resume']);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/--resume.*--out DIR/s);
    const overwrite = await cliInProcess(['serve', '--overwrite']);
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toMatch(/--overwrite.*--out DIR/s);
  });
});
