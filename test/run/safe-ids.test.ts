/**
 * Ids that become file names: a team id that is a path, has a NUL, is empty or thousands of
 * characters long is refused at registration with a message naming it, what is allowed and a fix;
 * and nothing is ever written outside the run directory, even when an id gets past registration.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { InvalidArgumentError, FaultlineError } from '../../src/core/errors.js';
import { registerTeam, findTeam, type Team } from '../../src/team/agent.js';
import { oracleTeam } from '../../agents/oracle.js';
import { runEvaluation } from '../../src/run/runner.js';
import { episodeId } from '../../src/run/episode-id.js';
import { containedPath } from '../../src/run/contained-path.js';
import { register } from '../../src/core/registry.js';

const BIN = join(import.meta.dirname, '../../bin/faultline.mjs');
const FIXTURE = join(import.meta.dirname, '../fixtures/unsafe-team.ts');
const UNSAFE = ['../../x', 'a/b', 'a\u0000b', 'x'.repeat(5000), '..', '.', '', 'a\\b', ' a', '-rf', 'a b'];

let root: string;
beforeAll(() => {
  loadBuiltins();
  root = mkdtempSync(join(tmpdir(), 'faultline-safe-ids-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('team ids', () => {
  it.each(UNSAFE.map((id) => [id.length > 40 ? `${id.slice(0, 10)}… (${id.length} chars)` : JSON.stringify(id), id]))(
    'registerTeam refuses %s with a message naming the id, what is allowed and a fix',
    (_label, id) => {
      let error: unknown;
      try {
        registerTeam({ ...oracleTeam, id });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      const message = (error as Error).message;
      expect(message).toContain('registerTeam(team.id)');
      expect(message).toContain(JSON.stringify(id).slice(0, 60));
      expect(message).toMatch(/A-Z a-z 0-9 \. _ -/);
      expect(message).toMatch(/rename it, e\.g\. to "[A-Za-z0-9][A-Za-z0-9._-]*"/);
      expect(message.length).toBeLessThan(500);
      expect(findTeam(id)).toBeUndefined();
    },
  );

  it('accepts the ids teams are given in practice', () => {
    for (const id of ['oracle', 'lossy-handoff', 'gpt-4o.mini_v2', '7-agents', 'GPT4o-Team']) {
      expect(() => registerTeam({ ...oracleTeam, id })).not.toThrow();
    }
  });

  it('refuses an id that differs from a registered one only in letter case (they would share files)', () => {
    expect(() => registerTeam({ ...oracleTeam, id: 'Oracle' })).toThrow(
      /registerTeam\(team\.id\): got "Oracle", expected an id that differs .*"oracle" is registered/,
    );
  });

  it('a team whose id changes after registration is stopped before any file is written', async () => {
    const out = join(root, 'run');
    const team: { -readonly [K in keyof Team]: Team[K] } = { ...oracleTeam, id: 'shape-shifter' };
    registerTeam(team);
    team.id = '../../escaped';
    const before = readdirSync(root);
    await expect(
      runEvaluation({ envs: ['deploy/rollout-v2'], teams: ['shape-shifter'], seeds: [0], out }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(readdirSync(root).sort()).toEqual([...before, 'run'].sort());
    expect(readdirSync(join(out, 'trajectories'))).toEqual([]);
  });

  it('the CLI answers an --import module that registers a path-like id with exit 2 and one line', () => {
    const out = join(root, 'cli');
    // With the old recorder this id wrote its trajectory one level above --out.
    for (const id of ['../../../../escaped']) {
      const r = spawnSync(
        process.execPath,
        [
          BIN,
          'run',
          '--env',
          'deploy/rollout-v2',
          '--team',
          'oracle',
          '--seeds',
          '0',
          '--import',
          FIXTURE,
          '--out',
          out,
        ],
        { encoding: 'utf8', env: { ...process.env, FAULTLINE_FIXTURE_TEAM_ID: id } },
      );
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /^faultline: registerTeam\(team\.id\): got ".*, expected 1-64 characters from A-Z a-z 0-9/,
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(root).filter((f) => f.startsWith('escaped'))).toEqual([]);
    }
  });
});

describe('episode ids and file paths', () => {
  it('episodeId refuses keys whose parts would name another path', () => {
    const key = { envId: 'deploy/rollout-v2', team: 'oracle', seed: 0, trial: 0 };
    expect(episodeId(key)).toBe('deploy.rollout-v2__oracle__s0__t0');
    for (const bad of [
      { ...key, team: '../x' },
      { ...key, envId: '../../etc/passwd' },
      { ...key, envId: 'deploy/../../x' },
      { ...key, seed: -1 },
      { ...key, trial: 1.5 },
    ]) {
      expect(() => episodeId(bad)).toThrow(InvalidArgumentError);
    }
  });

  it('containedPath refuses anything outside the directory', () => {
    const dir = join(root, 'contained');
    expect(containedPath(dir, 'trajectories/a.jsonl')).toBe(resolve(dir, 'trajectories/a.jsonl'));
    for (const bad of ['../x', 'trajectories/../../x', '/etc/passwd', '', '.', 'a\u0000b']) {
      expect(() => containedPath(dir, bad)).toThrow(FaultlineError);
    }
  });

  it('register refuses an env id longer than a file name can hold', () => {
    expect(() =>
      register({ id: `w/${'f'.repeat(200)}-v1`, description: 'too long', factory: () => undefined as never }),
    ).toThrow(/at most 100 characters/);
  });
});
