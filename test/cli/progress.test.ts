import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/progress.js';
import { displayWidth } from '../../src/report/text-width.js';
import { parseShard, shardKeys } from '../../src/run/plan.js';

function sink(tty: boolean, columns?: number) {
  const chunks: string[] = [];
  const stream = { isTTY: tty, columns, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

describe('progress', () => {
  it('draws a bar with rate, ETA, errors and passed episodes per team on a terminal', () => {
    let t = 0;
    const out = sink(true, 120);
    const p = progressReporter({ stream: out.stream, now: () => t });
    p.start({ planned: 4, recorded: 0, discarded: 0, toRun: 4 });
    for (let i = 1; i <= 4; i++) {
      t += 500;
      p.episode(
        { success: i !== 2, outcome: i === 2 ? 'failure' : 'success', team: i % 2 ? 'oracle' : 'random' },
        i,
        4,
      );
    }
    p.done();
    expect(out.text().replace('\u001b[K\n', '')).toMatch(
      /\[#{24}\] 4\/4 100\.0% {2}2\.0 ep\/s {2}ETA 0:00 {2}errors 0 {2}passed: oracle 2\/2, random 1\/2$/,
    );
    expect(out.text().endsWith('\u001b[K\n')).toBe(true);
    expect(out.text()).not.toContain('failures');
  });

  it('keeps the live line to one line at any width: the bar shrinks, then the line is cut', () => {
    const teams = ['oracle', 'brittle', 'credulous', 'drifting', 'lossy-handoff', 'random', 'noop', 'チーム'];
    for (const columns of [30, 50, 80, 120]) {
      let t = 0;
      const out = sink(true, columns);
      const p = progressReporter({ stream: out.stream, now: () => t });
      for (let i = 1; i <= 40; i++) {
        t += 200;
        p.episode(
          { success: i % 3 !== 0, outcome: i % 7 === 0 ? 'agent_error' : 'failure', team: teams[i % 8] },
          i,
          40,
        );
      }
      p.done();
      const paints = out.text().split('\r').slice(1);
      expect(paints.length).toBeGreaterThan(10);
      for (const paint of paints) {
        const line = paint.replace('\u001b[K', '').replace(/\n$/, '');
        expect(line).not.toContain('\n');
        expect(displayWidth(line), line).toBeLessThanOrEqual(columns - 1);
      }
      expect(paints.at(-1)).toMatch(/^(\[[#.]+\] )?40\/40 100\.0%/);
      if (columns >= 120) expect(paints.at(-1)).toContain('errors 5  passed: brittle 3/5, credulous 4/5');
    }
  });

  it('gives up the bar, then the rate, before the counts of teams', () => {
    const teams = ['brittle', 'lossy-handoff', 'oracle', 'random'];
    const last = (columns: number, n: number) => {
      let t = 0;
      const out = sink(true, columns);
      const p = progressReporter({ stream: out.stream, now: () => t });
      for (let i = 1; i <= n; i++) {
        t += 1000;
        p.episode({ success: i % 2 === 0, outcome: 'success', team: teams[i - 1] }, i, n);
      }
      return out.text().split('\r').at(-1)!.replace('\u001b[K', '');
    };
    expect(last(80, 1)).toBe('[############] 1/1 100.0%  1.0 ep/s  ETA 0:00  errors 0  passed: brittle 0/1');
    expect(last(100, 1)).toMatch(/^\[#{24}\] 1\/1 /);
    expect(last(80, 2)).toBe('2/2 100.0%  ETA 0:00  errors 0  passed: brittle 0/1, lossy-handoff 1/1');
    expect(last(80, 4)).toBe('4/4 100.0%  ETA 0:00  errors 0  passed: brittle 0/1, lossy-handoff 1/1, oracle…');
    expect(last(120, 4)).toBe(
      '[############] 4/4 100.0%  1.0 ep/s  ETA 0:00  errors 0  passed: brittle 0/1, lossy-handoff 1/1, oracle 0/1, random 1/1',
    );
  });

  it('counts without teams when the records do not name one', () => {
    const out = sink(false);
    const p = progressReporter({ stream: out.stream, now: () => 0 });
    p.episode({ success: true, outcome: 'success' }, 1, 2);
    p.episode({ success: false, outcome: 'timeout' }, 2, 2);
    expect(out.text().trim().split('\n').at(-1)).toMatch(/errors 1 {2}passed: all 1\/2$/);
  });

  it('names at most twelve teams in a plain line', () => {
    const out = sink(false);
    const p = progressReporter({ stream: out.stream, now: () => 0 });
    for (let i = 1; i <= 15; i++)
      p.episode({ success: true, outcome: 'success', team: `team-${String(i).padStart(2, '0')}` }, i, 15);
    expect(out.text().trim().split('\n').at(-1)).toMatch(/team-12 1\/1 and 3 more teams$/);
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
