/**
 * Team files through the real CLI: a JSON and a YAML team (different ids, one priced per role)
 * run against the scripted server, `faultline compare` pairs them by id, the priced team's cells
 * carry a cost and the other's none; a bad team file stops the run naming the field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  oracleReplayResponder,
  startScriptedModelServer,
  type ScriptedModelServer,
} from '../../../src/testing/index.js';
import type { RunComparison } from '../../../src/run/compare.js';
import type { RunSummary } from '../../../src/run/summary.js';
import { parseJson } from '../../support/json.js';
import { episodeLines, runCli } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-e2e-teamfile-'));
let server: ScriptedModelServer;
beforeAll(async () => {
  server = await startScriptedModelServer({ respond: oracleReplayResponder(), models: ['m', 'm-large'] });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const GRID = ['--env', 'deploy/rollout-v2,filesystem/rename-symbol-v1', '--seeds', '0', '--concurrency', '4'];
const summaryOf = (out: string) => parseJson<RunSummary>(readFileSync(join(out, 'summary.json'), 'utf8'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('team files through the CLI', () => {
  it('runs a JSON and a YAML team, compares them by id, and prices only the priced one', async () => {
    const plain = write(
      'plain.json',
      JSON.stringify({ id: 'plain-team', defaults: { model: 'm', temperature: 0 }, maxTextReplies: 2 }),
    );
    const priced = write(
      'priced.yaml',
      [
        'id: priced-team',
        'description: a large planner, small workers',
        'defaults:',
        '  model: m',
        '  prices: { input: 0.15, output: 0.6 }',
        'roles:',
        '  planner:',
        '    model: m-large',
        '    instructions: Hand the executor every number it needs.',
        '    prices: { input: 2.5, output: 10 }',
        '',
      ].join('\n'),
    );
    const A = join(dir, 'A');
    const B = join(dir, 'B');
    const vars = { OPENAI_API_KEY: 'sk-fake-teamfile', OPENAI_BASE_URL: server.url };
    const a = await runCli(['run', '--team-file', plain, ...GRID, '--out', A], vars);
    expect(a.code, a.stderr).toBe(0);
    const b = await runCli(['run', '--team-file', priced, ...GRID, '--out', B], vars);
    expect(b.code, b.stderr).toBe(0);
    // The table gives tokens per success, and the cost per success where the team is priced.
    expect(b.stdout).toMatch(/ priced-team +1 +100\.0% \[[\d., ]+\] +[\d.]+k +\$\d+\.\d+ /);
    expect(a.stdout).toMatch(/ plain-team +1 +100\.0% \[[\d., ]+\] +[\d.]+k +– /);
    // The progress line shows the cost only when the team is priced.
    expect(b.stderr).toMatch(/episodes 2\/2 .*requests \d+ +tokens [\d.]+k? +\$\d/);
    expect(a.stderr).toMatch(/episodes 2\/2 .*requests \d+ +tokens [\d.]+k? {2}passed: /);
    // Each role's model is the one its file gives.
    const models = (team: string) =>
      new Set(
        server.requests
          .filter((r) => r.episode?.includes(`__${team}__`))
          .map((r) => `${r.role}:${(r.body as { model: string }).model}`),
      );
    expect([...models('plain-team')].every((m) => m.endsWith(':m'))).toBe(true);
    expect(models('priced-team')).toContain('planner:m-large');
    expect(models('priced-team')).toContain('executor:m');

    for (const [out, team] of [
      [A, 'plain-team'],
      [B, 'priced-team'],
    ] as const) {
      expect(episodeLines(out).every((l) => l.success)).toBe(true);
      const cells = summaryOf(out).cells;
      expect(cells.map((c) => c.team)).toEqual([team, team]);
      for (const c of cells) {
        expect(c.usage.calls).toBeGreaterThan(0);
        if (team === 'priced-team') expect(c.usage.costUsd).toBeGreaterThan(0);
        else expect(c.usage.costUsd).toBeNull();
      }
    }

    const compared = await runCli(['compare', A, B, '--teams', 'plain-team:priced-team', '--json'], {});
    expect(compared.code, compared.stderr).toBe(0);
    const comparison = parseJson<RunComparison>(compared.stdout);
    expect(comparison).toMatchObject({ format: 'faultline.compare/1', shared: 2, onlyA: 0, onlyB: 0 });
    expect(comparison.overall).toMatchObject({ teamA: 'plain-team', teamB: 'priced-team' });
    expect(comparison.overall.success).toMatchObject({ n: 2, rateA: 1, rateB: 1 });
    expect(comparison.cells.map((c) => c.env).sort()).toEqual(['deploy/rollout-v2', 'filesystem/rename-symbol-v1']);
    // The terminal form names both teams.
    const table = await runCli(['compare', A, B, '--teams', 'plain-team:priced-team'], {});
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('plain-team');
    expect(table.stdout).toContain('priced-team');
  });

  it('a bad team file stops the run before any episode, naming the field', async () => {
    const vars = { OPENAI_API_KEY: 'sk-fake-teamfile', OPENAI_BASE_URL: server.url };
    const before = server.requests.length;
    const unknown = write('unknown.json', JSON.stringify({ id: 'x-team', defaults: { model: 'm', temprature: 0 } }));
    const r1 = await runCli(['run', '--team-file', unknown, ...GRID, '--out', join(dir, 'bad1')], vars);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain(unknown);
    expect(r1.stderr).toContain(
      `${unknown}: field defaults.temprature: an unknown field at defaults, expected only model,`,
    );
    const secret = write('secret.yaml', 'id: y-team\ndefaults:\n  model: m\n  apiKey: sk-fake-in-file\n');
    const r2 = await runCli(['run', '--team-file', secret, ...GRID, '--out', join(dir, 'bad2')], vars);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/field defaults\.apiKey: an API key does not belong in a team file/);
    expect(r2.stderr).not.toContain('sk-fake-in-file');
    expect(server.requests.length).toBe(before);
  });
});
