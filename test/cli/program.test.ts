/**
 * The program's habits: `--version`, one error style with exit 2 for every usage error
 * (commander's and faultline's), exit 0 for `--help` and `--version`, the exit-code table in
 * `--help`, and "did you mean" for mistyped env, team and profile ids.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { closestIds, editDistance } from '../../src/run/did-you-mean.js';
import { versionAbove } from '../../src/cli/version.js';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
const ENV = 'filesystem/rename-symbol-v1';
const BIN = join(import.meta.dirname, '../../bin/faultline.mjs');

describe('faultline --version', () => {
  it.each(['--version', '-V'])('%s prints the version of package.json and exits 0', async (flag) => {
    const r = await cliInProcess([flag]);
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it.each(['--version', '-V'])('%s alone is answered by the faultline script as the program answers it', (flag) => {
    // The script answers before it loads the command; its answer must be the program's.
    const r = spawnSync(process.execPath, [BIN, flag], { encoding: 'utf8' });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 0,
      stdout: `${pkg.version}\n`,
      stderr: '',
    });
  });
});

describe('--help', () => {
  it('exits 0 and ends with the exit-code table, on the program and on run', async () => {
    for (const args of [['--help'], ['run', '--help']]) {
      const r = await cliInProcess(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /Exit codes:\n {2}0 {4}success[\s\S]*\n {2}2 {4}a usage error[\s\S]*\n {2}3 {4}run --bail N[\s\S]*\n {2}130 {2}interrupted/,
      );
    }
  });
});

describe('usage errors: one style, exit 2', () => {
  it.each([
    [['run', '--env', ENV, '--bogus'], /^faultline: unknown option '--bogus'\n/],
    [['replay'], /^faultline: missing required argument 'paths'\n/],
    [['frobnicate'], /^faultline: unknown command 'frobnicate'\n/],
    [
      ['run', '--env', ENV, '--team', 'oracle', '--trials', 'zz'],
      /^faultline: --trials: got "zz", expected a whole number >= 1\. Fix: /,
    ],
    [
      ['run', '--env', ENV, '--team', 'oracle', '--bail', '0'],
      /^faultline: --bail: got "0", expected a whole number >= 1\./,
    ],
    [
      ['run', '--env', ENV, '--quiet', '--verbose'],
      /^faultline: option '-q, --quiet' cannot be used with option '-v, --verbose'\n/,
    ],
    [
      ['run', '--team', 'oracle'],
      /^faultline: --env: got undefined, expected env ids.*Fix: pass e\.g\. --env all, or name episodes with --episode ID or --only-failed DIR/,
    ],
  ])('%j', async (args, message) => {
    const r = await cliInProcess(args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^error:/m);
    expect(r.stdout).toBe('');
  });

  it('a check that finds problems exits 1, not 2', async () => {
    const r = await cliInProcess(['replay', join(import.meta.dirname, '../fixtures/junit/junit.xsd')]);
    expect(r.code).toBe(EXIT.failed);
  });
});

describe('did you mean', () => {
  it('suggests the registered team for a mistyped --team', async () => {
    const r = await cliInProcess(['run', '--env', ENV, '--team', 'orcale', '--seeds', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^faultline: --team: got "orcale", .*Fix: did you mean "oracle"\? run `faultline list`/);
  });

  it.each([
    // well-formed but unknown, malformed, and a bare family name: the same --env answer
    ['filesystem/rename-symbl-v1', 'filesystem/rename-symbol-v1'],
    ['filesystem/rename-symbol-v2', 'filesystem/rename-symbol-v1'],
    ['rename-symbol', 'filesystem/rename-symbol-v1'],
    ['deploy/rolout-v1', 'deploy/rollout-v2'],
  ])('suggests %s → %s for --env', async (typed, meant) => {
    const r = await cliInProcess(['run', '--env', typed, '--team', 'oracle', '--seeds', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`faultline: --env: got "${typed}", expected a registered env id`);
    expect(r.stderr).toContain(`Fix: did you mean "${meant}"?`);
  });

  it('lists the envs without a guess when nothing is close', async () => {
    const r = await cliInProcess(['run', '--env', 'nope', '--team', 'oracle', '--seeds', '0']);
    // Other test files of this process may have registered envs of their own before the built-ins.
    expect(r.stderr).toMatch(
      /^faultline: --env: got "nope", expected a registered env id .*\((?:[\w-]+\/[\w.-]+, )*deploy\/diagnose-rollback-v2, .*Fix: run `faultline list`/,
    );
    expect(r.stderr).not.toContain('did you mean');
  });

  it('suggests the profile for a mistyped --perturb', async () => {
    const r = await cliInProcess(['run', '--env', ENV, '--team', 'oracle', '--perturb', 'prodution', '--seeds', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Fix: did you mean "production"?');
  });

  it('measures distance as a typist counts it', () => {
    expect(editDistance('orcale', 'oracle')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestIds('random', ['oracle', 'random', 'noop'])).toEqual(['random']);
    expect(closestIds('zzzzzz', ['oracle', 'random', 'noop'])).toEqual([]);
    expect(closestIds('NOOP', ['oracle', 'random', 'noop'])).toEqual(['noop']);
  });
});

describe('the version in an installed package', () => {
  it("is read from faultline's own package.json above dist/src/cli, not the project's around it", () => {
    const root = mkdtempSync(join(tmpdir(), 'faultline-version-'));
    try {
      const pkgDir = join(root, 'node_modules', 'faultline');
      const cliDir = join(pkgDir, 'dist', 'src', 'cli');
      mkdirSync(cliDir, { recursive: true });
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'my-project', version: '1.2.3' }));
      writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: 'faultline', version: '9.8.7' }));
      writeFileSync(join(pkgDir, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
      expect(versionAbove(cliDir)).toBe('9.8.7');
      expect(() => versionAbove(root)).toThrow(/no package\.json named "faultline" above/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
