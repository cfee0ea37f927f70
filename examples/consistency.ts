// Consistency in code: run two teams over trials and variants, read pass^k with its interval,
// compare the two runs, and write the HTML report.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, compareRuns, writeReport } from 'faultline';

const dir = mkdtempSync(join(tmpdir(), 'faultline-consistency-'));
const plan = {
  envs: ['deploy/rollout-v2'],
  seeds: [0, 1, 2, 3, 4, 5, 6, 7],
  trials: 4,
  variants: 2,
  perturb: 'production',
};

for (const team of ['oracle', 'brittle']) {
  const { summary } = await evaluate({ ...plan, teams: team, out: join(dir, team), workers: 2 });
  const cell = summary.cells[0]!;
  const last = cell.consistency.passHat.at(-1)!;
  console.log(
    `${team}: success ${cell.successRate}, pass^${last.k} ${last.value} [${last.ci.low}, ${last.ci.high}], flip rate ${cell.consistency.flipRate?.value}`,
  );
}

const diff = compareRuns(join(dir, 'oracle'), join(dir, 'brittle'));
console.log(
  `brittle − oracle: ${diff.overall.success.difference} [${diff.overall.success.ci.low}, ${diff.overall.success.ci.high}], significant: ${diff.overall.success.significant}`,
);
console.log(`report: ${writeReport(join(dir, 'brittle'))}`);
