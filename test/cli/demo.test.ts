/**
 * `faultline demo`, as a new user starts it (`npm start` runs it): the command it prints is the run
 * it makes, faults fire, pass^3 is measured, the report is written, and it ends with its conclusion
 * and a flawed team's failure to open. A whole run of 216 episodes in a child process: full suite.
 * What it prints after its timing line is what the README shows as the first run's output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEMO_PLAN, demoRunArgs } from '../../src/cli/demo-command.js';
import { parseJson } from '../support/json.js';
import type { RunSummary } from '../../src/run/summary.js';

const BIN = join(import.meta.dirname, '../../bin/faultline.mjs');
const README = join(import.meta.dirname, '../../README.md');
const README_DEMO = '<!-- demo output: npm start, at 80 columns -->\n```text\n';
const dir = mkdtempSync(join(tmpdir(), 'faultline-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('faultline demo shows faults, recovery, pass^3, a conclusion and the report path', () => {
  // The directory npm start writes to, relative to where it runs: the paths it prints are the README's.
  const out = join(dir, 'runs', 'demo');
  // Taken before the run: once the directory holds this demo, a second one would add --overwrite.
  const printed = `  faultline ${demoRunArgs({ out, workers: 1 }).join(' ')}\n`;
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'demo', '--out', out], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, COLUMNS: '80' },
  });
  const seconds = (performance.now() - started) / 1000;
  expect(r.status, r.stderr).toBe(0);
  // The command it prints is the one it runs.
  expect(r.stdout).toContain(printed);
  expect(r.stdout).toMatch(/^216 episodes in /m);
  expect(r.stdout).toContain(`Report: runs/demo/report.html\n`);
  expect(existsSync(join(out, 'report.html'))).toBe(true);

  const summary = parseJson<RunSummary>(readFileSync(join(out, 'summary.json'), 'utf8'));
  expect(new Set(summary.cells.map((c) => c.team))).toEqual(new Set(DEMO_PLAN.teams));
  expect(summary.cells.reduce((n, c) => n + c.recovery.fired, 0)).toBeGreaterThan(50);
  for (const c of summary.cells) expect(c.consistency.trials).toBe(3);

  expect(r.stdout).toMatch(/\nMost reliable(, tied)?: .*oracle.*pass\^3 100\.0%/s);
  expect(r.stdout).toMatch(/\nMost common failure mode: /);
  expect(r.stdout).toMatch(/\nFaults: \d+ perturbations fired; handled \(recovered or asked\): /);
  const open = /\nWorth opening: (\S+) failed .*\n {2}npx faultline replay (\S+)\n$/s.exec(r.stdout);
  expect(open?.[1]).toMatch(/^(brittle|credulous|drifting|lossy-handoff)$/);
  expect(existsSync(join(dir, open?.[2] as string))).toBe(true);
  // The README quotes this output from its timing line on; everything after that line is the same.
  const readme = readFileSync(README, 'utf8');
  expect(readme).toContain(README_DEMO);
  const from = readme.indexOf(README_DEMO) + README_DEMO.length;
  const quoted = readme.slice(from, readme.indexOf('```', from));
  const afterTiming = (text: string) => text.slice(text.indexOf('\n', text.search(/^216 episodes in /m)) + 1);
  expect(
    afterTiming(r.stdout),
    "the README's demo output is out of date: paste npm start's output (COLUMNS=80) into it",
  ).toBe(afterTiming(quoted));
  // The first run stays quick: well under 30 s on 2 cores alone; twice that with the suite around it.
  expect(seconds).toBeLessThan(60);

  // `npm start` again: the demo replaces its own earlier run (a run directory holding any other
  // run is refused), and prints the flag that does so; the results are the same.
  const again = spawnSync(process.execPath, [BIN, 'demo', '--out', out], { encoding: 'utf8', cwd: dir });
  expect(again.status, again.stderr).toBe(0);
  expect(again.stdout).toContain(`--report --overwrite\n`);
  expect(parseJson<RunSummary>(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
}, 180_000);
