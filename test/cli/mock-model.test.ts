/**
 * `faultline mock-model` as a user starts it: a process serving a scripted OpenAI-compatible model
 * that answers an episode's request at step S with the tool call of the replayed team's action
 * at step S, and stops on SIGTERM. Bad flags are clear errors.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { runEpisode } from '../../src/team/episode.js';
import { oracleTeam } from '../../agents/oracle.js';
import { actionToToolCall } from '../../src/llm/tool-calls.js';
import { parseAction } from '../../src/team/actions.js';
import { cliInProcess } from '../support/cli.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const ENV = 'flaky-api/migrate-records-v1';

describe('faultline mock-model', () => {
  it("serves the oracle's action for the step a request names, then stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', MAIN, 'mock-model', '--port', '0', '--perturb', 'production'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Mock model: (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
          if (m) resolve(m[1] as string);
        });
        child.on('exit', (code) => reject(new Error(`mock-model exited with ${code}: ${out}`)));
      });
      const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: 3, perturb: 'production' });
      const client = new OpenAI({ baseURL: url, apiKey: 'unused', maxRetries: 0 });
      for (const step of [0, 5]) {
        const reply = await client.chat.completions.create(
          { model: 'mock', messages: [{ role: 'user', content: 'go' }] },
          {
            headers: {
              'x-faultline-episode': 'flaky-api.migrate-records-v1__llm__s3__t0',
              'x-faultline-step': String(step),
              'x-faultline-call': String(step + 1),
            },
          },
        );
        const parsed = parseAction(oracle.trajectory[step]?.action);
        if (!parsed.ok) throw new Error(parsed.problem.message);
        const expected = actionToToolCall(parsed.action);
        const call = reply.choices[0]?.message.tool_calls?.[0];
        expect(call?.type === 'function' ? call.function.name : undefined).toBe(expected.name);
        expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).toEqual(expected.args);
      }
      const bad = await client.chat.completions
        .create(
          { model: 'mock', messages: [{ role: 'user', content: 'go' }] },
          { headers: { 'x-faultline-episode': 'nope', 'x-faultline-step': '0' } },
        )
        .catch((e: unknown) => e);
      expect(String(bad)).toMatch(/not an episode id/);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    expect(child.exitCode === 0 || child.signalCode === 'SIGTERM').toBe(true);
  }, 60_000);

  it('refuses an unknown fault preset or replayed team, naming the flag', async () => {
    const faults = await cliInProcess(['mock-model', '--faults', 'lots']);
    expect(faults.code).toBe(2);
    expect(faults.stderr).toMatch(/--faults.*"lots".*none, mixed/s);
    const replay = await cliInProcess(['mock-model', '--replay', 'nobody']);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toMatch(/--replay.*"nobody".*lossy-handoff/s);
  });
});
