/**
 * `faultline replay PATHS…`: checks and re-simulates recorded trajectories — files, or whole run
 * directories, where every line of `episodes.jsonl` is checked too. It goes through everything
 * and lists every file and line that differs (a bad file never stops it), then exits 1 if any did.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from '../core/errors.js';
import { replayFile, type ReplayReport } from '../run/replay.js';
import { scanRecordedEpisodes, type DiscardedRecord } from '../run/record-scan.js';
import { trajectoryFileOf } from '../run/records.js';
import { readManifest } from '../run/manifest.js';

/** The report of one trajectory file. */
interface FileReport extends ReplayReport {
  readonly file: string;
}

/** A line of a run directory's `episodes.jsonl` that fails its checks. */
interface RecordReport extends DiscardedRecord {
  readonly file: string;
}

/** Adds the `replay <paths...>` command to the program. */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'Check and re-simulate recorded trajectories (files, or run directories: every trajectory and every line of episodes.jsonl); list every one that differs and exit 1 if any does.',
    )
    .argument('<paths...>', 'trajectory files or run directories')
    .option('--json', 'print {"trajectories":[reports],"records":[bad lines of episodes.jsonl]} as JSON')
    .action((paths: string[], opts: { json?: boolean }) => {
      const targets = paths.map((p) => ({ path: p, ...trajectoryFiles(p) }));
      const files = targets.flatMap((t) => t.files);
      if (files.length === 0)
        throw new InvalidArgumentError(
          'replay <paths>',
          paths,
          'trajectory .jsonl files or run directories containing trajectories/',
          'pass e.g. runs/latest',
        );
      const write = (text: string) => {
        if (!opts.json) process.stdout.write(text);
      };
      const reports = files.map((file) => {
        const report = replayOne(file);
        write(describeReport(report));
        return report;
      });
      // A bad trajectory is reported once, by its file; its line is listed only for other reasons.
      const badFiles = new Set(reports.filter((r) => !r.ok).map((r) => resolve(r.file)));
      const records: RecordReport[] = targets
        .filter((t) => t.runDir !== null)
        .flatMap((t) => {
          const runDir = t.runDir as string;
          // Only the problems are kept: the records themselves are not needed here.
          const checks = { verifyTrajectories: true, requireChecksums: recordedWithChecksums(runDir) };
          return scanRecordedEpisodes(runDir, checks, () => undefined)
            .problems.filter((p) => p.id === null || !badFiles.has(resolve(runDir, trajectoryFileOf(p.id))))
            .map((p) => ({ ...p, file: join(runDir, 'episodes.jsonl') }));
        });
      for (const r of records)
        write(`BAD LINE  ${r.file}:${r.line}${r.id !== null ? ` (${r.id})` : ''}: ${r.reason}\n`);
      const failed = reports.filter((r) => !r.ok).length;
      if (opts.json) process.stdout.write(`${JSON.stringify({ trajectories: reports, records }, null, 2)}\n`);
      else
        process.stdout.write(
          `${files.length - failed}/${files.length} trajectories replayed identically${records.length > 0 ? `; ${records.length} line(s) of episodes.jsonl failed their checks` : ''}\n`,
        );
      if (failed > 0 || records.length > 0) process.exitCode = 1;
    });
}

/** Whether the run's `run.json` says every record was written with checksums (an unreadable one: no). */
function recordedWithChecksums(dir: string): boolean {
  try {
    return readManifest(dir)?.checksums === true;
  } catch {
    return false;
  }
}

/** Replays one file; a file that cannot be read as a trajectory becomes a failed report. */
function replayOne(file: string): FileReport {
  try {
    return { ...replayFile(file), file };
  } catch (e) {
    return {
      id: basename(file, '.jsonl'),
      envId: '',
      seed: -1,
      steps: 0,
      ok: false,
      divergence: null,
      integrity: { state: 'unreadable', reason: (e as Error).message },
      file,
    };
  }
}

function describeReport(report: FileReport): string {
  const integrity = report.integrity;
  if (report.ok) {
    const note = integrity?.state === 'unverified' ? ' — unverified: no checksum (recorded by an older faultline)' : '';
    return `ok        ${report.id} (${report.steps} steps)${note}\n`;
  }
  const lines: string[] = [];
  if (integrity && integrity.state !== 'verified' && integrity.state !== 'unverified')
    lines.push(`${integrity.state.toUpperCase().padEnd(9)} ${report.id}: ${integrity.reason ?? integrity.state}`);
  const d = report.divergence;
  if (d)
    lines.push(
      `DIVERGED  ${report.id} at step ${d.step}, ${d.field}: expected ${d.expected.slice(0, 200)}, got ${d.actual.slice(0, 200)}${d.explanation ? `\n          ${d.explanation}` : ''}`,
    );
  if (report.envId !== '')
    lines.push(`          reproduce: env ${report.envId}, seed ${report.seed}, file ${report.file}`);
  else lines.push(`          file ${report.file}`);
  return `${lines.join('\n')}\n`;
}

/** The trajectory files a path names, and the run directory when it is one. */
function trajectoryFiles(path: string): { files: string[]; runDir: string | null } {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new InvalidArgumentError('replay <path>', path, 'an existing file or directory', 'check the path');
  if (stat.isFile()) return { files: [path], runDir: null };
  const isRun = statSync(join(path, 'trajectories'), { throwIfNoEntry: false })?.isDirectory() === true;
  const dir = isRun ? join(path, 'trajectories') : path;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
  return { files, runDir: isRun && existsSync(join(path, 'episodes.jsonl')) ? path : null };
}
