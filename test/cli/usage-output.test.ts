/**
 * What a run of a model-backed team prints: tokens and cost per success next to pass^k in the
 * table, requests, tokens and cost so far in the progress line; and the run command's flags for
 * concurrency and request limits, validated with clear errors.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/progress.js';
import { perSuccess } from '../../src/report/table.js';
import { limiterFromFlags, limitFlag } from '../../src/cli/limiter-options.js';
import { providerErrorNotice } from '../../src/cli/run-output.js';
import type { LimiterSettings, RequestLimiter } from '../../src/llm/types.js';
import { cliInProcess } from '../support/cli.js';

const MODULE = join(import.meta.dirname, '../fixtures/model-teams.ts');

function sink(tty: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY: tty, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

describe('usage output', () => {
  it('the progress line adds requests, tokens and cost of finished episodes, once any model was called', () => {
    let t = 0;
    const out = sink(false);
    const p = progressReporter({ stream: out.stream, now: () => t, interval: 1 });
    p.start({ planned: 3, recorded: 0, discarded: 0, toRun: 3, providerErrors: 2 });
    p.episode({ success: true, outcome: 'success' }, 1, 3);
    const usage = { calls: 4, promptTokens: 6000, completionTokens: 500, costUsd: 0.0125 };
    t += 2000;
    p.episode({ success: true, outcome: 'success', usage }, 2, 3);
    t += 2000;
    p.episode({ success: false, outcome: 'provider_error', usage }, 3, 3);
    const text = out.text();
    expect(text).toContain('3 episodes to run (3 planned, 2 that could not reach the model provider run again)');
    expect(text.split('\n')[1]).not.toContain('requests');
    expect(text).toMatch(/errors 0 {2}requests 4 {2}tokens 6500 {2}\$0\.013 {2}passed: all 2\/2\n/);
    expect(text).toMatch(/errors 1 {2}requests 8 {2}tokens 13\.0k {2}\$0\.025 {2}passed: all 2\/3\n/);
  });

  it('the table shows tokens and cost per success when a cell called models', () => {
    expect(
      perSuccess({ successes: 4, usage: { calls: 8, promptTokens: 30_000, completionTokens: 2000, costUsd: 0.5 } }),
    ).toEqual(['8000', '$0.13']);
    expect(perSuccess({ successes: 0, usage: { calls: 8, promptTokens: 1, completionTokens: 1, costUsd: 1 } })).toEqual(
      ['–', '–'],
    );
    expect(
      perSuccess({ successes: 2, usage: { calls: 2, promptTokens: 100, completionTokens: 20, costUsd: null } }),
    ).toEqual(['60', '–']);
  });

  it('a run of a model-backed team prints them; a scripted team has no such columns', async () => {
    const r = await cliInProcess([
      'run',
      '--env',
      'deploy/rollout-v2',
      '--team',
      'fixture-model,oracle',
      '--seeds',
      '0-2',
      '--trials',
      '2',
      '--concurrency',
      '8',
      '--import',
      MODULE,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tok/success');
    expect(r.stdout).toContain('$/success');
    expect(r.stderr).toMatch(/requests \d+ {2}tokens \d/);
    const scripted = await cliInProcess(['run', '--env', 'deploy/rollout-v2', '--team', 'oracle', '--seeds', '0']);
    expect(scripted.stdout).not.toContain('tok/success');
    expect(scripted.stderr).not.toContain('requests');
  }, 30_000);

  it('rejects a bad --concurrency, --rpm, --tpm or --max-in-flight with the flag, the value and a fix', async () => {
    for (const [flag, value, expected] of [
      ['--concurrency', '0', /--concurrency: got "0".*1\.\.1024.*--concurrency 8/],
      ['--concurrency', '2000', /--concurrency.*1\.\.1024/],
      ['--concurrency', 'many', /--concurrency: got "many"/],
      ['--rpm', '0', /--rpm: got "0".*whole number.*--rpm 500/],
      ['--tpm', '-5', /--tpm: got "-5"/],
      ['--max-in-flight', '1.5', /--max-in-flight: got "1\.5"/],
    ] as const) {
      const r = await cliInProcess([
        'run',
        '--env',
        'deploy/rollout-v2',
        '--team',
        'oracle',
        '--seeds',
        '0',
        flag,
        value,
      ]);
      expect(r.code, `${flag} ${value}`).toBe(2);
      expect(r.stderr).toMatch(expected);
    }
    expect(limitFlag('rpm')('600')).toBe(600);
  });

  it('builds one limiter from the limit flags, and none without them', async () => {
    const seen: LimiterSettings[] = [];
    const fake: RequestLimiter = { acquire: () => Promise.resolve({ release: () => undefined }) };
    const factory = (s: LimiterSettings) => {
      seen.push(s);
      return fake;
    };
    expect(await limiterFromFlags({}, factory)).toBeUndefined();
    expect(await limiterFromFlags({ rpm: 60, maxInFlight: 4 }, factory)).toBe(fake);
    expect(seen).toEqual([{ rpm: 60, maxInFlight: 4 }]);
  });

  it('names at most twenty unreachable episodes and says how to re-run them', () => {
    const ids = Array.from({ length: 23 }, (_, i) => `e${i}`);
    expect(providerErrorNotice(['a'])).toBe(
      '1 episode could not reach the model provider: a; re-run them with --resume',
    );
    expect(providerErrorNotice(ids)).toMatch(/^23 episodes .*e19 and 3 more; re-run them with --resume$/);
  });
});
