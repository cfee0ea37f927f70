/**
 * The README's OpenEnv block (`<!-- bench-openenv:start -->`), which
 * `benchmarks/openenv.ts --record --update-readme` rewrites: when and where it was measured, and
 * steps per second through the socket per server setup and connection count.
 */
import { machineNote, type BlockMarkers } from './readme-table.js';

/** The markers of the OpenEnv block. */
export const OPENENV_MARKERS: BlockMarkers = {
  start: '<!-- bench-openenv:start -->',
  end: '<!-- bench-openenv:end -->',
};

/** One measurement: a server setup (its row label), a connection count and the steps per second. */
export interface OpenEnvResult {
  readonly row: string;
  readonly connections: number;
  readonly stepsPerSecond: number;
}

/** The connection counts the table has a column for. */
export const OPENENV_CONNECTIONS = [1, 64] as const;

/**
 * The block: a line naming the date, the machine and the command, then a row per setup in `rows`
 * order with its steps/s at each of {@link OPENENV_CONNECTIONS} ("—" where none was measured).
 */
export function formatOpenEnvBlock(
  rows: readonly string[],
  results: readonly OpenEnvResult[],
  command: string,
  date: string,
): string {
  const at = (row: string, connections: number) =>
    results.find((r) => r.row === row && r.connections === connections)?.stepsPerSecond.toLocaleString('en-US') ?? '—';
  return [
    `Measured ${date} on ${machineNote()} by \`${command}\`:`,
    '',
    `| server | ${OPENENV_CONNECTIONS.map((c) => `${c} connection${c === 1 ? '' : 's'} (steps/s)`).join(' | ')} |`,
    `|---|${OPENENV_CONNECTIONS.map(() => '---:').join('|')}|`,
    ...rows.map((row) => `| ${row} | ${OPENENV_CONNECTIONS.map((c) => at(row, c)).join(' | ')} |`),
  ].join('\n');
}
