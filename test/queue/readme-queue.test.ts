/**
 * The README's "runs on a queue" example, run as written: Redis, three `faultline worker`
 * processes, the run and `faultline queue status`. Only the port changes (a free one, where the
 * README says 6379) and `npx faultline` is this checkout's command; the run writes into a
 * temporary directory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis.js';
import { startFaultline, type FaultlineProcess } from '../support/queue-processes.js';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'faultline-readme-queue-'));
let redis: TestRedis | null = null;
const background: FaultlineProcess[] = [];
afterAll(async () => {
  await Promise.all(background.map((p) => p.kill()));
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The commands of the README's queue example, one per line. */
function exampleCommands(): string[] {
  const block = /<!-- queue-example:start -->\n```sh\n([^]*?)```\n<!-- queue-example:end -->/.exec(README);
  if (!block) throw new Error('README.md has no queue example between <!-- queue-example:start/end -->');
  return block[1]!.split('\n').filter((l) => l.trim() !== '');
}

it("runs the README's queue example as written, with three worker processes", async () => {
  const commands = exampleCommands();
  expect(commands[0]).toBe('redis-server --port 6379 --appendonly yes --daemonize yes');
  redis = await startRedis({ aof: true });
  const port = String(redis.port);
  let status = '';
  for (const line of commands.slice(1)) {
    const words = line.replace(/&$/, '').trim().split(/\s+/);
    expect(words.slice(0, 2), line).toEqual(['npx', 'faultline']);
    const args = words.slice(2).map((w) => w.replace('127.0.0.1:6379', `127.0.0.1:${port}`));
    const out = args.indexOf('--out');
    if (out >= 0) args[out + 1] = join(dir, args[out + 1]!);
    const started = startFaultline(args);
    if (line.endsWith('&')) {
      background.push(started);
      await started.waitFor(/serving redis:/);
      continue;
    }
    const code = await started.exited;
    expect(code, started.output()).toBe(0);
    if (args[0] === 'queue') status = started.output();
    // The run says its episodes ran on the queue's workers, not on a worker count of its own.
    if (args[0] === 'run')
      expect(started.output()).toMatch(/episodes\/s, on the queue at redis:\/\/127\.0\.0\.1:\d+\/0\)/);
  }
  expect(background).toHaveLength(3);
  const summary = JSON.parse(readFileSync(join(dir, 'runs/queued/summary.json'), 'utf8')) as { cells: unknown[] };
  expect(summary.cells.length).toBeGreaterThan(0);
  const recorded = readFileSync(join(dir, 'runs/queued/episodes.jsonl'), 'utf8').trim().split('\n');
  expect(recorded).toHaveLength(9 * 2 * 5);
  // The status shows the three workers, each having run episodes, and nothing left queued.
  expect(status).toMatch(/Workers \(3\)/);
  expect(status).toMatch(/Jobs: 0 waiting, 0 active/);
  for (const w of ['w1', 'w2', 'w3'])
    expect(status).toMatch(new RegExp(`^\\s*${w}\\s+\\S+\\s+\\d+\\s+0/1\\s+[1-9]`, 'm'));
});
