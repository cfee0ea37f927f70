import { describe, expect, it } from 'vitest';
import { WORKER_RUN_INTERRUPT_BUDGET, workerRunJitFlag } from '../../src/cli/jit-budget.js';

describe('the JIT budget of a run on worker threads', () => {
  it('raises the interrupt budget for a run on two or more workers', () => {
    expect(workerRunJitFlag(2, [])).toBe(`--interrupt-budget=${WORKER_RUN_INTERRUPT_BUDGET}`);
    expect(workerRunJitFlag(16, ['--conditions=source'])).toBe(`--interrupt-budget=${WORKER_RUN_INTERRUPT_BUDGET}`);
    // Far above V8's default (67,584), or it would change nothing.
    expect(WORKER_RUN_INTERRUPT_BUDGET).toBeGreaterThan(4 * 67_584);
  });

  it('leaves a run in one thread, and a budget the user chose, as they are', () => {
    expect(workerRunJitFlag(1, [])).toBeNull();
    expect(workerRunJitFlag(2, ['--interrupt-budget=1000'])).toBeNull();
    expect(workerRunJitFlag(2, ['--interrupt-budget', '1000'])).toBeNull();
  });
});
