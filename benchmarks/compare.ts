/**
 * Before/after on a busy machine: runs the same measurement on two checkouts, alternating
 * processes (A B, then B A, …), and reports the figures a neighbour distorts least. Noise on a shared
 * machine only ever adds time, so the step cost is read as the 10th percentile of per-episode
 * CPU µs per step (best over the rounds) beside the median; episodes per CPU second as the best
 * round beside the median round.
 *
 *   node --conditions=source --import tsx benchmarks/compare.ts --other=/path/to/checkout \
 *     [--env=deploy/rollout-v2,flaky-api/migrate-records-v1] [--rounds=4] [--seconds=2]
 *
 * `--env=shelf/tag-records-v1` measures the team floor (benchmarks/template-world.ts): the world
 * `faultline new world` scaffolds, so the harness's own cost is compared.
 *
 * `--other` is a second checkout of faultline with its dependencies (e.g. a `git worktree` of the
 * commit to compare, with `node_modules` linked); this checkout is "this". Each round starts one
 * child process per checkout, which loads that checkout's sources and measures every env.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assertCanMeasure, otherCheckout } from './checkouts.js';
import { flag } from './flags.js';
import { keepRunDirsUntilExit } from './run-dirs.js';
import { TEMPLATE_ENV_ID } from './template-world.js';

/** What one child process measured for one env. */
interface Measured {
  readonly env: string;
  /** Per-episode CPU µs per step, clean profile: 10th percentile and median over the episodes. */
  readonly cleanP10: number;
  readonly cleanP50: number;
  /** The same under `production`. */
  readonly productionP10: number;
  readonly productionP50: number;
  /** Recorded oracle episodes per CPU second (as benchmarks/episodes.ts measures them). */
  readonly episodesPerSecond: number;
}

const THIS = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The child's script: measures each env with the sources of `root`, recording runs under `runsRoot`. */
function childScript(root: string, envs: readonly string[], seconds: number, runsRoot: string): string {
  const at = (path: string) => JSON.stringify(pathToFileURL(join(root, path)).href);
  return `
import { loadBuiltins } from ${at('src/builtins.ts')};
import { make } from ${at('src/core/registry.ts')};
import { oraclePlans } from ${at('benchmarks/stepping.ts')};
import { executeEpisode } from ${at('src/run/execute.ts')};
import { RunRecorder } from ${at('src/run/recorder.ts')};
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
loadBuiltins();
// The team floor's world, when asked for (benchmarks/template-world.ts).
if (${JSON.stringify(envs)}.includes(${JSON.stringify(TEMPLATE_ENV_ID)}))
  await (await import(${at('benchmarks/template-world.ts')})).registerTemplateWorld();
// Recorded episodes as benchmarks/episodes.ts runs them, into a directory this process does not
// delete: the parent deletes every child's runs when it exits (benchmarks/run-dirs.ts says why).
async function recordedPerSecond(envId) {
  const recorder = RunRecorder.create(mkdtempSync(join(${JSON.stringify(runsRoot)}, 'run-')));
  let seed = 0;
  const one = async () => {
    const key = { envId, team: 'oracle', seed: seed++, trial: 0, variant: 0 };
    const { record, trajectory } = await executeEpisode(key, { perturb: 'production', maxSteps: null });
    recorder.append(record, trajectory);
  };
  const warmUntil = performance.now() + ${seconds * 200};
  while (performance.now() < warmUntil) await one();
  let episodes = 0;
  const cpu0 = process.cpuUsage();
  const until = performance.now() + ${seconds * 1000};
  while (performance.now() < until || episodes < 5) {
    await one();
    episodes++;
  }
  const cpu = process.cpuUsage(cpu0);
  recorder.close();
  return Math.round((episodes * 1e7) / (cpu.user + cpu.system)) / 10;
}
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const out = [];
for (const env of ${JSON.stringify(envs)}) {
  const row = { env };
  for (const perturb of ['clean', 'production']) {
    const plans = oraclePlans(env);
    const e = make(env);
    const perStep = [];
    const until = performance.now() + ${seconds * 1000};
    for (let i = 0; performance.now() < until || perStep.length < 20; i++) {
      const seed = i % plans.length;
      e.reset({ seed, options: { perturb } });
      let steps = 0;
      const t0 = process.cpuUsage();
      for (const action of plans[seed]) {
        const r = e.step(action);
        steps++;
        if (r.terminated || r.truncated) break;
      }
      const d = process.cpuUsage(t0);
      perStep.push((d.user + d.system) / steps);
    }
    perStep.sort((a, b) => a - b);
    row[perturb + 'P10'] = pct(perStep, 0.1);
    row[perturb + 'P50'] = pct(perStep, 0.5);
  }
  row.episodesPerSecond = await recordedPerSecond(env);
  out.push(row);
}
process.stdout.write(JSON.stringify(out));
`;
}

function measure(root: string, envs: readonly string[], seconds: number, runsRoot: string): Measured[] {
  const text = execFileSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', childScript(root, envs, seconds, runsRoot)],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(text) as Measured[];
}

function main(): void {
  const other = otherCheckout();
  const envs = (flag('env') ?? 'deploy/rollout-v2,flaky-api/migrate-records-v1').split(',');
  assertCanMeasure(other, envs);
  const rounds = Number(flag('rounds') ?? 4);
  const seconds = Number(flag('seconds') ?? 2);
  const trees = [
    { name: 'other', root: other },
    { name: 'this', root: THIS },
  ];
  // Every child's runs stay until this process exits: a child deleting its files would slow the
  // next child's (benchmarks/run-dirs.ts).
  const runsRoot = keepRunDirsUntilExit();
  const runs = new Map<string, Measured[][]>(trees.map((t) => [t.name, []]));
  // Every other round in the other order: the tree measured second came out 2-7% lower in
  // episodes per second when both trees were the same code.
  for (let round = 0; round < rounds; round++)
    for (const tree of round % 2 === 0 ? trees : [...trees].reverse())
      runs.get(tree.name)!.push(measure(tree.root, envs, seconds, runsRoot));
  const fmt = (x: number) => x.toFixed(1).padStart(6);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  process.stdout.write(
    `env, tree: clean µs/step (best p10, median p50) | production µs/step (best p10, median p50) | episodes/s (best, median) over ${rounds} rounds\n`,
  );
  for (const env of envs)
    for (const tree of trees) {
      const rows = runs.get(tree.name)!.map((r) => r.find((m) => m.env === env)!);
      const col = (k: keyof Measured) => rows.map((r) => r[k] as number);
      process.stdout.write(
        `${env.padEnd(34)} ${tree.name.padEnd(5)} ${fmt(Math.min(...col('cleanP10')))} ${fmt(med(col('cleanP50')))} | ${fmt(Math.min(...col('productionP10')))} ${fmt(med(col('productionP50')))} | ${fmt(Math.max(...col('episodesPerSecond')))} ${fmt(med(col('episodesPerSecond')))}\n`,
      );
    }
}

main();
