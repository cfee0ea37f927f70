/**
 * Steps per second through the OpenEnv `/ws` socket at 1 and 64 connections. Each connection
 * replays oracle episodes (actions computed in-process beforehand) for a fixed wall time; the
 * clients run in the same process as the server, so the numbers include both ends.
 *
 * `--record` measures it again with the server recording every episode into a run directory
 * (`faultline serve --out`): once with the summary rewritten at most once a second (the
 * server's default) and once with it rewritten after every episode. A repeated seed is then the
 * next trial, which draws other faults, so the client plays the oracle's actions for the trial
 * the reset reply names.
 *
 *     node --conditions=source --import tsx benchmarks/openenv.ts [--seconds=3] [--record] [--json] [--update-readme]
 *
 * `--update-readme` rewrites the README's `<!-- bench-openenv:start -->` block with the table
 * (measured with `--record`: the table has a row per recording mode) and the date and machine.
 */
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { loadBuiltins } from '../src/builtins.js';
import { findTeam } from '../src/team/agent.js';
import { runEpisode } from '../src/team/episode.js';
import { startOpenEnvServer, type OpenEnvRecordOptions } from '../src/serve/openenv/index.js';
import { rewriteReadmeBlock } from './readme-table.js';
import { OPENENV_CONNECTIONS, OPENENV_MARKERS, formatOpenEnvBlock } from './openenv-table.js';
import { benchRunDir, doneWithRunDir, keepRunDirsUntilExit } from './run-dirs.js';

const ENV = 'flaky-api/migrate-records-v1';
const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 3);

const SEEDS = 8;
const record = process.argv.includes('--record');
const updateReadmeToo = process.argv.includes('--update-readme');
// Checked before measuring: the README table has a row per recording mode.
if (updateReadmeToo && !record)
  throw new Error('--update-readme needs --record: the README table has a row per recording mode');

/** The oracle's actions per (seed, trial), computed once each. */
const scripts = new Map<string, readonly unknown[]>();

async function script(seed: number, trial: number): Promise<readonly unknown[]> {
  const key = `${seed}/${trial}`;
  const known = scripts.get(key);
  if (known) return known;
  const oracle = findTeam('oracle');
  if (!oracle) throw new Error('no oracle');
  const r = await runEpisode({ env: ENV, team: { ...oracle, view: 'single' }, seed, trial, perturb: 'production' });
  const actions = r.trajectory.map((s) => s.action);
  scripts.set(key, actions);
  return actions;
}

/** Replays episodes on one connection until `deadline`, from seed `first` on; returns the steps taken. */
async function drive(url: string, first: number, deadline: number): Promise<number> {
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
    const seed = (first + i) % SEEDS;
    const reset = JSON.parse(await ask({ type: 'reset', data: { env_id: ENV, seed, perturb: 'production' } })) as {
      data: { observation: { metadata: { trial?: number } } };
    };
    for (const action of await script(seed, reset.data.observation.metadata.trial ?? 0)) {
      const reply = JSON.parse(await ask({ type: 'step', data: action })) as { type: string };
      if (reply.type !== 'observation') throw new Error(`step failed: ${JSON.stringify(reply).slice(0, 300)}`);
      steps++;
    }
  }
  ws.close();
  return steps;
}

/** Steps/s at 1 and 64 connections, on a server set up with `out` (null: recording nothing). */
async function measure(
  out: Omit<OpenEnvRecordOptions, 'dir'> | null,
): Promise<{ connections: number; stepsPerSecond: number; episodesRecorded: number | null }[]> {
  const results = [];
  for (const connections of OPENENV_CONNECTIONS) {
    const dir = out ? benchRunDir('faultline-bench-openenv-') : null;
    const server = await startOpenEnvServer({ port: 0, maxSessions: 64, out: out && dir ? { ...out, dir } : null });
    const start = performance.now();
    const deadline = start + seconds * 1000;
    const counts = await Promise.all(Array.from({ length: connections }, (_, i) => drive(server.wsUrl, i, deadline)));
    const elapsed = (performance.now() - start) / 1000;
    const episodesRecorded = server.run ? server.run.recorded.length : null;
    await server.close();
    if (dir) doneWithRunDir(dir);
    results.push({
      connections,
      stepsPerSecond: Math.round(counts.reduce((a, b) => a + b, 0) / elapsed),
      episodesRecorded,
    });
  }
  return results;
}

loadBuiltins();
// Each recording's files stay until the exit: deleting them slows the next one's (run-dirs.ts).
keepRunDirsUntilExit();
// The oracle's actions for the trials a recording server will hand out, computed before timing.
for (let seed = 0; seed < SEEDS; seed++)
  for (let trial = 0; trial < (record ? 40 : 1); trial++) await script(seed, trial);
/** A server setup measured, named as its row of the README table is. */
interface Mode {
  readonly row: string;
  readonly out: Omit<OpenEnvRecordOptions, 'dir'> | null;
}
const modes: Mode[] = [
  { row: 'not recording', out: null },
  ...(record
    ? [
        { row: '`--out` (summary rewritten at most once a second)', out: { indexIntervalMs: 1000 } },
        { row: '`--out`, summary rewritten after every episode', out: { indexIntervalMs: 0 } },
      ]
    : []),
];
const all = [];
for (const { row, out } of modes) for (const r of await measure(out)) all.push({ row, ...r });
if (updateReadmeToo) {
  const readme = fileURLToPath(new URL('../README.md', import.meta.url));
  const command = `benchmarks/openenv.ts --seconds=${seconds} --record --update-readme`;
  const block = formatOpenEnvBlock(
    modes.map((m) => m.row),
    all,
    command,
    new Date().toISOString().slice(0, 10),
  );
  rewriteReadmeBlock(readme, OPENENV_MARKERS, block);
}
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ env: ENV, results: all }, null, 2)}\n`);
else
  for (const r of all)
    process.stdout.write(
      `${ENV} (production) over /ws, ${r.connections} connection(s), ${r.row}: ${r.stepsPerSecond} steps/s${r.episodesRecorded !== null ? ` (${r.episodesRecorded} episodes recorded)` : ''}\n`,
    );
