/**
 * The run's shared request limiter end to end, through the real CLI against the scripted server:
 * `--max-in-flight` holds across workers and concurrent episodes (the server counts the requests
 * it is answering at once), and `--rpm` stops requests once a minute's worth has gone (the
 * waiting action then ends its episode at the agent timeout, so the test takes about three seconds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { oracleReplayResponder, startScriptedModelServer, type Responder } from '../../../src/testing/index.js';
import { episodeLines, runCli } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-e2e-limiter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The oracle's answers after `delayMs`, counting how many requests are being answered at once. */
function countingResponder(delayMs: number, parallel: boolean) {
  // Parallel tool calls (a role's consecutive actions in one answer) keep the request count low.
  const inner = oracleReplayResponder({ parallel });
  const counts = { now: 0, max: 0, total: 0 };
  const respond: Responder = async (request, options) => {
    counts.now++;
    counts.total++;
    counts.max = Math.max(counts.max, counts.now);
    try {
      await sleep(delayMs, undefined, { signal: options.signal });
      return await inner(request, options);
    } finally {
      counts.now--;
    }
  };
  return { respond, counts };
}

describe('the shared request limiter through the CLI', () => {
  it('--max-in-flight 2 holds across 2 workers with up to 8 episodes in flight each', async () => {
    const { respond, counts } = countingResponder(10, true);
    const server = await startScriptedModelServer({ respond });
    const out = join(dir, 'in-flight');
    try {
      const r = await runCli(
        [
          'run',
          '--team',
          'llm',
          '--model',
          'm',
          '--env',
          'deploy/rollout-v2',
          '--seeds',
          '0-5',
          '--concurrency',
          '8',
          '--workers',
          '2',
          '--max-in-flight',
          '2',
          '--out',
          out,
        ],
        { OPENAI_BASE_URL: server.url },
      );
      expect(r.code, r.stderr).toBe(0);
      const lines = episodeLines(out);
      expect(lines).toHaveLength(6);
      expect(lines.every((l) => l.success)).toBe(true);
      // Never more than two at once, and the run did keep two going.
      expect(counts.max).toBe(2);
      console.log(
        `e2e max-in-flight 2: ${counts.total} requests, at most ${counts.max} at once, ${r.seconds.toFixed(1)} s`,
      );
    } finally {
      await server.close();
    }
  });

  it('--rpm lets a minute’s worth of requests go, then holds the next', async () => {
    const { respond, counts } = countingResponder(0, false);
    const server = await startScriptedModelServer({ respond });
    const out = join(dir, 'rpm');
    const rpm = 6;
    try {
      const r = await runCli(
        [
          'run',
          '--team',
          'llm',
          '--model',
          'm',
          '--env',
          'deploy/rollout-v2',
          '--seeds',
          '0',
          '--rpm',
          String(rpm),
          '--agent-timeout',
          '2500',
          '--out',
          out,
        ],
        { OPENAI_BASE_URL: server.url },
      );
      expect(r.code, r.stderr).toBe(0);
      // The episode needs far more than six calls: the seventh waited for the minute to pass
      // until the agent timeout ended the episode.
      expect(counts.total).toBe(rpm);
      expect(episodeLines(out).map((l) => l.outcome)).toEqual(['timeout']);
      expect(r.seconds).toBeGreaterThan(2.4);
      console.log(`e2e rpm ${rpm}: ${counts.total} requests, then held; ${r.seconds.toFixed(1)} s`);
    } finally {
      await server.close();
    }
  });
});
