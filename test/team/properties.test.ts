/**
 * Property tests of the team env on the notes fixture: for all seeds and arbitrary action
 * sequences (sampled valid actions, near-valid actions and arbitrary values), stepping never
 * throws, observations stay well-formed JSON, and the same seed and actions give the same
 * trajectory digest. fast-check prints the seed and path of any counterexample.
 */
import { beforeAll, describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import * as z from 'zod';
import { make } from '../../src/core/registry.js';
import { Rng, deriveSeed } from '../../src/core/rng.js';
import { chainDigest, digest } from '../../src/core/canonical.js';
import { nonJsonValue } from '../../src/core/checker.js';
import type { EnvSnapshot } from '../../src/core/env.js';
import type { TeamObservation } from '../../src/team/observation.js';
import { teamStateOf, type TeamEnv } from '../../src/team/team-env.js';
import { ensureNotesEnv } from '../fixtures/notes-env.js';
import { anyValue } from '../support/arbitraries.js';

let ID = '';
beforeAll(() => {
  ID = ensureNotesEnv();
});

/** Stands for "whatever env.sampleAction(rng) gives now" in a generated action sequence. */
const SAMPLE = Symbol('sample');
/** {@link SAMPLE}, or any generated value sent as an action as it is. */
type Step = unknown;

const ROLES = ['planner', 'executor', 'reviewer'];
const TOOLS = ['list_notes', 'read_note', 'write_note', 'publish'];

const nearValid = fc.record(
  {
    type: fc.constantFrom('tool', 'handoff', 'ask', 'wait', 'finish', 'teleport'),
    tool: fc.constantFrom(...TOOLS, 'nope', 'constructor', '__proto__'),
    args: fc.dictionary(
      fc.constantFrom('name', 'text', 'prefix', '__proto__', 'x'),
      fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null)),
    ),
    to: fc.constantFrom(...ROLES, 'nobody', ''),
    message: fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.record(
        {
          text: fc.string({ maxLength: 40 }),
          facts: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 12 })),
        },
        { requiredKeys: [] },
      ),
    ),
    question: fc.string({ maxLength: 40 }),
    ticks: fc.oneof(fc.integer({ min: -2, max: 2000 }), fc.double()),
    status: fc.constantFrom('done', 'gave_up', 'maybe'),
    answer: fc.string({ maxLength: 40 }),
  },
  { requiredKeys: ['type'] },
);

const anything = anyValue;

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(SAMPLE) },
  { weight: 2, arbitrary: nearValid },
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: anything },
  { weight: 1, arbitrary: nearValid.map((a) => JSON.stringify(a)) },
);

const seedArb = fc.nat({ max: 0xffff_ffff });
const runArb = fc.tuple(seedArb, fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' }));

const ToolErrorSchema = z.object({ code: z.string().min(1), message: z.string().min(1) }).passthrough();
const ObservationSchema = z
  .object({
    env: z.literal('fixture/notes-v1'),
    step: z.int().min(0),
    clock: z.int().min(0),
    role: z.enum(ROLES),
    request: z.string().min(1).nullable(),
    inbox: z.array(z.object({ from: z.enum(ROLES), step: z.int().min(1), message: z.unknown() }).strict()).max(20),
    last: z
      .object({
        action: z.string(),
        ok: z.boolean(),
        result: z.unknown().optional(),
        error: ToolErrorSchema.optional(),
      })
      .strict()
      .nullable(),
    tools: z.array(z.enum(TOOLS)),
    teammates: z.array(z.enum(ROLES)).length(2),
    canFinish: z.boolean(),
    restarted: z.boolean(),
    done: z.boolean(),
    text: z.string().min(1),
  })
  .strict();

interface Run {
  readonly digest: string;
  readonly steps: number;
}

/** Plays a generated sequence, checking every result; resets (same seed) when an episode ends. */
function play(seed: number, steps: readonly Step[], onObservation?: (obs: TeamObservation) => void): Run {
  const env = make<TeamObservation, never>(ID, { maxEpisodeSteps: 25 }) as TeamEnv;
  const rng = Rng.fromSeed(deriveSeed(seed, 'property-policy'));
  const reset = env.reset({ seed });
  let chain = digest(reset.observation);
  let done = false;
  for (const s of steps) {
    if (done) {
      chain = chainDigest(chain, env.reset({ seed }).observation);
    }
    const action = s === SAMPLE ? env.sampleAction(rng) : s;
    const r = env.step(action);
    const parsed = ObservationSchema.safeParse(r.observation);
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0])).toBe(true);
    expect(nonJsonValue(r.observation, 'observation')).toBeNull();
    expect(Number.isFinite(r.reward)).toBe(true);
    expect(typeof r.terminated).toBe('boolean');
    expect(typeof r.truncated).toBe('boolean');
    expect((r.info['event'] as { step: number }).step).toBe(r.observation.step);
    onObservation?.(r.observation);
    chain = chainDigest(chain, { o: r.observation, r: r.reward, te: r.terminated, tr: r.truncated, i: r.info });
    done = r.terminated || r.truncated;
  }
  expect(nonJsonValue(teamStateOf(env), 'state')).toBeNull();
  return { digest: chain, steps: steps.length };
}

describe('team env properties (notes fixture)', () => {
  test.prop([runArb], { numRuns: 120 })('stepping never throws and observations stay well-formed', ([seed, steps]) => {
    play(seed, steps, (obs) => {
      expect(obs.request === null || obs.role === 'planner').toBe(true);
      expect(obs.text.includes('## User request')).toBe(obs.request !== null);
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test.prop([runArb], { numRuns: 60 })('same seed and same actions give identical digests', ([seed, steps]) => {
    expect(play(seed, steps).digest).toBe(play(seed, steps).digest);
  });

  test.prop([seedArb, fc.integer({ min: 1, max: 30 }), fc.nat({ max: 30 })], { numRuns: 60 })(
    'a JSON snapshot taken at any step continues identically in a fresh env',
    (seed, length, cut) => {
      const at = Math.min(cut, length);
      const a = make<TeamObservation, never>(ID, { maxEpisodeSteps: -1 }) as TeamEnv;
      const rng = Rng.fromSeed(seed);
      a.reset({ seed });
      let ended = false;
      for (let i = 0; i < at && !ended; i++) {
        const r = a.step(a.sampleAction(rng));
        ended = r.terminated;
      }
      // An episode that ended before the cut has nothing left to continue: draw another case.
      fc.pre(!ended);
      const snapshot = JSON.parse(JSON.stringify(a.snapshot())) as EnvSnapshot;
      const policy = rng.state();
      const b = make<TeamObservation, never>(ID, { maxEpisodeSteps: -1 }) as TeamEnv;
      b.restore(snapshot);
      const rngA = Rng.fromState(policy);
      const rngB = Rng.fromState(policy);
      for (let i = at; i < length; i++) {
        const ra = a.step(a.sampleAction(rngA));
        const rb = b.step(b.sampleAction(rngB));
        expect(digest(rb)).toBe(digest(ra));
        if (ra.terminated) break;
      }
    },
  );
});
