/**
 * The cap on an action's size: an action over it is an error observation naming its size and the
 * cap, stepped and recorded as `{ oversized, bytes, limit, sha256 }` — never its content — and the
 * episode goes on; the recorded trajectory replays exactly.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_ACTION_BYTES,
  MIN_MAX_ACTION_BYTES,
  assertMaxActionBytes,
  boundedAction,
  type OversizedAction,
} from '../../src/team/action-size.js';
import { parseAction } from '../../src/team/actions.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { runEpisode } from '../../src/team/episode.js';
import { replayTrajectory } from '../../src/run/replay.js';
import { TRAJECTORY_FORMAT } from '../../src/team/observation-digest.js';
import { ensureNotesEnv, planTeam, PLAN } from '../fixtures/notes-env.js';

let ID = '';
beforeAll(() => {
  ID = ensureNotesEnv();
});

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('boundedAction', () => {
  it('passes an action within the cap through as a JSON copy the agent can no longer change', () => {
    const action = { type: 'ask', question: 'which one?', extra: undefined };
    const bounded = boundedAction(action, MIN_MAX_ACTION_BYTES);
    expect(bounded).toEqual({ type: 'ask', question: 'which one?' });
    expect(bounded).not.toBe(action);
  });

  it('replaces one over the cap by its size in UTF-8 bytes of JSON, the cap and its hash', () => {
    const text = '€'.repeat(2000); // 2000 characters, 6000 bytes
    const action = { type: 'ask', question: text };
    const json = JSON.stringify(action);
    expect(boundedAction(action, 4096)).toEqual({
      oversized: true,
      bytes: Buffer.byteLength(json),
      limit: 4096,
      sha256: sha256(json),
    } satisfies OversizedAction);
    expect(boundedAction(action, 8192)).toEqual(action);
    // A string action (LLM output) is measured as the JSON it is.
    expect(boundedAction('x'.repeat(5000), 4096)).toMatchObject({ oversized: true, bytes: 5002 });
  });

  it('the cap is exact: an action of exactly the cap passes, one byte more does not', () => {
    const base = JSON.stringify({ type: 'ask', question: '' }).length;
    const at = { type: 'ask', question: 'q'.repeat(2048 - base) };
    expect(JSON.stringify(at)).toHaveLength(2048);
    expect(boundedAction(at, 2048)).toEqual(at);
    expect(boundedAction({ ...at, question: `${at.question}q` }, 2048)).toMatchObject({ oversized: true, bytes: 2049 });
  });

  it('describes values that are not JSON instead of throwing', () => {
    expect(boundedAction(undefined)).toBeNull();
    expect(boundedAction(() => 1)).toBe('[unserializable action: function]');
    expect(boundedAction(1n)).toMatch(/^\[unserializable action: .*BigInt/i);
  });

  it('the env answers the stand-in with an error naming the size and the cap, and nothing else', () => {
    const stand: OversizedAction = { oversized: true, bytes: 52_428_800, limit: 262_144, sha256: 'a'.repeat(64) };
    const parsed = parseAction(stand);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problem.message).toMatch(
        /^the action is 52428800 bytes of JSON \(sha256 a{16}…\); the limit is 262144 bytes, so it was not read\. Send smaller actions/,
      );
    // Anything that only resembles it is judged as the action it is.
    expect(parseAction({ ...stand, type: 'wait', ticks: 1 })).toMatchObject({ ok: true, action: { type: 'wait' } });
    const looks = parseAction({ oversized: true, bytes: 3 });
    expect(looks.ok || looks.problem.message).toMatch(/^action\.type: /);
  });

  it('a cap is a whole number of bytes the env can accept', () => {
    for (const bad of [0, MIN_MAX_ACTION_BYTES - 1, DEFAULT_MAX_ACTION_BYTES + 1, 2048.5, '4096', Number.NaN])
      expect(() => assertMaxActionBytes(bad, '--max-action-bytes')).toThrow(InvalidArgumentError);
    expect(() => assertMaxActionBytes(10, '--max-action-bytes')).toThrow(
      /--max-action-bytes: got 10, expected a whole number of bytes from 1024 to 262144/,
    );
    expect(() => assertMaxActionBytes(MIN_MAX_ACTION_BYTES, 'x')).not.toThrow();
  });
});

describe('an episode with an oversized action', () => {
  it('records the stand-in, shows the error to the role, goes on, and replays exactly', async () => {
    const huge = { type: 'handoff', to: 'executor', message: { text: 'x'.repeat(3000) } };
    const team = planTeam('bloats', (call) => (call === 0 ? huge : PLAN));
    const r = await runEpisode({ env: ID, team, seed: 4, budget: { maxActionBytes: 2048 } });
    expect(r.outcome).toBe('success');
    const first = r.trajectory[0]!;
    const json = JSON.stringify(huge);
    expect(first.action).toEqual({ oversized: true, bytes: json.length, limit: 2048, sha256: sha256(json) });
    expect(first.event).toMatchObject({ kind: 'invalid', ok: false, action: null });
    expect(first.event.error?.message).toMatch(
      new RegExp(`^the action is ${json.length} bytes of JSON .*limit is 2048`),
    );
    expect(r.invalidActions).toBe(1);
    expect(JSON.stringify(r.trajectory).length).toBeLessThan(json.length * r.trajectory.length);
    const replay = replayTrajectory(
      {
        format: TRAJECTORY_FORMAT,
        id: 'bloats',
        envId: r.envId,
        team: r.team,
        seed: r.seed,
        trial: r.trial,
        view: r.view,
        taskId: r.taskId,
        maxSteps: 1000,
        perturb: 'clean',
        faultPlan: [],
        initialObservation: r.initialObservation,
      },
      r.trajectory,
    );
    expect(replay.divergence).toBeNull();
  });

  it('runEpisode refuses a cap it cannot apply, naming the field', async () => {
    await expect(runEpisode({ env: ID, team: planTeam(), seed: 1, budget: { maxActionBytes: 5 } })).rejects.toThrow(
      /runEpisode\(\{ budget\.maxActionBytes \}\): got 5/,
    );
  });
});
