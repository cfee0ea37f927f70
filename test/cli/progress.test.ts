import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/progress.js';
import { parseShard, shardKeys } from '../../src/run/plan.js';

function sink(tty: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY: tty, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

describe('progress', () => {
  it('draws a bar with rate, ETA and failures on a terminal', () => {
    let t = 0;
    const out = sink(true);
    const p = progressReporter({ stream: out.stream, now: () => t });
    p.start({ planned: 4, recorded: 0, discarded: 0, toRun: 4 });
    for (let i = 1; i <= 4; i++) {
      t += 500;
      p.episode({ success: i !== 2, outcome: i === 2 ? 'failure' : 'success' }, i, 4);
    }
    p.done();
    expect(out.text()).toMatch(/\[#{24}\] 4\/4 100\.0%\s+2\.0 ep\/s\s+ETA 0:00\s+failures 1/);
  });

  it('prints plain periodic lines otherwise, and says what a resume found', () => {
    let t = 0;
    const out = sink(false);
    const p = progressReporter({ stream: out.stream, now: () => t, interval: 10 });
    p.start({
      planned: 100,
      recorded: 60,
      discarded: 1,
      discardedReasons: '1: the last line was cut short',
      unverified: 2,
      toRun: 40,
    });
    for (let i = 1; i <= 40; i++) {
      t += 1000;
      p.episode({ success: true, outcome: 'success' }, i, 40);
    }
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toBe(
      '40 episodes to run (100 planned, 60 already recorded, 1 record(s) discarded and redone — 1: the last line was cut short)',
    );
    expect(lines[1]).toMatch(/^warning: 2 recorded episode\(s\) have no checksums .*kept as unverified/);
    expect(lines.length).toBe(2 + 4 + 1); // first episode, then every 10 s, and the last
    expect(lines.at(-1)).toMatch(/^episodes 40\/40 100\.0%/);
  });
});

describe('shards', () => {
  it('parse i/n and reject anything else with the flag named', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/3', '4/3', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });

  it('partition the plan: every key in exactly one shard', () => {
    const keys = Array.from({ length: 23 }, (_, i) => i);
    const parts = [1, 2, 3, 4].map((index) => shardKeys(keys, { index, count: 4 }));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(keys);
  });
});
