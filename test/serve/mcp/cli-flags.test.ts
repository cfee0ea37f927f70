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
  ])('%j is a usage error', async (args, message) => {
    const result = await cliInProcess(['mcp', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
