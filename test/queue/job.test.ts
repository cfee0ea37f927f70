/**
 * Episode jobs as workers receive them and results as the coordinator accepts them: anything on a
 * shared queue may be malformed or hostile, so a job is validated before it runs and a result is
 * verified before it is recorded. No Redis needed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { gzipSync } from 'node:zlib';
import { JOB_FORMAT, packResult, parseEpisodeJob, unpackResult, type EpisodeJob } from '../../src/queue/job.js';
import { executeEpisode } from '../../src/run/execute.js';
import { episodeId, type PlannedKey } from '../../src/run/episode-id.js';
import { episodeJobId, parseEpisodeJobId } from '../../src/queue/keys.js';

beforeAll(() => loadBuiltins());

const key: PlannedKey = { envId: 'filesystem/rename-symbol-v1', team: 'oracle', seed: 3, trial: 0, variant: 0 };
const job: EpisodeJob = {
  format: JOB_FORMAT,
  runId: '0123456789abcdef',
  version: '0.1.0',
  key,
  settings: { perturb: 'production', maxSteps: null, maxActionBytes: 65536 },
  setup: [{ module: 'builtins' }, { module: 'llm', options: { model: 'm' } }],
  imports: [{ name: 'team.ts', sha256: 'a'.repeat(64) }],
  limits: { rpm: 60 },
};

describe('parseEpisodeJob', () => {
  it('accepts a well-formed job as it is', () => {
    expect(parseEpisodeJob(structuredClone(job))).toEqual({ job });
  });

  it('accepts a job carrying the cassette of its episode, packed', () => {
    const withCassette = { ...job, cassette: gzipSync('{}\n').toString('base64') };
    expect(parseEpisodeJob(structuredClone(withCassette))).toEqual({ job: withCassette });
  });

  it.each([
    ['not an object', 'hello', /\(root\)/],
    ['another format', { ...job, format: 'x' }, /format/],
    ['a run id that is not hex', { ...job, runId: '../../x' }, /runId/],
    ['an unknown setup module', { ...job, setup: [{ module: 'file:///tmp/evil.js' }] }, /setup\.0\.module/],
    ['an extra field', { ...job, apiKey: 'sk-1' }, /apiKey|unrecognized/i],
    ['a negative seed', { ...job, key: { ...key, seed: -1 } }, /key\.seed/],
    ['an import hash that is not sha256', { ...job, imports: [{ name: 'x.ts', sha256: 'zz' }] }, /imports\.0\.sha256/],
    ['a cassette that is not base64', { ...job, cassette: '../../etc/passwd' }, /cassette/],
  ])('refuses %s, naming the field', (_what, data, field) => {
    const parsed = parseEpisodeJob(data);
    expect('error' in parsed && parsed.error).toMatch(/not a faultline\.job\/1 episode job/);
    expect('error' in parsed && parsed.error).toMatch(field);
  });

  it('refuses a key whose env id would name a path outside the run directory', () => {
    const parsed = parseEpisodeJob({ ...job, key: { ...key, envId: '../../etc/passwd' } });
    expect('error' in parsed && parsed.error).toMatch(/episode key is not valid: episode key envId/);
  });
});

describe('unpackResult', () => {
  it('accepts the sealed record and trajectory of the expected episode, and nothing else', async () => {
    const done = await executeEpisode(key, { perturb: 'production', maxSteps: null });
    const id = episodeId(key);
    const problem = (result: unknown, expected = id) => {
      const unpacked = unpackResult(result, expected);
      return 'problem' in unpacked ? unpacked.problem : null;
    };
    const packed = packResult(done);
    expect(unpackResult(packed, id)).toEqual(done);
    // Gzipped, the trajectory travels in a fraction of its size.
    expect(packed.trajectoryGzip.length).toBeLessThan(done.trajectory.length / 4);
    expect(problem(null)).toMatch(/no result/);
    expect(problem({ record: done.record })).toMatch(/no record and trajectory/);
    expect(problem({ record: done.record, trajectoryGzip: 'not gzip' })).toMatch(/cannot be unpacked/);
    expect(problem(packed, episodeId({ ...key, seed: 4 }))).toMatch(/returned episode .*s3.*, not .*s4/);
    const edited = { ...done, record: { ...done.record, outcome: 'success' as const, steps: done.record.steps + 1 } };
    expect(problem(packResult(edited))).toMatch(/record does not verify: .*checksum/);
    const { checksum: _checksum, ...unsealed } = done.record;
    expect(problem(packResult({ ...done, record: unsealed }))).toMatch(/no checksum/);
    expect(problem(packResult({ ...done, trajectory: done.trajectory.slice(0, -40) }))).toMatch(
      /trajectory does not verify/,
    );
    const other = await executeEpisode({ ...key, trial: 1 }, { perturb: 'production', maxSteps: null });
    expect(problem(packResult({ record: done.record, trajectory: other.trajectory }))).toMatch(
      /not the one the record was sealed with/,
    );
  });

  it('takes a cassette back only when every line is a recorded call, and never one that inflates past the limit', async () => {
    const done = await executeEpisode(key, { perturb: 'production', maxSteps: null });
    const id = episodeId(key);
    const line = JSON.stringify({
      key: 'k1',
      ordinal: 1,
      request: { model: 'm', messages: [] },
      answer: {
        message: { content: 'hi', toolCalls: [] },
        usage: { promptTokens: 1, completionTokens: 1, cachedTokens: 0 },
        latencyMs: 3,
        attempts: [],
      },
    });
    const back = (text: string) => unpackResult(packResult(done, gzipSync(text).toString('base64')), id);
    expect(back(`${line}\n`)).toEqual({ ...done, cassette: `${line}\n` });
    expect(unpackResult(packResult(done), id)).not.toHaveProperty('cassette');
    const problem = (result: ReturnType<typeof unpackResult>) => ('problem' in result ? result.problem : null);
    expect(problem(back(`${line}\n{"key":"k2"}\n`))).toMatch(
      /cassette does not verify: line 2 is not a recorded model call/,
    );
    expect(problem(back(line))).toMatch(/cassette does not verify: its last line is not complete/);
    expect(problem(unpackResult({ ...packResult(done), cassetteGzip: 'not gzip' }, id))).toMatch(
      /cassette cannot be unpacked/,
    );
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const bomb = Buffer.concat(Array.from({ length: 300 }, () => member)).toString('base64');
    expect(problem(unpackResult({ ...packResult(done), cassetteGzip: bomb }, id))).toMatch(
      /cassette cannot be unpacked/,
    );
  });

  it('refuses a result that would inflate beyond any trajectory (a gzip bomb)', () => {
    // 300 gzip members of 1 MiB of zeros each: 300 MiB once inflated, from about 300 KiB.
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const bomb = Buffer.concat(Array.from({ length: 300 }, () => member)).toString('base64');
    const unpacked = unpackResult({ record: { id: 'x' }, trajectoryGzip: bomb }, 'x');
    expect('problem' in unpacked && unpacked.problem).toMatch(/cannot be unpacked/);
  });
});

describe('episode job ids', () => {
  it('are the run id and episode id, and parse back', () => {
    const id = episodeJobId('0123456789abcdef', episodeId(key));
    expect(id).toBe('0123456789abcdef.filesystem.rename-symbol-v1__oracle__s3__t0');
    expect(id).not.toContain(':');
    expect(parseEpisodeJobId(id)).toEqual({ runId: '0123456789abcdef', episodeId: episodeId(key) });
    expect(parseEpisodeJobId('nodot')).toBeNull();
  });
});
