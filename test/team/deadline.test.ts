/**
 * The per-action deadline: it fires even when nothing else keeps the process alive, its timer is
 * gone as soon as the action settles, and the agent's signal aborts with a TimeoutError reason.
 */
import { describe, expect, it } from 'vitest';
import { AgentTimeoutError, MAX_DEADLINE_MS, assertDeadlineMs, withDeadline } from '../../src/team/deadline.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

/** Live timers of this thread. */
function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('withDeadline', () => {
  it('clears its timer as soon as the action settles, whether it answers or throws', async () => {
    const before = timers();
    for (let i = 0; i < 50; i++) await withDeadline(60_000, () => ({ type: 'wait', ticks: 1 }));
    for (let i = 0; i < 50; i++)
      await expect(withDeadline(60_000, () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(timers()).toBe(before);
  });

  it('rejects with AgentTimeoutError at the deadline and aborts the signal with a TimeoutError', async () => {
    let reason: unknown = null;
    const pending = withDeadline(20, (signal) => {
      signal.addEventListener('abort', () => {
        reason = signal.reason as unknown;
      });
      return new Promise(() => undefined);
    });
    await expect(pending).rejects.toBeInstanceOf(AgentTimeoutError);
    await expect(pending).rejects.toThrow('the agent did not answer within 20 ms');
    expect(reason).toBeInstanceOf(DOMException);
    expect((reason as DOMException).name).toBe('TimeoutError');
  });

  it('its timer keeps the event loop alive (an unreferenced one let a run exit with code 13)', async () => {
    const before = process.getActiveResourcesInfo();
    const pending = withDeadline(30, () => new Promise(() => undefined)).catch((e: unknown) => e);
    // A referenced Timeout is listed as an active resource; an unref'd one is not.
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(
      before.filter((r) => r === 'Timeout').length + 1,
    );
    expect(await pending).toBeInstanceOf(AgentTimeoutError);
  });

  it('refuses a deadline a timer cannot keep, naming the field and the fix', () => {
    for (const bad of [0, -5, 1.5, Number.NaN, MAX_DEADLINE_MS + 1, '100'])
      expect(() => assertDeadlineMs(bad, '--agent-timeout')).toThrow(InvalidArgumentError);
    expect(() => assertDeadlineMs(MAX_DEADLINE_MS + 1, '--agent-timeout')).toThrow(
      /--agent-timeout.*2147483648.*1 to 2147483647.*60000/,
    );
    expect(() => assertDeadlineMs(1, 'x')).not.toThrow();
  });
});
