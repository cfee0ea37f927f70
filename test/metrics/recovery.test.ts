import { describe, expect, it } from 'vitest';
import { analyzeEpisode } from '../../src/metrics/index.js';
import {
  FULL_BRIEF,
  ask,
  episode,
  finish,
  fired,
  handoff,
  planned,
  tool,
  wait,
  write,
  type StepSpec,
} from './synthetic.js';

// Ledger order: untouched (invariant, dir), changelog (goal, version), tests (sub-goal).

const brief = handoff('planner', 'executor', FULL_BRIEF, 'SPP', { required: ['dir', 'version'] });
const report = handoff('executor', 'planner', { text: 'done' }, 'SSS', { required: [] });
const unavailable = { code: 'unavailable', message: '503' };

/** A write of the changelog that fails with a transient error, as the fault at step 2. */
function faultedWrite(
  p = fired({
    id: 'p1',
    type: 'transient-error',
    step: 2,
    role: 'executor',
    tool: 'write_file',
    entities: ['CHANGELOG.md'],
  }),
): StepSpec {
  return tool('executor', 'write_file', { path: 'CHANGELOG.md', content: '## v2.0.0' }, 'SPP', {
    ok: false,
    error: unavailable,
    perturbations: [p],
  });
}

describe('recovery', () => {
  it('a transient error followed by a successful retry is recovered, in k steps', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          brief,
          faultedWrite(),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          tool('executor', 'list_dir', { path: '' }, 'SSS'),
          report,
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(m.recovery.responses).toEqual([
      {
        id: 'p1',
        type: 'transient-error',
        kind: 'tool',
        site: 'tool-call',
        label: 'retry',
        step: 2,
        role: 'executor',
        response: 'recovered',
        stepsToRecover: 1,
        reason: 'the same call later succeeded',
      },
    ]);
    expect(m.recovery.occurred).toBe(false);
    expect(m.verdict.modes).toEqual([]);
  });

  it('moving on to other work is not a retry, even if the same call happens again later', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          brief,
          faultedWrite(),
          tool('executor', 'list_dir', { path: '' }, 'SPP'),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          report,
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(m.recovery.responses[0]).toMatchObject({ response: 'ignored_claimed_success' });
    expect(m.recovery.occurred).toBe(true);
  });

  it('claiming success after ignoring the fault is ignored_claimed_success (premature termination)', () => {
    const m = analyzeEpisode(
      episode({
        steps: [
          brief,
          faultedWrite(),
          handoff('executor', 'planner', { text: 'done' }, 'SPP', { required: [] }),
          finish('planner', 'SVV'),
        ],
      }),
    );
    expect(m.recovery.responses[0]).toMatchObject({ response: 'ignored_claimed_success', stepsToRecover: null });
    // The unmet goals are the fault's doing, not drift.
    expect(m.drift.occurred).toBe(false);
    expect(m.verdict.primary).toMatchObject({ mode: 'recoveryFailure', step: 2, role: 'executor', mast: 'FM-3.1' });
  });

  it('three identical failing calls are stuck (step repetition)', () => {
    const again = tool('executor', 'write_file', { path: 'CHANGELOG.md', content: '## v2.0.0' }, 'SPP', {
      ok: false,
      error: unavailable,
    });
    const m = analyzeEpisode(episode({ steps: [brief, faultedWrite(), again, again, again] }));
    expect(m.recovery.responses[0]).toMatchObject({ response: 'stuck' });
    expect(m.recovery.responses[0]!.reason).toContain('3 times from step 2');
    expect(m.verdict.primary).toMatchObject({ mode: 'recoveryFailure', mast: 'FM-1.3' });
  });

  it('giving up is gave_up; an agent crash after the fault is crashed', () => {
    const gaveUp = analyzeEpisode(
      episode({
        steps: [
          brief,
          faultedWrite(),
          handoff('executor', 'planner', { text: 'Giving up' }, 'SPP', { required: [] }),
          finish('planner', 'SPP', 'gave_up'),
        ],
      }),
    );
    expect(gaveUp.recovery.responses[0]).toMatchObject({ response: 'gave_up' });
    expect(gaveUp.drift.occurred).toBe(false);
    const crashed = analyzeEpisode(
      episode({
        steps: [brief, faultedWrite()],
        outcome: 'agent_error',
        error: { role: 'executor', step: 2, message: 'boom' },
      }),
    );
    expect(crashed.recovery.responses[0]).toMatchObject({ response: 'crashed' });
    expect(crashed.verdict.primary).toMatchObject({ mode: 'recoveryFailure', mast: null });
  });

  it('a rate limit is recovered only by waiting out its retry-after before the retry', () => {
    const limit = fired({
      id: 'p1',
      type: 'rate-limit',
      recovery: 'wait',
      step: 2,
      role: 'executor',
      tool: 'write_file',
    });
    const limited = tool('executor', 'write_file', { path: 'CHANGELOG.md', content: '## v2.0.0' }, 'SPP', {
      ok: false,
      error: { code: 'rate_limited', message: '429', detail: { retryAfter: 5 } },
      perturbations: [limit],
    });
    const waited = analyzeEpisode(
      episode({
        plan: [planned(limit, { retryAfter: 5 })],
        steps: [
          brief,
          limited,
          wait('executor', 5, 'SPP'),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          report,
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(waited.recovery.responses[0]).toMatchObject({ response: 'recovered', stepsToRecover: 2 });
    expect(waited.recovery.responses[0]!.reason).toContain('retry-after 5');
    const hammer = tool('executor', 'write_file', { path: 'CHANGELOG.md', content: '## v2.0.0' }, 'SPP', {
      ok: false,
      error: { code: 'rate_limited', message: '429', detail: { retryAfter: 4 } },
    });
    const hammered = analyzeEpisode(
      episode({ plan: [planned(limit, { retryAfter: 5 })], steps: [brief, limited, hammer, hammer] }),
    );
    expect(hammered.recovery.responses[0]).toMatchObject({ response: 'stuck' });
  });

  it('a retired tool is recovered by its documented fallback', () => {
    const gone = fired({
      id: 'p1',
      type: 'permanent-failure',
      recovery: 'fallback',
      step: 2,
      role: 'executor',
      tool: 'write_file',
      entities: ['CHANGELOG.md'],
    });
    const call = tool('executor', 'write_file', { path: 'CHANGELOG.md', content: '## v2.0.0' }, 'SPP', {
      ok: false,
      error: { code: 'gone', message: '410', detail: { fallback: 'put_file' } },
      perturbations: [gone],
    });
    const m = analyzeEpisode(
      episode({
        plan: [planned(gone, { fallback: 'put_file' })],
        steps: [
          brief,
          call,
          tool('executor', 'put_file', { path: 'CHANGELOG.md', content: '## v2.0.0' }, 'SSS', {
            writes: ['CHANGELOG.md'],
          }),
          report,
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(m.recovery.responses[0]).toMatchObject({
      response: 'recovered',
      stepsToRecover: 1,
      reason: 'the fallback put_file succeeded',
    });
  });

  it('another tool called with the same arguments is not the documented fallback', () => {
    const gone = fired({
      id: 'p1',
      type: 'permanent-failure',
      recovery: 'fallback',
      step: 2,
      role: 'executor',
      tool: 'write_file',
      entities: ['CHANGELOG.md'],
    });
    const call = tool('executor', 'write_file', { path: 'CHANGELOG.md', content: '## v2.0.0' }, 'SPP', {
      ok: false,
      error: { code: 'gone', message: '410', detail: { fallback: 'put_file' } },
      perturbations: [gone],
    });
    const m = analyzeEpisode(
      episode({
        plan: [planned(gone, { fallback: 'put_file' })],
        steps: [
          brief,
          call,
          // A look-alike that takes the same arguments, and succeeds — but it is not what the error named.
          tool('executor', 'append_file', { path: 'CHANGELOG.md', content: '## v2.0.0' }, 'SSS', {
            writes: ['CHANGELOG.md'],
          }),
          report,
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(m.recovery.responses[0]).toMatchObject({ response: 'ignored_claimed_success' });
    expect(m.recovery.occurred).toBe(true);
    expect(m.verdict.modes).toContain('recoveryFailure');
  });

  it('a tool fault off the task path is labelled offPath and left out of the mode', () => {
    const off = fired({
      id: 'p1',
      type: 'transient-error',
      step: 2,
      role: 'executor',
      tool: 'list_dir',
      offPath: true,
    });
    const m = analyzeEpisode(
      episode({
        plan: [planned(off)],
        steps: [
          brief,
          tool('executor', 'list_dir', { path: '' }, 'SPP', { ok: false, error: unavailable, perturbations: [off] }),
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          report,
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(m.recovery.responses[0]).toMatchObject({ response: 'ignored_claimed_success', offPath: true });
    expect(m.recovery.occurred).toBe(false);
    expect(m.recovery.root).toBeNull();
    expect(m.verdict.modes).not.toContain('recoveryFailure');
  });

  it('a team that gives up over a fault off the task path is still charged: the fault did fail the task', () => {
    const off = fired({
      id: 'p1',
      type: 'transient-error',
      step: 2,
      role: 'executor',
      tool: 'list_dir',
      offPath: true,
    });
    const m = analyzeEpisode(
      episode({
        plan: [planned(off)],
        steps: [
          brief,
          tool('executor', 'list_dir', { path: '' }, 'SPP', { ok: false, error: unavailable, perturbations: [off] }),
          finish('planner', 'SPP', 'gave_up', 'Giving up: list_dir is unavailable'),
        ],
      }),
    );
    expect(m.recovery.responses[0]).toMatchObject({ response: 'gave_up', offPath: true });
    expect(m.recovery.occurred).toBe(true);
    expect(m.verdict.modes).toContain('recoveryFailure');
  });

  it('a persistent fault is judged from its first firing on the task path', () => {
    const gone = (step: number, offPath: boolean) =>
      fired({
        id: 'p1',
        type: 'permanent-failure',
        recovery: 'fallback',
        step,
        role: 'executor',
        tool: 'write_file',
        ...(offPath ? { offPath: true as const } : {}),
      });
    const call = (step: number, path: string, offPath: boolean) =>
      tool('executor', 'write_file', { path, content: '## v2.0.0' }, 'SPP', {
        ok: false,
        error: { code: 'gone', message: '410', detail: { fallback: 'put_file' } },
        perturbations: [gone(step, offPath)],
      });
    const m = analyzeEpisode(
      episode({
        plan: [planned(gone(2, true), { fallback: 'put_file' })],
        steps: [brief, call(2, 'notes.txt', true), call(3, 'CHANGELOG.md', false), report, finish('planner', 'SPP')],
      }),
    );
    expect(m.recovery.responses).toHaveLength(1);
    expect(m.recovery.responses[0]).toMatchObject({ step: 3, response: 'ignored_claimed_success' });
    expect(m.recovery.responses[0]?.offPath).toBeUndefined();
    expect(m.recovery.occurred).toBe(true);
  });

  it('a persistent fault that fires on every call is one response', () => {
    const gone = (step: number) =>
      fired({ id: 'p1', type: 'permanent-failure', recovery: 'fallback', step, role: 'executor', tool: 'write_file' });
    const call = (step: number) =>
      tool('executor', 'write_file', { path: 'CHANGELOG.md', content: '## v2.0.0' }, 'SPP', {
        ok: false,
        error: { code: 'gone', message: '410' },
        perturbations: [gone(step)],
      });
    const m = analyzeEpisode(episode({ steps: [brief, call(2), call(3), call(4)] }));
    expect(m.recovery.responses).toHaveLength(1);
    expect(m.recovery.responses[0]).toMatchObject({ step: 2, response: 'stuck' });
  });

  it('an ambiguity is recovered by asking; acting on a guess is a failure to ask for clarification', () => {
    const tbd = fired({
      id: 'p1',
      type: 'ambiguity',
      kind: 'instruction',
      site: 'request',
      recovery: 'clarify',
      step: 0,
      role: 'planner',
      facts: ['version'],
    });
    const asked = analyzeEpisode(
      episode({
        atReset: [tbd],
        request: 'Leave vendor/ alone and release (TBD).',
        steps: [
          ask('planner', 'SPP'),
          brief,
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          report,
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(asked.recovery.responses[0]).toMatchObject({ response: 'recovered', stepsToRecover: 1 });
    const guessed = analyzeEpisode(
      episode({
        atReset: [tbd],
        request: 'Leave vendor/ alone and release (TBD).',
        steps: [
          handoff('planner', 'executor', { text: 'go', facts: { dir: 'vendor/', version: 'v1.9.9' } }, 'SPP', {
            required: ['dir', 'version'],
          }),
          write('executor', 'CHANGELOG.md', '## v1.9.9', 'SPS'),
          handoff('executor', 'planner', { text: 'done' }, 'SPS', { required: [] }),
          finish('planner', 'SVS'),
        ],
      }),
    );
    expect(guessed.recovery.responses[0]).toMatchObject({ response: 'ignored_claimed_success' });
    // The planner never had the version: its brief is not charged as a context loss.
    expect(guessed.handoffLoss.occurred).toBe(false);
    expect(guessed.verdict.modes).toEqual(['recoveryFailure']);
    expect(guessed.verdict.primary).toMatchObject({
      mode: 'recoveryFailure',
      step: 0,
      role: 'planner',
      mast: 'FM-2.2',
    });
  });

  it('a role that lost its memory recovers when briefed again, or has asked', () => {
    const restart = fired({
      id: 'p1',
      type: 'memory-loss',
      kind: 'team',
      site: 'memory',
      recovery: 'escalate',
      step: 3,
      role: 'executor',
    });
    const rebriefed = analyzeEpisode(
      episode({
        steps: [
          brief,
          tool('executor', 'list_dir', { path: '' }, 'SPP'),
          {
            ...handoff('executor', 'planner', { text: 'please resend', resend: true }, 'SPP', { required: [] }),
            perturbations: [restart],
          },
          brief,
          write('executor', 'CHANGELOG.md', '## v2.0.0', 'SSS'),
          report,
          finish('planner', 'SSS'),
        ],
      }),
    );
    expect(rebriefed.recovery.responses[0]).toMatchObject({ response: 'recovered', stepsToRecover: 1 });
    const asked = analyzeEpisode(
      episode({
        steps: [
          brief,
          tool('executor', 'list_dir', { path: '' }, 'SPP'),
          { ...ask('executor', 'SPP', 'I was restarted: please restate the request.'), perturbations: [restart] },
          finish('planner', 'SPP', 'gave_up'),
        ],
      }),
    );
    expect(asked.recovery.responses[0]).toMatchObject({ response: 'asked', stepsToRecover: 0 });
    expect(asked.recovery.occurred).toBe(false);
  });
});
