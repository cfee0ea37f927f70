/**
 * The text of `faultline queue status` from a status value (no Redis): the counts line, one row
 * per run and per worker with their numbers, "none" when empty, and tables that fit a width.
 */
import { describe, expect, it } from 'vitest';
import { acceptsLine, formatDuration, jobsLine } from '../../src/queue/status-format.js';
import type { WorkerInfo } from '../../src/queue/presence.js';
import { formatQueueStatus, type QueueStatus, type RunStatus, type WorkerStatus } from '../../src/queue/status.js';
import { displayWidth } from '../../src/report/text-width.js';

const none = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };

const run: RunStatus = {
  runId: '0a1b2c',
  published: true,
  out: 'runs/nightly',
  planned: 120,
  coordinator: 'ci-7:4242',
  startedAt: '2026-12-04T10:00:00.000Z',
  recorded: 40,
  failed: 3,
  status: 'running',
  seenAgoMs: 1500,
  jobs: { waiting: 70, active: 8, delayed: 1, completed: 2, failed: 3 },
};

const orphan: RunStatus = {
  runId: 'ffee00',
  published: false,
  out: null,
  planned: null,
  coordinator: null,
  startedAt: null,
  recorded: 0,
  failed: 0,
  status: 'unknown',
  seenAgoMs: null,
  jobs: { ...none, waiting: 5 },
};

const worker: WorkerStatus = {
  id: 'gpu-box-1-901-a1',
  info: {
    id: 'gpu-box-1-901-a1',
    host: 'gpu-box-1',
    pid: 901,
    concurrency: 8,
    version: '1.4.0',
    imports: ['./worlds/shop.js'],
    programs: ['node agents/team.mjs --fast'],
    modelEndpoints: ['https://api.openai.com/v1', 'http://10.0.0.5:8000/v1'],
    keyVariables: ['OPENAI_API_KEY'],
    startedAt: '2026-12-04T09:00:00.000Z',
  },
  done: 310,
  failed: 2,
  running: ['0a1b2c.e1', '0a1b2c.e2', '0a1b2c.e3'],
  recentPerMinute: 12,
  averagePerMinute: 5.2,
  uptimeMs: 3_600_000 + 5 * 60_000,
  seenAgoMs: 900,
};

const status: QueueStatus = {
  at: 1_700_000_000_000,
  jobs: { waiting: 75, active: 8, delayed: 1, completed: 2, failed: 3 },
  runs: [run, orphan],
  workers: [worker],
};

/** The cells of the row that starts with `id` (cells are separated by two spaces or more). */
function row(text: string, id: string): string[] {
  const line = text.split('\n').find((l) => l.trim().startsWith(id));
  if (line === undefined) throw new Error(`no row ${id} in:\n${text}`);
  return line.trim().split(/\s{2,}/);
}

describe('formatQueueStatus', () => {
  it('prints the queue-wide counts, a row per run and a row per worker', () => {
    const text = formatQueueStatus(status);
    expect(text.split('\n')[0]).toBe('Jobs: 75 waiting, 8 active, 1 delayed, 2 completed (to harvest), 3 failed');
    expect(text).toContain('Runs (2):');
    expect(row(text, 'run')).toEqual([
      'run',
      'status',
      'recorded',
      'failed',
      'waiting',
      'active',
      'delayed',
      'to harvest',
      'failed jobs',
      'seen',
      'coordinator',
      'out',
    ]);
    expect(row(text, '0a1b2c')).toEqual([
      '0a1b2c',
      'running',
      '40/120',
      '3',
      '70',
      '8',
      '1',
      '2',
      '3',
      '1 s ago',
      'ci-7:4242',
      'runs/nightly',
    ]);
    expect(row(text, 'ffee00')).toEqual(['ffee00', 'unpublished', '0/?', '0', '5', '0', '0', '0', '0', '–', '–', '–']);
    expect(text).toContain('Workers (1):');
    expect(row(text, 'gpu-box-1-901-a1')).toEqual([
      'gpu-box-1-901-a1',
      'gpu-box-1',
      '901',
      '3/8',
      '310',
      '2',
      '12',
      '5.2',
      '1 h 5 min',
      '0 s ago',
      '1.4.0',
    ]);
    expect(text.endsWith('\n')).toBe(false);
  });

  it('lists the episodes each worker is running now, by episode id', () => {
    const text = formatQueueStatus(status);
    const at = text.split('\n').indexOf('Running now:');
    expect(at).toBeGreaterThan(0);
    expect(text.split('\n')[at + 1]).toBe('  gpu-box-1-901-a1: e1, e2, e3');
  });

  it('lists what each worker accepts, with ? for what a worker does not say', () => {
    const lines = formatQueueStatus(status).split('\n');
    const at = lines.indexOf('What each worker accepts (a job naming anything else is refused there):');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(
      '  gpu-box-1-901-a1: modules ./worlds/shop.js; programs "node agents/team.mjs --fast"; ' +
        'endpoints https://api.openai.com/v1, http://10.0.0.5:8000/v1; key variables OPENAI_API_KEY',
    );
    const older = { ...worker, info: { ...(worker.info as WorkerInfo), imports: [], programs: undefined } };
    expect(acceptsLine(older)).toMatch(/^modules none; programs \?; endpoints https/);
    expect(acceptsLine({ ...worker, info: null })).toBe('modules ?; programs ?; endpoints ?; key variables ?');
  });

  it('says when there are no runs or workers', () => {
    const text = formatQueueStatus({ at: 0, jobs: none, runs: [], workers: [] });
    expect(text.split('\n')).toEqual([
      'Jobs: 0 waiting, 0 active, 0 delayed, 0 completed (to harvest), 0 failed',
      '',
      'Runs: none',
      '',
      'Workers: none (start one with `faultline worker --queue URL`)',
    ]);
  });

  it('fits a terminal width, naming the columns it left out', () => {
    const text = formatQueueStatus(status, { width: 64, rule: true });
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(64);
    expect(text).toMatch(/not shown: .*out/);
    // The counts that matter most stay.
    expect(row(text, '0a1b2c').slice(0, 6)).toEqual(['0a1b2c', 'running', '40/120', '3', '70', '8']);
    expect(formatQueueStatus(status, { width: 64, wide: true })).toBe(formatQueueStatus(status));
  });

  it('shows a worker whose info is unreadable with question marks', () => {
    const text = formatQueueStatus({ ...status, workers: [{ ...worker, info: null }] });
    expect(row(text, 'gpu-box-1-901-a1').slice(0, 4)).toEqual(['gpu-box-1-901-a1', '?', '?', '3/?']);
  });
});

describe('jobsLine and formatDuration', () => {
  it('words the counts', () => {
    expect(jobsLine({ waiting: 1, active: 2, delayed: 3, completed: 4, failed: 5 })).toBe(
      '1 waiting, 2 active, 3 delayed, 4 completed (to harvest), 5 failed',
    );
  });

  it('reads durations as seconds, minutes, hours and days', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59_999)).toBe('59 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(59 * 60_000 + 59_000)).toBe('59 min');
    expect(formatDuration(3_600_000)).toBe('1 h 0 min');
    expect(formatDuration(26 * 3_600_000 + 60_000)).toBe('1 d 2 h');
    expect(formatDuration(-5)).toBe('0 s');
  });
});
