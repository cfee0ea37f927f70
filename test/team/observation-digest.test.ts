/**
 * The observation digest trajectories record leaves out the rendered text (and never renders it),
 * and trajectories of the earlier format, whose digests include the text, still replay.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deepFreeze } from '../../src/core/deep-freeze.js';
import { loadBuiltins } from '../../src/builtins.js';
import { digest } from '../../src/core/canonical.js';
import { make } from '../../src/core/registry.js';
import { findTeam } from '../../src/team/agent.js';
import { runEpisode } from '../../src/team/episode.js';
import {
  LEGACY_TRAJECTORY_FORMAT,
  TRAJECTORY_FORMAT,
  legacyObservationDigest,
  observationDigest,
} from '../../src/team/observation-digest.js';
import type { TeamEnv } from '../../src/team/team-env.js';
import { replayTrajectory } from '../../src/run/replay.js';
import { trajectoryLines } from '../../src/run/records.js';
import { analyzeEpisode } from '../../src/metrics/index.js';
import type { TrajectoryHeader } from '../../src/run/records.js';
import type { TrajectoryStep } from '../../src/team/episode.js';

const ENV = 'flaky-api/migrate-records-v1';

beforeAll(() => loadBuiltins());

describe('observationDigest', () => {
  it('covers every field but the text, and does not render the text', () => {
    let rendered = 0;
    const fields = { env: 'e', step: 3, role: 'planner', inbox: [{ from: 'a', message: 'x' }] };
    const obs = Object.defineProperty({ ...fields }, 'text', {
      enumerable: true,
      get: () => {
        rendered++;
        return 'rendered';
      },
    });
    expect(observationDigest(obs)).toBe(digest(fields));
    expect(rendered).toBe(0);
    expect(observationDigest({ ...fields, step: 4, text: 'rendered' })).not.toBe(observationDigest(obs));
    expect(legacyObservationDigest(obs)).toBe(digest({ ...fields, text: 'rendered' }));
  });

  it('writes a team observation field by field, to the bytes of the text-less copy', () => {
    // Undefined rarely: one undefined field sends an observation down the general path.
    const value = fc.oneof(
      { arbitrary: fc.jsonValue(), weight: 20 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 20 },
      { arbitrary: fc.constant(undefined), weight: 1 },
    );
    const observation = fc.record({
      env: value,
      step: value,
      clock: value,
      role: value,
      request: fc.oneof(value, fc.string({ maxLength: 400 })),
      inbox: value,
      last: value,
      tools: value,
      teammates: value,
      canFinish: value,
      restarted: value,
      done: value,
    });
    fc.assert(
      fc.property(
        observation,
        fc.boolean(),
        fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        fc.boolean(),
        (fields, frozen, extra, hideEnv) => {
          const obs: Record<string, unknown> = Object.defineProperty({ ...fields }, 'text', {
            enumerable: true,
            get: () => 'rendered',
          });
          if (extra !== undefined) obs[`x${extra}`] = extra;
          // A field that is there but not enumerable is no field of the copy either.
          if (hideEnv) Object.defineProperty(obs, 'env', { enumerable: false });
          if (frozen) deepFreeze(obs);
          const { text: _text, ...copy } = { ...obs };
          expect(observationDigest(obs)).toBe(digest(copy));
          // The same request again (the memo of its quoted form), then another one.
          expect(observationDigest({ ...obs })).toBe(digest(copy));
          // Any value may be drawn as the request (even an object whose toString is not a function).
          const other = {
            ...obs,
            request: typeof obs['request'] === 'string' ? `${obs['request']}!` : 'another request',
          };
          expect(observationDigest(other)).toBe(digest({ ...copy, request: other.request }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("an episode's trajectory records the text-less digest of each observation", async () => {
    const seen: Array<[string, string]> = [];
    const r = await runEpisode({
      env: ENV,
      team: findTeam('oracle')!,
      seed: 2,
      onStep: (step, observation) => seen.push([step.observation, observationDigest(observation)]),
    });
    expect(r.outcome).toBe('success');
    expect(seen.length).toBe(r.steps);
    for (const [recorded, computed] of seen) expect(recorded).toBe(computed);
  });
});

describe('replay of both trajectory formats', () => {
  async function recorded(): Promise<{ header: TrajectoryHeader; steps: TrajectoryStep[] }> {
    const r = await runEpisode({ env: ENV, team: findTeam('oracle')!, seed: 1, perturb: 'production' });
    const lines = trajectoryLines(r, 200, analyzeEpisode(r)).map((l) => JSON.parse(l) as Record<string, unknown>);
    const header = lines[0] as unknown as TrajectoryHeader;
    const steps = lines.slice(1).filter((l) => !('end' in l)) as unknown as TrajectoryStep[];
    return { header, steps };
  }

  /** The same episode as a file of the earlier format: every observation digest includes the text. */
  function asLegacy(header: TrajectoryHeader, steps: readonly TrajectoryStep[]) {
    const env: TeamEnv = make(ENV, { maxEpisodeSteps: header.maxSteps });
    const first = env.reset({
      seed: header.seed,
      options: { view: header.view, trial: header.trial, perturb: header.perturb, faultPlan: header.faultPlan },
    });
    const legacySteps = steps.map((s) => ({
      ...s,
      observation: legacyObservationDigest(env.step(s.action).observation),
    }));
    env.close();
    const legacyHeader: TrajectoryHeader = {
      ...header,
      format: LEGACY_TRAJECTORY_FORMAT,
      initialObservation: legacyObservationDigest(first.observation),
    };
    return { header: legacyHeader, steps: legacySteps };
  }

  it('a file of the current format replays', async () => {
    const { header, steps } = await recorded();
    expect(header.format).toBe(TRAJECTORY_FORMAT);
    expect(steps.length).toBeGreaterThan(30);
    expect(replayTrajectory(header, steps)).toMatchObject({ ok: true, divergence: null });
  });

  it('a file of the earlier format replays against the digests it recorded, text included', async () => {
    const { header, steps } = await recorded();
    const legacy = asLegacy(header, steps);
    expect(legacy.header.initialObservation).not.toBe(header.initialObservation);
    expect(replayTrajectory(legacy.header, legacy.steps)).toMatchObject({ ok: true, divergence: null });
    // Each format is held to its own definition: current digests under the old header diverge.
    const mixed = replayTrajectory({ ...header, format: LEGACY_TRAJECTORY_FORMAT }, steps);
    expect(mixed.ok).toBe(false);
    expect(mixed.divergence).toMatchObject({ step: 0, field: 'observation' });
    const edited = legacy.steps.map((s, i) => (i === 5 ? { ...s, observation: header.initialObservation } : s));
    expect(replayTrajectory(legacy.header, edited).divergence).toMatchObject({ step: 6, field: 'observation' });
  });
});
