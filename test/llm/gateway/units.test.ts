/**
 * The gateway's pure parts: rate-limit headers, backoff, cost, request keys, the provider check
 * and redaction.
 */
import { describe, expect, it } from 'vitest';
import { FaultlineError, InvalidArgumentError } from '../../../src/core/errors.js';
import { OPENAI_BASE_URL, assertProviderReady, defaultBaseUrl } from '../../../src/llm/gateway/client.js';
import { costUsd } from '../../../src/llm/gateway/cost.js';
import { parseDuration, retryDelayFromHeaders } from '../../../src/llm/gateway/rate-headers.js';
import { displayUrl, redact } from '../../../src/llm/gateway/redact.js';
import { hashRequest, requestKey } from '../../../src/llm/gateway/request-key.js';
import { DEFAULT_RETRY_POLICY, backoffMs } from '../../../src/llm/gateway/retry.js';
import { chatCall, request } from './fixtures.js';

describe('rate-limit headers', () => {
  it('parses Go-style durations', () => {
    expect(parseDuration('1s')).toBe(1000);
    expect(parseDuration('6m0s')).toBe(360_000);
    expect(parseDuration('20ms')).toBe(20);
    expect(parseDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseDuration('0.5s')).toBe(500);
    expect(parseDuration('soon')).toBeNull();
    expect(parseDuration('1x')).toBeNull();
    expect(parseDuration('')).toBeNull();
  });

  it('prefers retry-after-ms, then retry-after (seconds or a date), then the reset headers', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const h = (o: Record<string, string>) => new Headers(o);
    expect(retryDelayFromHeaders(h({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryDelayFromHeaders(h({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryDelayFromHeaders(h({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryDelayFromHeaders(h({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), now)).toBe(0);
    expect(retryDelayFromHeaders(h({ 'x-ratelimit-reset-requests': '1s' }), now)).toBe(1000);
    expect(
      retryDelayFromHeaders(h({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' }), now),
    ).toBe(360_000);
    expect(
      retryDelayFromHeaders(
        h({
          'x-ratelimit-reset-requests': '1s',
          'x-ratelimit-reset-tokens': '6m0s',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-remaining-tokens': '5000',
        }),
        now,
      ),
    ).toBe(1000);
    expect(retryDelayFromHeaders(h({ 'retry-after': 'never' }), now)).toBeNull();
    expect(retryDelayFromHeaders(h({}), now)).toBeNull();
    expect(retryDelayFromHeaders(undefined, now)).toBeNull();
  });
});

describe('backoffMs', () => {
  it('doubles, is capped, and jitters deterministically from the key and the attempt', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseMs: 100, maxWaitMs: 1000 };
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
      const wait = backoffMs('k', attempt, policy);
      expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
      expect(wait).toBeLessThanOrEqual(ceiling);
      expect(backoffMs('k', attempt, policy)).toBe(wait);
    }
    const spread = new Set(Array.from({ length: 20 }, (_, i) => backoffMs(`key-${i}`, 3, policy)));
    expect(spread.size).toBeGreaterThan(10);
  });
});

describe('costUsd', () => {
  const usage = { promptTokens: 1_000_000, completionTokens: 500_000, cachedTokens: 400_000 };
  it('prices uncached and cached prompt tokens and completion tokens', () => {
    expect(costUsd(usage, { input: 2, output: 8, cachedInput: 0.5 })).toBeCloseTo(0.6 * 2 + 0.4 * 0.5 + 0.5 * 8, 10);
    expect(costUsd(usage, { input: 2, output: 8 })).toBeCloseTo(2 + 4, 10);
  });
  it('is null without prices', () => {
    expect(costUsd(usage)).toBeNull();
  });
});

describe('requestKey', () => {
  const base = chatCall('http://x/v1');
  it('is the same for the same content, whatever the key order or the provider', () => {
    const reordered = { ...base, request: JSON.parse(JSON.stringify(base.request)) as typeof base.request };
    expect(requestKey(reordered)).toBe(requestKey(base));
    expect(
      requestKey({
        ...base,
        settings: { ...base.settings, provider: { baseUrl: 'http://y/v1', apiKeyEnv: 'K' } },
      } as typeof base),
    ).toBe(requestKey(base));
  });
  it('differs with the episode, the ordinal, the model, the messages, the tools and the sampling', () => {
    const keys = [
      base,
      { ...base, episodeId: 'ep-2' },
      { ...base, ordinal: 2 },
      { ...base, request: request('other') },
      { ...base, request: request('m', { messages: [] }) },
      { ...base, request: request('m', { tools: [] }) },
      { ...base, request: request('m', { temperature: 0.5 }) },
      { ...base, request: request('m', { seed: 8 }) },
    ].map(requestKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('reports the request size the limiter estimates from', () => {
    expect(hashRequest(base).chars).toBe(JSON.stringify(base.request).length);
  });
});

describe('assertProviderReady', () => {
  it('refuses OpenAI without a key, naming the variable and the flags', () => {
    const check = () => assertProviderReady({ baseUrl: OPENAI_BASE_URL, apiKeyEnv: 'MY_KEY' }, {});
    expect(check).toThrow(FaultlineError);
    expect(check).toThrow(/MY_KEY is not set.*--base-url/);
    expect(() => assertProviderReady({ baseUrl: `${OPENAI_BASE_URL}/`, apiKeyEnv: 'MY_KEY' }, { MY_KEY: ' ' })).toThrow(
      /MY_KEY/,
    );
  });
  it('accepts a key, or a local server without one', () => {
    expect(() => assertProviderReady({ baseUrl: OPENAI_BASE_URL, apiKeyEnv: 'MY_KEY' }, { MY_KEY: 'k' })).not.toThrow();
    expect(() => assertProviderReady({ baseUrl: 'http://127.0.0.1:11434/v1', apiKeyEnv: 'MY_KEY' }, {})).not.toThrow();
  });
  it('refuses a base URL that is not http(s)', () => {
    expect(() => assertProviderReady({ baseUrl: 'localhost:8000', apiKeyEnv: 'K' }, { K: 'k' })).toThrow(
      InvalidArgumentError,
    );
    expect(() => assertProviderReady({ baseUrl: 'ftp://x', apiKeyEnv: 'K' }, { K: 'k' })).toThrow(/provider\.baseUrl/);
  });
  it('defaults the base URL to OPENAI_BASE_URL, then OpenAI', () => {
    expect(defaultBaseUrl('http://a/v1', { OPENAI_BASE_URL: 'http://b/v1' })).toBe('http://a/v1');
    expect(defaultBaseUrl(undefined, { OPENAI_BASE_URL: 'http://b/v1' })).toBe('http://b/v1');
    expect(defaultBaseUrl(undefined, {})).toBe(OPENAI_BASE_URL);
  });
});

describe('redact', () => {
  it('removes the given secrets, bearer tokens and key-shaped strings, and shortens', () => {
    const text = redact('bad key sk-abcdef123456 for Authorization: Bearer xyz123 and secret42', ['secret42']);
    expect(text).not.toMatch(/sk-abcdef|xyz123|secret42/);
    expect(redact('x'.repeat(5000)).length).toBeLessThan(600);
    expect(redact('a\u0000b')).toBe('a b');
  });
  it('removes a key a provider shows masked, whatever its shape', () => {
    // OpenAI's 401 for a key that is not one of its own (here an AWS-shaped one).
    const text = redact(
      'Incorrect API key provided: AKIAIOSF************MPLE. You can find your API key at https://platform.openai.com/account/api-keys.',
    );
    expect(text).toBe(
      'Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.',
    );
    expect(redact('key ab****yz, and g**gle stays')).toBe('key [redacted], and g**gle stays');
  });
  it('hides credentials in a base URL', () => {
    expect(displayUrl('https://user:pw@proxy.example/v1?key=abc')).toBe(
      'https://proxy.example/v1 (credentials hidden)',
    );
    expect(displayUrl('http://127.0.0.1:8000/v1')).toBe('http://127.0.0.1:8000/v1');
  });
});
