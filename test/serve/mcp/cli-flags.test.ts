/** `faultline mcp` refuses bad flags with a one-line usage error (exit 2) before serving anything. */
import { describe, expect, it } from 'vitest';
import { cliInProcess } from '../../support/cli.js';

const ENV = ['--env', 'filesystem/rename-symbol-v1'];

describe('faultline mcp flags', () => {
  it.each([
    [['--env', 'nope/x-v1'], /No env registered as "nope\/x-v1"/],
    [[...ENV, '--seed', '-1'], /--seed/],
    [[...ENV, '--role', 'boss'], /got "boss", expected one of planner, executor, reviewer/],
    [[...ENV, '--view', 'crowd'], /--view/],
    [[...ENV, '--perturb', 'no-such-profile'], /no-such-profile/],
    [[...ENV, '--control-timeout', '0'], /--control-timeout/],
    [[...ENV, '--world-size', 'huge'], /--world-size: got "huge", expected small \(100\)/],
  ])('%j is a usage error', async (args, message) => {
    const result = await cliInProcess(['mcp', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});

describe('faultline serve flags', () => {
  it('--world-size is checked before serving', async () => {
    const result = await cliInProcess(['serve', '--port', '0', '--world-size', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--world-size: got "0", expected small \(100\)/);
  });
});
