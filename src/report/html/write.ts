/**
 * `writeReport`: renders a run directory's report into `DIR/report.html`.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport, type RenderReportOptions } from './render.js';
import { runDirFiles } from './run-dir.js';

/**
 * Writes `DIR/report.html` and returns its path. The file is written next to its final name and
 * renamed, so a reader never sees half a report.
 */
export function writeReport(dir: string, options: RenderReportOptions = {}): string {
  const files = runDirFiles(dir);
  const html = renderReport(files.dir, options);
  const path = join(files.dir, 'report.html');
  writeFileSync(`${path}.tmp`, html);
  renameSync(`${path}.tmp`, path);
  return path;
}
