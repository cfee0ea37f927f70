/**
 * Blame on an LLM team: a model (the scripted server) that answers with the `own-mistake` team's
 * actions — the oracle's, but one wrong value once — is recorded into cassettes; blame then
 * replays the recorded answers wherever the conversation is unchanged. Offline, a correction
 * that changes the conversation is reported as unknown (no recorded answer), never as a flip or
 * a hold; with the model reachable and `--llm-cache-mode auto`, the model is asked again and the
 * decisive step is found.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oracleReplayResponder, startScriptedModelServer } from '../../../src/testing/index.js';
import { oneDefectTeam, whereDefectActs } from '../../../src/run/blame/validity-teams.js';
import type { BlameReport } from '../../../src/run/blame/run-blame.js';
import { loadBuiltins } from '../../../src/builtins.js';
import { runCli } from './harness.js';

const ENV = 'filesystem/rename-symbol-v1';
const FAKE_KEY = 'sk-fake-blame-3b1e';
const dir = mkdtempSync(join(tmpdir(), 'faultline-blame-llm-'));
const cassettes = join(dir, 'cassettes');
const out = join(dir, 'run');
let server: Awaited<ReturnType<typeof startScriptedModelServer>>;

beforeAll(async () => {
  loadBuiltins();
  server = await startScriptedModelServer({ respond: oracleReplayResponder({ team: oneDefectTeam('own-mistake') }) });
  const run = await runCli(
    [
      'run',
      '--team',
      'llm',
      '--model',
      'm',
      '--env',
      ENV,
      '--seeds',
      '0-2',
      '--base-url',
      server.url,
      '--llm-cache',
      cassettes,
      '--out',
      out,
    ],
    { OPENAI_API_KEY: FAKE_KEY },
  );
  expect(run.stderr).toContain('episodes 3/3');
}, 120_000);

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Where the own-mistake team's defect acts on a seed. */
const defectAt = (seed: number) => whereDefectActs('own-mistake', { envId: ENV, seed });

describe('faultline blame on an LLM team', () => {
  it('offline, replays the recorded answers and reports a changed conversation as unknown', async () => {
    const blamed = await runCli(
      ['blame', out, '--model', 'm', '--llm-cache', cassettes, '--json', '--workers', '2'],
      {},
    );
    expect(blamed.stderr).toBe('');
    const report = JSON.parse(blamed.stdout) as BlameReport;
    expect(report.failed).toBeGreaterThan(0);
    for (const e of report.episodes) {
      const seed = Number(/__s(\d+)__/.exec(e.episode)?.[1]);
      const defect = await defectAt(seed);
      expect(defect).not.toBeNull();
      expect(e.reproduced).toBe(true);
      // Every action before the defect was the reference's own; the correction at the defect changes the conversation.
      expect(e.step).toBeNull();
      expect(e.unknownSteps[0]).toBe(defect?.step);
    }
    const text = await runCli(['blame', out, '--model', 'm', '--llm-cache', cassettes], {});
    expect(text.stdout).toContain('could not be judged');
  }, 120_000);

  it('with the model reachable, asks it again where the conversation changed and finds the decisive step', async () => {
    const blamed = await runCli(
      [
        'blame',
        out,
        '--model',
        'm',
        '--base-url',
        server.url,
        '--llm-cache',
        cassettes,
        '--llm-cache-mode',
        'auto',
        '--json',
        '--concurrency',
        '4',
      ],
      { OPENAI_API_KEY: FAKE_KEY },
    );
    expect(blamed.stderr).toBe('');
    const report = JSON.parse(blamed.stdout) as BlameReport;
    for (const e of report.episodes) {
      const defect = await defectAt(Number(/__s(\d+)__/.exec(e.episode)?.[1]));
      expect({ role: e.role, step: e.step }).toEqual(defect);
      expect(e.unknownSteps).toEqual([]);
    }
  }, 120_000);
});
