// The child process of benchmarks/instructions.ts, run under valgrind: loads the sources of the
// checkout ROOT (through tsx, as the bench does) and records COUNT oracle episodes of ENV under
// `production` into a run directory under RUNS, as benchmarks/episodes.ts records them. It prints
// nothing: valgrind counts the instructions of the whole process.
//
// usage: node --conditions=source --import tsx benchmarks/instructions-child.mjs ROOT ENV COUNT RUNS
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, envId, countArg, runs] = process.argv.slice(2);
const count = Number(countArg);
if (!root || !envId || !runs || !Number.isInteger(count) || count < 1) {
  process.stderr.write(
    `instructions-child: expected ROOT ENV COUNT RUNS (COUNT a whole number >= 1), got ${JSON.stringify(process.argv.slice(2))}\n`,
  );
  process.exit(2);
}
const at = (path) => import(pathToFileURL(join(root, path)).href);

(await at('src/builtins.ts')).loadBuiltins();
// The team floor's world, in a checkout that has it (the parent checks it is there when asked for).
if (existsSync(join(root, 'benchmarks/template-world.ts'))) {
  const { TEMPLATE_ENV_ID, registerTemplateWorld } = await at('benchmarks/template-world.ts');
  if (envId === TEMPLATE_ENV_ID) await registerTemplateWorld();
}
const { executeEpisode } = await at('src/run/execute.ts');
const { RunRecorder } = await at('src/run/recorder.ts');

// The parent deletes the run directories when it is done (benchmarks/run-dirs.ts says why).
const recorder = RunRecorder.create(mkdtempSync(join(runs, 'run-')));
for (let seed = 0; seed < count; seed++) {
  const key = { envId, team: 'oracle', seed, trial: 0, variant: 0 };
  const { record, trajectory } = await executeEpisode(key, { perturb: 'production', maxSteps: null });
  recorder.append(record, trajectory);
}
recorder.close();
