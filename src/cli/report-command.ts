/**
 * `faultline report DIR`: writes `DIR/report.html` from a run directory and prints its path and
 * size.
 */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from '../core/errors.js';
import { bytes } from '../report/html/format.js';

function limit(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n))
      throw new InvalidArgumentError(flag, value, 'a whole number >= 0', `pass e.g. ${flag} 20`);
    return n;
  };
}

/** Adds the `report <dir>` command to the program. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'Write DIR/report.html: one self-contained HTML page (static SVG charts, one inline script that opens linked drill-downs, no network) of a run directory.',
    )
    .argument('<dir>', 'a run directory written by `faultline run --out DIR`')
    .option('--drilldowns <n>', 'failed episodes per cell shown step by step', limit('--drilldowns'), 20)
    .option(
      '--handoff-sample <n>',
      'episodes per cell whose trajectories are analyzed for handoff fidelity (0: every episode)',
      limit('--handoff-sample'),
      200,
    )
    .option(
      '--reanalyze',
      "recompute every episode's analysis with this faultline (reads every trajectory) instead of showing what the run recorded",
    )
    .action(async (dir: string, opts: { drilldowns: number; handoffSample: number; reanalyze?: boolean }) => {
      const started = performance.now();
      // Imported here, not at start-up: the report's ~45 modules are for this command alone.
      const { writeReport } = await import('../report/html/write.js');
      const path = writeReport(dir, {
        drilldownsPerCell: opts.drilldowns,
        handoffSamplePerCell: opts.handoffSample === 0 ? Infinity : opts.handoffSample,
        reanalyze: opts.reanalyze === true,
      });
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`Report: ${path} (${bytes(statSync(path).size)}, ${seconds.toFixed(1)} s)\n`);
    });
}
