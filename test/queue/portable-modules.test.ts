/**
 * What a job says about the modules its episode needs, and how a worker matches them: faultline's
 * own setup modules by role, `--import` modules by content, so a worker never runs a job with a
 * different version of a team than the run's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTINS_SETUP } from '../../src/builtins.js';
import { LLM_SETUP } from '../../src/llm/setup.js';
import { localSetup, matchImports, moduleRef, portableSetup } from '../../src/queue/portable-modules.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-portable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return pathToFileURL(path).href;
}

describe('portable setup', () => {
  it("names faultline's setup modules by role and maps them back to this process's URLs", () => {
    const entries = [BUILTINS_SETUP, { url: LLM_SETUP, options: { model: 'm' } }];
    const portable = portableSetup(entries);
    expect(portable).toEqual([{ module: 'builtins' }, { module: 'llm', options: { model: 'm' } }]);
    expect(localSetup(portable)).toEqual(entries);
  });

  it('refuses a setup module of its own, pointing at --import', () => {
    expect(() => portableSetup(['file:///home/me/setup.ts'])).toThrow(/cannot use the setup module .*--import/);
  });
});

describe('matchImports', () => {
  const teamV1 = file('team.ts', 'export const v = 1;\n');
  const other = file('other.ts', 'export const o = 1;\n');
  const available = (urls: string[]) =>
    new Map(urls.map((url) => [moduleRef(url).sha256, { url, ref: moduleRef(url) }]));

  it('finds the same file by content, whatever its path', () => {
    const copy = file('copy-of-team.ts', 'export const v = 1;\n');
    expect(matchImports([moduleRef(teamV1)], available([other, copy]))).toEqual({ urls: [copy] });
  });

  it('refuses another version of a module, saying so', () => {
    const required = moduleRef(teamV1);
    const teamV2 = file('v2/team.ts'.replace('/', '-'), 'export const v = 2;\n');
    const renamed = { url: teamV2, ref: { ...moduleRef(teamV2), name: 'team.ts' } };
    const result = matchImports([required], new Map([[renamed.ref.sha256, renamed]]));
    expect('error' in result && result.error).toMatch(
      /this worker's team\.ts differs from the run's .*--import the same version of team\.ts/,
    );
  });

  it('names a missing module and what the worker has', () => {
    const result = matchImports([moduleRef(teamV1)], available([other]));
    expect('error' in result && result.error).toMatch(
      /has no module team\.ts \(sha256 [0-9a-f]{12}…\) — its --import modules: other\.ts/,
    );
  });

  it('refuses a module that is not a file', () => {
    expect(() => moduleRef('https://example.com/team.js')).toThrow(/can import only files/);
    expect(() => moduleRef(pathToFileURL(join(dir, 'missing.ts')).href)).toThrow(/Cannot read the module/);
  });
});
