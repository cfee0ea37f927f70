/**
 * Before/after by instructions executed rather than by time. On a shared machine a neighbour
 * moves CPU time by 10–20% between runs of the same code, so benchmarks/compare.ts cannot show a
 * change worth a few percent; the number of instructions a process executes hardly depends on
 * its neighbours. This counts them with valgrind (`--tool=cachegrind --cache-sim=no`) for two
 * checkouts recording the same episodes, and reports instructions per recorded episode:
 *
 *   node --conditions=source --import tsx benchmarks/instructions.ts --other=/tmp/before \
 *     [--env=shelf/tag-records-v1] [--episodes=700] [--rounds=2]
 *
 * Each round runs, for both checkouts at once (one per core), a process recording `--episodes`
 * episodes and one recording a sixth of them; the difference over the difference in episodes is
 * the cost of an episode without the process's start-up (node, tsx, loading the sources). It
 * still includes the compiler's and the collector's work, which vary a little from run to run.
 * Needs valgrind (Debian: `apt-get install valgrind`); each round takes a few minutes.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { assertCanMeasure, otherCheckout } from './checkouts.js';
import { flag } from './flags.js';
import { keepRunDirsUntilExit } from './run-dirs.js';
import { TEMPLATE_ENV_ID } from './template-world.js';

const run = promisify(execFile);

const THIS = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CHILD = fileURLToPath(new URL('./instructions-child.mjs', import.meta.url));

/**
 * The instructions valgrind's summary reports (`==123== I refs: 20,134,019,727`; `I   refs` in
 * cachegrind's layout), or null when `stderr` has no such line.
 */
export function instructionsFromSummary(stderr: string): number | null {
  const match = /^==\d+==\s+I\s+refs:\s+([\d,]+)\s*$/m.exec(stderr);
  return match ? Number((match[1] as string).replaceAll(',', '')) : null;
}

/**
 * Instructions per episode from two runs of the same process that recorded `fewer` and `more`
 * episodes: what the extra episodes cost, without what both runs paid before their first.
 */
export function perEpisode(
  fewer: { episodes: number; instructions: number },
  more: { episodes: number; instructions: number },
): number {
  if (!(more.episodes > fewer.episodes))
    throw new Error(`the longer run must record more episodes (got ${fewer.episodes} and ${more.episodes})`);
  return (more.instructions - fewer.instructions) / (more.episodes - fewer.episodes);
}

/** Instructions valgrind counted for a child recording `episodes` episodes of `envId` with `root`'s sources. */
async function countInstructions(root: string, envId: string, episodes: number, runs: string): Promise<number> {
  const args = [
    '--tool=cachegrind',
    '--cache-sim=no',
    '--cachegrind-out-file=/dev/null',
    process.execPath,
    '--conditions=source',
    '--import',
    'tsx',
    CHILD,
    root,
    envId,
    String(episodes),
    runs,
  ];
  let stderr: string;
  try {
    ({ stderr } = await run('valgrind', args, { cwd: root, maxBuffer: 16 << 20 }));
  } catch (e) {
    const error = e as NodeJS.ErrnoException & { stderr?: string };
    if (error.code === 'ENOENT')
      throw new Error(
        'valgrind is not installed: install it (Debian: apt-get install valgrind) to count instructions',
        {
          cause: e,
        },
      );
    throw new Error(`counting instructions of ${envId} in ${root} failed:\n${error.stderr ?? String(e)}`, { cause: e });
  }
  const instructions = instructionsFromSummary(stderr);
  if (instructions === null) throw new Error(`valgrind printed no instruction count for ${root}:\n${stderr}`);
  return instructions;
}

/** The value of a whole-number flag, at least `min`, or a clear error naming it. */
function countFlag(name: string, fallback: number, min: number): number {
  const text = flag(name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} must be a whole number >= ${min} (got ${JSON.stringify(text)})`);
  return value;
}

async function main(): Promise<void> {
  const other = otherCheckout();
  const envId = flag('env') ?? TEMPLATE_ENV_ID;
  assertCanMeasure(other, [envId]);
  const episodes = countFlag('episodes', 700, 12);
  const rounds = countFlag('rounds', 2, 1);
  const fewer = Math.floor(episodes / 6);
  const trees = [
    { name: 'other', root: other },
    { name: 'this', root: THIS },
  ];
  const runs = keepRunDirsUntilExit();
  const results = new Map<string, number[]>(trees.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    const counts = new Map<string, number[]>();
    // Both trees at once, a core each: instruction counts do not depend on sharing the machine.
    for (const n of [fewer, episodes]) {
      const measured = await Promise.all(trees.map((t) => countInstructions(t.root, envId, n, runs)));
      trees.forEach((t, i) => counts.set(t.name, [...(counts.get(t.name) ?? []), measured[i] as number]));
    }
    for (const t of trees) {
      const [a, b] = counts.get(t.name) as [number, number];
      const cost = perEpisode({ episodes: fewer, instructions: a }, { episodes, instructions: b });
      results.get(t.name)!.push(cost);
      process.stdout.write(
        `round ${round + 1} ${t.name.padEnd(5)} ${(cost / 1e6).toFixed(2)} M instructions/episode\n`,
      );
    }
  }
  const summary = trees.map((t) => {
    const costs = results.get(t.name)!;
    const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
    const m = (x: number) => (x / 1e6).toFixed(2);
    return { mean, text: `${t.name} ${m(mean)} (${m(Math.min(...costs))}–${m(Math.max(...costs))})` };
  });
  const [before, after] = summary as [(typeof summary)[0], (typeof summary)[0]];
  process.stdout.write(
    `${envId}: M instructions per recorded episode, mean (range) of ${rounds} rounds: ${before.text}, ${after.text}; this/other ${(after.mean / before.mean).toFixed(3)}\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
