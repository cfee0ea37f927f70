/**
 * `faultline run` ends with its conclusion in plain words and a failed episode worth opening,
 * whose printed command works; `--json` prints the summary alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';
import { parseJson } from '../support/json.js';
import { conclusionWidth, displayPath, wrapText } from '../../src/cli/conclusion.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-conclusion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN = ['run', '--env', 'filesystem/rename-symbol-v1', '--team', 'oracle,drifting,noop', '--seeds', '0'];
const FAULTS = ['--trials', '2', '--perturb', 'production'];

describe('the closing lines of faultline run', () => {
  it('conclude the run and point at a flawed team’s failure with a replay command that works', async () => {
    const out = join(dir, 'run');
    const r = await cliInProcess([...RUN, ...FAULTS, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const closing = r.stdout.slice(r.stdout.indexOf(`Recorded 6 episodes in ${out}\n`));
    expect(closing).toMatch(
      /\nMost reliable: oracle, pass\^2 100\.0% \(success 100\.0% of 2 episodes\); then\s+drifting 0\.0% and noop 0\.0%\.\n/,
    );
    expect(closing).toMatch(/\nMost common failure mode: .+ most often in drifting/s);
    expect(closing).toMatch(/\nFaults: \d+ perturbations? fired; handled/);
    // The noop baseline fails too, but the episode worth opening is the flawed team's.
    expect(closing).toMatch(
      /\nWorth opening: drifting failed filesystem\/rename-symbol-v1 \(seed 0, trial 0\)\s+with /,
    );
    const command = /\n {2}npx faultline replay (\S+)\n$/.exec(closing);
    expect(command, closing).not.toBeNull();
    expect(command?.[1]).toBe(join(out, 'trajectories/filesystem.rename-symbol-v1__drifting__s0__t0.jsonl'));
    for (const line of closing.split('\n').slice(0, -2)) expect(line.length).toBeLessThanOrEqual(80);

    const replay = await cliInProcess(['replay', command?.[1] as string]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/1\/1 trajectories replayed identically/);
  });

  it('say when no fault fired and pass^k needs more trials; --json prints the summary alone', async () => {
    const plain = await cliInProcess(RUN);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/\(one trial per task: pass\^k needs --trials 2 or\s+more\)\./);
    expect(plain.stdout).toMatch(/Faults: no perturbation fired, so recovery was not tested;/);
    expect(plain.stdout).not.toMatch(/Worth opening/);

    const json = await cliInProcess([...RUN, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(parseJson<{ cells: unknown[] }>(json.stdout).cells).toHaveLength(3);
    expect(json.stdout).not.toMatch(/Most reliable|Faults:/);
  });
});

describe('conclusion layout', () => {
  it('wraps at word boundaries to the width, a long word on its own line', () => {
    expect(wrapText('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('a verylongword b', 4)).toEqual(['a', 'verylongword', 'b']);
    expect(wrapText('  ', 10)).toEqual([]);
  });

  it('fits the terminal (at most 100 columns), 80 when not one; paths relative to the working directory', () => {
    expect(conclusionWidth({ isTTY: true, columns: 120 })).toBe(100);
    expect(conclusionWidth({ isTTY: true, columns: 60 })).toBe(60);
    expect(conclusionWidth({ isTTY: false, columns: 120 })).toBe(80);
    expect(conclusionWidth({})).toBe(80);
    expect(displayPath('/work/x/runs/demo/report.html', '/work/x')).toBe('runs/demo/report.html');
    expect(displayPath('/tmp/run/report.html', '/work/x')).toBe('/tmp/run/report.html');
    expect(displayPath('/work/x', '/work/x')).toBe('/work/x');
  });
});
