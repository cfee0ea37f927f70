/**
 * The pieces that carry a run's cassettes between the coordinator's directory and the workers'
 * (src/queue/job-cassette.ts): finding the cassette in a setup and pointing it elsewhere, what a
 * job carries in each mode, storing what comes back, and a worker's private directory. No Redis
 * needed: test/queue/queue-cassette.test.ts runs the whole path on a real queue.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  WorkerCassettes,
  cassetteForJob,
  namesCassette,
  packText,
  setupCassette,
  storeCassette,
  unpackText,
  withCassetteDir,
} from '../../src/queue/job-cassette.js';
import type { PortableSetup } from '../../src/queue/portable-modules.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-job-cassette-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const llm = (cassette: unknown): PortableSetup => ({
  module: 'llm',
  options: { teams: [{ id: 'llm' }], gateway: { cassette, maxRetries: 2 } },
});
const teamCmd = (cassette: unknown): PortableSetup => ({
  module: 'team-cmd',
  options: { teams: [], proxy: { provider: { baseUrl: 'http://x' }, gateway: { cassette } } },
});

/** A cassette line as the gateway writes it. */
const line = (key: string) =>
  JSON.stringify({
    key,
    ordinal: 1,
    request: { model: 'm', messages: [{ role: 'user', content: 'a long prompt '.repeat(50) }] },
    answer: {
      message: { content: `answer ${key}`, toolCalls: [] },
      usage: { promptTokens: 1, completionTokens: 1, cachedTokens: 0 },
      latencyMs: 5,
      attempts: [],
    },
  });

describe('setupCassette and withCassetteDir', () => {
  it('find the cassette where the llm and team-cmd setups read it, and nothing elsewhere', () => {
    expect(setupCassette([{ module: 'builtins' }, llm({ dir: '/c', mode: 'auto' })])).toEqual({
      dir: '/c',
      mode: 'auto',
    });
    expect(setupCassette([teamCmd({ dir: '/p', mode: 'replay' })])).toEqual({ dir: '/p', mode: 'replay' });
    expect(setupCassette([{ module: 'builtins' }, llm(null)])).toBeNull();
    // Off, or a shape no setup reads, is no cassette.
    expect(setupCassette([llm({ dir: '/c', mode: 'off' })])).toBeNull();
    expect(setupCassette([llm({ dir: 7, mode: 'record' })])).toBeNull();
    expect(
      setupCassette([{ module: 'builtins', options: { gateway: { cassette: { dir: '/c', mode: 'record' } } } }]),
    ).toBeNull();
  });

  it('point every cassette at another directory without changing the setup given', () => {
    const setup = [
      { module: 'builtins' } as PortableSetup,
      llm({ dir: '/c', mode: 'record' }),
      teamCmd({ dir: '/c', mode: 'record' }),
    ];
    const before = structuredClone(setup);
    const moved = withCassetteDir(setup, '/mine');
    expect(setup).toEqual(before);
    expect(moved[0]).toBe(setup[0]);
    expect(moved[1]).toEqual(llm({ dir: '/mine', mode: 'record' }));
    expect(moved[2]).toEqual(teamCmd({ dir: '/mine', mode: 'record' }));
    // A hostile job's directory is replaced wherever the setup modules read it.
    expect(setupCassette(withCassetteDir([llm({ dir: '/etc', mode: 'record' })], '/mine'))?.dir).toBe('/mine');
    expect(withCassetteDir([llm(null)], '/mine')).toEqual([llm(null)]);
    // A setting this version would not make is pointed at the worker's directory all the same.
    const odd = [llm({ dir: '/etc', mode: 'sideways' })];
    expect(setupCassette(odd)).toBeNull();
    expect(namesCassette(odd)).toBe(true);
    expect(withCassetteDir(odd, '/mine')).toEqual([llm({ dir: '/mine', mode: 'sideways' })]);
    expect(namesCassette([{ module: 'builtins' }, llm(null)])).toBe(false);
  });
});

describe('what a job carries, and what comes back', () => {
  it('replay carries the answers only, auto the whole file, record nothing', () => {
    const text = `${line('a')}\n\n${line('b')}\n{"torn`;
    writeFileSync(join(dir, 'ep-1.jsonl'), text);
    const replay = unpackText(cassetteForJob({ dir, mode: 'replay' }, 'ep-1') as string);
    expect(replay.split('\n').map((l) => (l === '' ? null : (JSON.parse(l) as { key: string }).key))).toEqual([
      'a',
      'b',
      null,
    ]);
    expect(replay).not.toContain('request');
    expect(replay).toContain('answer a');
    expect(replay.length).toBeLessThan(text.length / 3);
    expect(unpackText(cassetteForJob({ dir, mode: 'auto' }, 'ep-1') as string)).toBe(text);
    expect(cassetteForJob({ dir, mode: 'record' }, 'ep-1')).toBeUndefined();
    expect(cassetteForJob({ dir, mode: 'auto' }, 'ep-2')).toBeUndefined();
  });

  it('stores a returned cassette inside the directory only', () => {
    storeCassette({ dir, mode: 'record' }, 'ep-1', `${line('a')}\n`);
    expect(readFileSync(join(dir, 'ep-1.jsonl'), 'utf8')).toBe(`${line('a')}\n`);
    expect(readdirSync(dir)).toEqual(['ep-1.jsonl']);
    expect(() => storeCassette({ dir, mode: 'record' }, '../escape', 'x')).toThrow(/not a file inside/);
  });

  it('unpacks what it packed, and refuses what is not gzip (the size limit: job.test.ts)', () => {
    expect(unpackText(packText('hello'))).toBe('hello');
    expect(() => unpackText('not gzip')).toThrow();
  });
});

describe('a worker’s own cassette directory', () => {
  it('holds a job’s cassette while its episode runs and nothing after', async () => {
    const worker = new WorkerCassettes();
    const own = worker.dir;
    const file = join(own, 'ep-1.jsonl');
    // auto: the episode finds the job's file, appends to it, and what it left comes back.
    const auto = await worker.play('ep-1', 'auto', `${line('a')}\n`, () => {
      expect(readFileSync(file, 'utf8')).toBe(`${line('a')}\n`);
      writeFileSync(file, `${line('a')}\n${line('b')}\n`);
      return Promise.resolve('done');
    });
    expect(auto.value).toBe('done');
    expect(unpackText(auto.cassette as string)).toBe(`${line('a')}\n${line('b')}\n`);
    expect(existsSync(file)).toBe(false);
    // replay: nothing comes back.
    const replay = await worker.play('ep-1', 'replay', `${line('b')}\n`, () => Promise.resolve(existsSync(file)));
    expect(replay).toEqual({ value: true, cassette: undefined });
    // No cassette: a file left from before is removed, and a record that made no call returns none.
    writeFileSync(join(own, 'ep-2.jsonl'), 'stale');
    const none = await worker.play('ep-2', 'record', undefined, () =>
      Promise.resolve(existsSync(join(own, 'ep-2.jsonl'))),
    );
    expect(none).toEqual({ value: false, cassette: undefined });
    // An episode that fails leaves nothing either.
    await expect(worker.play('ep-3', 'auto', 'x\n', () => Promise.reject(new Error('thread died')))).rejects.toThrow(
      /thread died/,
    );
    expect(readdirSync(own)).toEqual([]);
    await expect(worker.play('../x', 'auto', 'y', () => Promise.resolve(0))).rejects.toThrow(/not a file inside/);
    worker.close();
    expect(existsSync(own)).toBe(false);
  });

  it('plays a job taken again while its earlier attempt runs only after that attempt (they share the file)', async () => {
    const worker = new WorkerCassettes();
    const file = join(worker.dir, 'ep-1.jsonl');
    const order: string[] = [];
    let finishFirst = () => undefined as void;
    const first = worker.play('ep-1', 'record', undefined, async () => {
      order.push('first starts');
      writeFileSync(file, `${line('first')}\n`);
      await new Promise<void>((resolve) => (finishFirst = resolve));
      order.push('first ends');
    });
    await new Promise((resolve) => setImmediate(resolve));
    const second = worker.play('ep-1', 'record', undefined, () => {
      order.push('second starts');
      writeFileSync(file, `${line('second')}\n`);
      return Promise.resolve();
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['first starts']);
    finishFirst();
    const [a, b] = await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second starts']);
    expect(unpackText(a.cassette as string)).toContain('answer first');
    expect(unpackText(b.cassette as string)).toContain('answer second');
    expect(unpackText(b.cassette as string)).not.toContain('answer first');
    worker.close();
  });
});
