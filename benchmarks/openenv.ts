/**
 * Steps per second through the OpenEnv `/ws` socket at 1 and 64 connections. Each connection
 * replays oracle episodes (actions computed in-process beforehand) for a fixed wall time; the
 * clients run in the same process as the server, so the numbers include both ends.
 *
 *     node --conditions=source --import tsx benchmarks/openenv.ts [--seconds=3] [--json]
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { loadBuiltins } from '../src/builtins.js';
import { findTeam } from '../src/team/agent.js';
import { runEpisode } from '../src/team/episode.js';
import { startOpenEnvServer } from '../src/serve/openenv/index.js';

const ENV = 'flaky-api/migrate-records-v1';
const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 3);

/** One episode to replay: its seed and the oracle's actions. */
interface Script {
  readonly seed: number;
  readonly actions: readonly unknown[];
}

async function scripts(n: number): Promise<Script[]> {
  const oracle = findTeam('oracle');
  if (!oracle) throw new Error('no oracle');
  const out: Script[] = [];
  for (let seed = 0; seed < n; seed++) {
    const r = await runEpisode({ env: ENV, team: { ...oracle, view: 'single' }, seed, perturb: 'production' });
    out.push({ seed, actions: r.trajectory.map((s) => s.action) });
  }
  return out;
}

/** Replays episodes on one connection until `deadline`; returns the steps taken. */
async function drive(url: string, plays: readonly Script[], deadline: number): Promise<number> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const replies: ((text: string) => void)[] = [];
  ws.on('message', (data: Buffer) => replies.shift()?.(data.toString('utf8')));
  const ask = (message: unknown) =>
    new Promise<string>((resolve) => {
      replies.push(resolve);
      ws.send(JSON.stringify(message));
    });
  let steps = 0;
  for (let i = 0; performance.now() < deadline; i++) {
    const play = plays[i % plays.length] as Script;
    await ask({ type: 'reset', data: { env_id: ENV, seed: play.seed, perturb: 'production' } });
    for (const action of play.actions) {
      const reply = JSON.parse(await ask({ type: 'step', data: action })) as { type: string };
      if (reply.type !== 'observation') throw new Error(`step failed: ${JSON.stringify(reply).slice(0, 300)}`);
      steps++;
    }
  }
  ws.close();
  return steps;
}

loadBuiltins();
const plays = await scripts(8);
const server = await startOpenEnvServer({ port: 0, maxSessions: 64 });
const results: { connections: number; stepsPerSecond: number }[] = [];
for (const connections of [1, 64]) {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const counts = await Promise.all(
    Array.from({ length: connections }, (_, i) =>
      drive(server.wsUrl, [...plays.slice(i % 8), ...plays.slice(0, i % 8)], deadline),
    ),
  );
  const elapsed = (performance.now() - start) / 1000;
  results.push({ connections, stepsPerSecond: Math.round(counts.reduce((a, b) => a + b, 0) / elapsed) });
}
await server.close();
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ env: ENV, results }, null, 2)}\n`);
else
  for (const r of results)
    process.stdout.write(`${ENV} (production) over /ws, ${r.connections} connection(s): ${r.stepsPerSecond} steps/s\n`);
