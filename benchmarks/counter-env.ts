/**
 * `bench/counter-team-v1`: the smallest team env there is — one role and one tool that adds to a
 * counter until it reaches a seeded target — registered when this module is imported (the run
 * benchmarks pass it as an `--import`, so worker threads register it too). Its episodes cost
 * almost nothing, so runs over it measure the harness: scheduling, recording, summarizing.
 */
import * as z from 'zod';
// Through the package's own name, not by path: the RSS bench passes this module to the compiled
// `faultline run` (dist/), where a path into src/ would load a second copy of the registries.
import { listEnvs } from 'faultline/env';
import { defineTool, registerTaskFamily } from 'faultline/authoring';
import type { Rng, Seed, Task, TaskFamily, World } from 'faultline/authoring';

/** The env id this module registers. */
export const COUNTER_ENV_ID = 'bench/counter-team-v1';

/** The counter world's state. */
export interface CounterState {
  readonly count: number;
}

const add = defineTool({
  name: 'add',
  description: 'Add 1 to the counter.',
  args: z.object({}).strict(),
  readOnly: false,
  run: (world: CounterState) => ({
    ok: true,
    result: `count ${world.count + 1}`,
    world: { count: world.count + 1 },
    writes: ['count'],
  }),
});

const counterWorld: World<CounterState> = {
  id: 'bench',
  description: 'A counter (benchmark floor of the harness).',
  tools: { add },
  checkers: { 'count-is': ({ world, params }) => world.count === Number(params['target']) },
  diff: (before, after) => (before.count === after.count ? [] : ['count']),
  vocabulary: () => ['count'],
};

function generate(rng: Rng, seed: Seed): Task<CounterState> {
  const target = rng.int(3, 6);
  return {
    id: `counter@${seed}`,
    family: 'counter-team',
    seed,
    request: `Bring the counter to ${target}.`,
    roles: [{ id: 'counter', description: 'Adds to the counter.', tools: ['add'], canFinish: true, needs: [] }],
    entryRole: 'counter',
    facts: [{ id: 'target', description: 'the target count', value: String(target), guess: '1' }],
    constraints: [
      {
        id: 'at-target',
        text: `the counter reads ${target}`,
        kind: 'count-is',
        params: { target },
        facts: ['target'],
        scope: 'goal',
        late: false,
      },
    ],
    world: { count: 0 },
    plan: [
      ...Array.from({ length: target }, () => ({
        role: 'counter',
        action: { type: 'tool' as const, tool: 'add', args: {} },
      })),
      { role: 'counter', action: { type: 'finish' as const, answer: `count ${target}`, status: 'done' as const } },
    ],
    clarifications: [],
  };
}

const counterFamily: TaskFamily<CounterState> = {
  id: 'counter-team',
  version: 1,
  description: 'Bring a counter to a target (benchmark floor).',
  world: counterWorld,
  maxEpisodeSteps: 20,
  generate,
};

if (!listEnvs().some((s) => s.id === COUNTER_ENV_ID)) registerTaskFamily(counterFamily);
