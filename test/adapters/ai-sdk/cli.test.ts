/**
 * An AI SDK team registered by a module runs through the CLI as users run it:
 * `faultline run --import <module> --team ai-sdk-cli … --workers 2 --report`, each worker thread
 * importing the module. Its models are a real AI SDK provider (`@ai-sdk/openai-compatible`) over
 * HTTP, answered by the scripted model server, which reads each request's conversation and replies
 * with the oracle's next tool call for that episode and role. The run completes, each episode
 * takes the oracle's path (its digest), its trajectory shows the team's handoffs as env handoffs
 * with the model calls behind every step, costs are priced, and the report is written.
 * (FULL_ONLY: a child process and two worker threads.)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import {
  startScriptedModelServer,
  textReply,
  toolCallsReply,
  type ScriptedModelServer,
} from '../../../src/testing/index.js';
import type { RunManifest } from '../../../src/run/manifest.js';
import type { RunSummary } from '../../../src/run/summary.js';
import { readRecordedEpisodes } from '../../../src/run/recorder.js';
import { runEpisode, type TrajectoryStep } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { parseJson } from '../../support/json.js';
import { runImportedTeam, trajectoryLines } from '../imported-team-run.js';
import { nextCall, oracleScript, type OracleScript } from './prompt-oracle.js';

loadBuiltins();

const MODULE = join(import.meta.dirname, 'cli-team.ts');
const ENV = 'filesystem/rename-symbol-v1';
const KEY = 'sk-ai-sdk-test';

let dir: string;
let server: ScriptedModelServer;
let script: OracleScript;
let digests: Map<number, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-ai-sdk-cli-'));
  script = await oracleScript(ENV, [0, 1], 'production');
  digests = new Map();
  for (const seed of [0, 1])
    digests.set(seed, (await runEpisode({ env: ENV, team: oracleTeam, seed, perturb: 'production' })).digest);
  server = await startScriptedModelServer({
    apiKey: KEY,
    models: ['scripted-planner', 'scripted-executor', 'scripted-reviewer'],
    respond: ({ body }) => {
      const messages = body.messages as readonly ChatMessage[];
      const made = messages.reduce((n, m) => n + (m.role === 'assistant' ? (m.tool_calls?.length ?? 0) : 0), 0);
      const call = nextCall(script, textOf(messages.find((m) => m.role === 'user')), made);
      return call
        ? toolCallsReply([{ name: call.name, arguments: call.args }])
        : textReply('Nothing left for me to do.');
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ChatMessage {
  readonly role: string;
  readonly content?: string | readonly { type: string; text?: string }[] | null;
  readonly tool_calls?: readonly unknown[];
}

function textOf(message: ChatMessage | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  return (content ?? []).map((p) => p.text ?? '').join('');
}

it('faultline run --import runs an AI SDK team on a real provider over HTTP, two workers, with a report', async () => {
  const out = join(dir, 'run');
  const { code, stdout, stderr } = await runImportedTeam(MODULE, 'ai-sdk-cli', out, {
    report: true,
    env: { FAULTLINE_AI_SDK_URL: server.url, FAULTLINE_AI_SDK_KEY: KEY },
  });
  expect(code, `${stdout}\n${stderr}`).toBe(0);

  const manifest = parseJson<RunManifest>(readFileSync(join(out, 'run.json'), 'utf8'));
  expect(manifest).toMatchObject({ status: 'complete', planned: 2, recorded: 2, workers: 2 });
  expect(manifest.config.teams).toEqual(['ai-sdk-cli']);
  expect(existsSync(join(out, 'report.html'))).toBe(true);

  const { records } = readRecordedEpisodes(out);
  expect(records.map((r) => [r.seed, r.outcome])).toEqual([
    [0, 'success'],
    [1, 'success'],
  ]);
  for (const record of records) {
    // The oracle's path, taken by models answering over HTTP.
    expect(record.digest, `seed ${record.seed}`).toBe(digests.get(record.seed));
    const file = join(out, 'trajectories', `${record.id}.jsonl`);
    const steps = trajectoryLines<Partial<TrajectoryStep>>(file).filter(
      (l): l is TrajectoryStep => typeof l.step === 'number',
    );
    expect(steps).toHaveLength(record.steps);
    const handoffs = steps.filter((s) => (s.action as { type?: string }).type === 'handoff');
    expect(handoffs.length, `seed ${record.seed}`).toBe(record.handoffs);
    expect(handoffs.length).toBeGreaterThanOrEqual(2);
    expect(handoffs.every((s) => s.event.handoff !== undefined)).toBe(true);
    // Each step carries the model call that chose it, priced.
    for (const step of steps) {
      expect(step.turn?.calls).toHaveLength(1);
      expect(step.turn?.calls[0]?.model).toBe(`scripted-${step.role}`);
      expect(step.turn?.calls[0]?.costUsd).toBeGreaterThan(0);
    }
  }
  // Every model call went over HTTP with the key, and the summary sums their costs.
  const calls = records.reduce((s, r) => s + (r.usage?.calls ?? 0), 0);
  expect(server.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(calls);
  expect(server.requests.every((r) => r.authorized)).toBe(true);
  const summary = parseJson<RunSummary>(readFileSync(join(out, 'summary.json'), 'utf8'));
  expect(summary.cells[0]?.usage.calls).toBe(calls);
  expect(summary.cells[0]?.usage.costUsd).toBeGreaterThan(0);
});
