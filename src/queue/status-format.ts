/**
 * The text of `faultline queue status`: one line of queue-wide job counts, then a table of runs,
 * a table of workers, what each worker accepts and the episodes each worker is running now, laid out like `faultline run`'s tables (complete and plain for files,
 * fitted to a terminal's width).
 */
import { hiddenNote } from '../report/table.js';
import type { TableOptions } from '../report/terminal.js';
import { layoutTable, type TextColumn } from '../report/text-table.js';
import { wrapToWidth } from '../report/text-width.js';
import type { JobCounts, QueueStatus, RunStatus, WorkerStatus } from './status.js';
import { parseEpisodeJobId } from './keys.js';

/** Formats a queue's status as plain text (no trailing newline); `options` as for `faultline run`'s table. */
export function formatQueueStatus(status: QueueStatus, options: TableOptions = {}): string {
  const width = options.wide ? Infinity : (options.width ?? Infinity);
  const prose = (text: string) => wrapToWidth(text, width);
  const lines = [...prose(`Jobs: ${jobsLine(status.jobs)}`), ''];
  if (status.runs.length === 0) lines.push('Runs: none');
  else lines.push(`Runs (${status.runs.length}):`, ...table(runColumns(status.runs), width, options));
  lines.push('');
  if (status.workers.length === 0)
    lines.push(...prose('Workers: none (start one with `faultline worker --queue URL`)'));
  else lines.push(`Workers (${status.workers.length}):`, ...table(workerColumns(status.workers), width, options));
  if (status.workers.length > 0) {
    lines.push('', ...prose('What each worker accepts (a job naming anything else is refused there):'));
    for (const w of status.workers) lines.push(...prose(`${INDENT}${w.id}: ${acceptsLine(w)}`));
  }
  const busy = status.workers.filter((w) => w.running.length > 0);
  if (busy.length > 0) {
    lines.push('', 'Running now:');
    for (const w of busy)
      lines.push(
        ...prose(`${INDENT}${w.id}: ${w.running.map((id) => parseEpisodeJobId(id)?.episodeId ?? id).join(', ')}`),
      );
  }
  return lines.join('\n');
}

/**
 * What a worker accepts, in words: the modules it imported, the agent programs it starts, the
 * model endpoints it sends keys to and the variables it reads them from. `?` for what a worker
 * does not say (unreadable info, or a version before it published that list).
 */
export function acceptsLine(worker: WorkerStatus): string {
  const info = worker.info;
  const list = (name: string, values: readonly string[] | undefined, quote = false) =>
    `${name} ${values === undefined ? '?' : values.length === 0 ? 'none' : values.map((v) => (quote ? JSON.stringify(v) : v)).join(', ')}`;
  return [
    list('modules', info?.imports),
    list('programs', info?.programs, true),
    list('endpoints', info?.modelEndpoints),
    list('key variables', info?.keyVariables),
  ].join('; ');
}

/** The queue-wide counts in words: `3 waiting, 1 active, 0 delayed, 2 completed (to harvest), 1 failed`. */
export function jobsLine(jobs: JobCounts): string {
  return [
    `${jobs.waiting} waiting`,
    `${jobs.active} active`,
    `${jobs.delayed} delayed`,
    `${jobs.completed} completed (to harvest)`,
    `${jobs.failed} failed`,
  ].join(', ');
}

/**
 * A duration as people read it in a status: `4 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function table(columns: TextColumn[], width: number, options: TableOptions): string[] {
  const style = { rule: options.rule === true, color: options.color === true };
  // Tables are indented under their heading: they fit what the indent leaves.
  const laid = layoutTable(columns, { width: width - INDENT.length, ...style });
  return [...laid.lines.map((l) => `${INDENT}${l}`), ...hiddenNote(laid.hidden, width, style.color)];
}

const INDENT = '  ';

const right = 'right' as const;

function runColumns(runs: readonly RunStatus[]): TextColumn[] {
  return [
    { header: 'run', cells: runs.map((r) => r.runId), minWidth: 8 },
    { header: 'status', cells: runs.map((r) => (r.published ? r.status : 'unpublished')) },
    {
      header: 'recorded',
      cells: runs.map((r) => `${r.recorded}/${r.planned ?? '?'}`),
      align: right,
    },
    { header: 'failed', cells: runs.map((r) => String(r.failed)), align: right },
    { header: 'waiting', cells: runs.map((r) => String(r.jobs.waiting)), align: right },
    { header: 'active', cells: runs.map((r) => String(r.jobs.active)), align: right },
    { header: 'delayed', cells: runs.map((r) => String(r.jobs.delayed)), align: right, dropRank: 20 },
    { header: 'to harvest', cells: runs.map((r) => String(r.jobs.completed)), align: right, dropRank: 30 },
    { header: 'failed jobs', cells: runs.map((r) => String(r.jobs.failed)), align: right },
    {
      header: 'seen',
      cells: runs.map((r) => (r.seenAgoMs === null ? '–' : `${formatDuration(r.seenAgoMs)} ago`)),
      align: right,
      dropRank: 40,
    },
    { header: 'coordinator', cells: runs.map((r) => r.coordinator ?? '–'), dropRank: 50, minWidth: 8 },
    { header: 'out', cells: runs.map((r) => r.out ?? '–'), dropRank: 10, minWidth: 8 },
  ];
}

function workerColumns(workers: readonly WorkerStatus[]): TextColumn[] {
  return [
    { header: 'worker', cells: workers.map((w) => w.id), minWidth: 8 },
    { header: 'host', cells: workers.map((w) => w.info?.host ?? '?'), dropRank: 30, minWidth: 6 },
    { header: 'pid', cells: workers.map((w) => (w.info ? String(w.info.pid) : '?')), align: right, dropRank: 20 },
    {
      header: 'running',
      cells: workers.map((w) => `${w.running.length}/${w.info?.concurrency ?? '?'}`),
      align: right,
    },
    { header: 'done', cells: workers.map((w) => String(w.done)), align: right },
    { header: 'failed', cells: workers.map((w) => String(w.failed)), align: right },
    { header: 'last min', cells: workers.map((w) => String(w.recentPerMinute)), align: right },
    { header: 'per min', cells: workers.map((w) => w.averagePerMinute.toFixed(1)), align: right, dropRank: 50 },
    { header: 'up', cells: workers.map((w) => formatDuration(w.uptimeMs)), align: right, dropRank: 40 },
    {
      header: 'seen',
      cells: workers.map((w) => `${formatDuration(w.seenAgoMs)} ago`),
      align: right,
      dropRank: 45,
    },
    { header: 'version', cells: workers.map((w) => w.info?.version ?? '?'), dropRank: 10 },
  ];
}
