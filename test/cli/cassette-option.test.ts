/**
 * `--llm-cache` with `--llm-cache-mode`, checked before any episode: a replay needs a directory
 * recorded earlier, a recording makes its directory at once, and a path that cannot be a directory
 * is a usage error naming `--llm-cache` (not a hang in Node's recursive mkdir, nor one failed
 * model call per episode).
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cassetteFrom } from '../../src/cli/cassette-option.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-cassette-option-'));
const file = join(dir, 'a-file');
writeFileSync(file, 'not a directory');

describe('cassetteFrom', () => {
  it('no cache directory, or mode off: no cassette', () => {
    expect(cassetteFrom({})).toBeNull();
    expect(cassetteFrom({ llmCache: dir, llmCacheMode: 'off' })).toBeNull();
  });

  it('a cache directory alone means auto, made now with its missing parents', () => {
    const cache = join(dir, 'new', 'cache');
    expect(cassetteFrom({ llmCache: cache })).toEqual({ dir: cache, mode: 'auto' });
    expect(statSync(cache).isDirectory()).toBe(true);
    const recorded = join(dir, 'recorded');
    expect(cassetteFrom({ llmCache: recorded, llmCacheMode: 'record' })).toEqual({ dir: recorded, mode: 'record' });
    expect(statSync(recorded).isDirectory()).toBe(true);
  });

  it('a replay from a directory that does not exist is refused, with the modes that record', () => {
    const missing = join(dir, 'typo');
    expect(() => cassetteFrom({ llmCache: missing, llmCacheMode: 'replay' })).toThrow(InvalidArgumentError);
    expect(() => cassetteFrom({ llmCache: missing, llmCacheMode: 'replay' })).toThrow(
      /--llm-cache: got ".*typo", expected a cassette directory recorded earlier .*but it does not exist\. Fix: .*--llm-cache-mode auto/,
    );
    expect(cassetteFrom({ llmCache: dir, llmCacheMode: 'replay' })).toEqual({ dir, mode: 'replay' });
  });

  it('a file, a path under a file, or a place no directory can be made: an error naming --llm-cache', () => {
    expect(() => cassetteFrom({ llmCache: file, llmCacheMode: 'replay' })).toThrow(/--llm-cache: .*but it is a file/);
    expect(() => cassetteFrom({ llmCache: file, llmCacheMode: 'auto' })).toThrow(/--llm-cache: .*but it is a file/);
    expect(() => cassetteFrom({ llmCache: join(file, 'sub'), llmCacheMode: 'record' })).toThrow(
      /--llm-cache: .*a directory, but .*a-file is a file/,
    );
    expect(() => cassetteFrom({ llmCache: '/proc/faultline-nope/cache', llmCacheMode: 'record' })).toThrow(
      /--llm-cache: .*making \/proc\/faultline-nope failed/,
    );
  });
});
