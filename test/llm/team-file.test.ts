/**
 * Team files and price tables: what a valid file becomes, and that every bad file is refused
 * with an error naming the file, the field, the value, what was expected and the fix.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPriceTable, loadTeamFile, parseTeamFile, teamFileConfig, TeamFileError } from '../../src/llm/team-file.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-team-file-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

const YAML = `
id: small-models
description: Two small models
defaults:
  model: gpt-4o-mini
  temperature: 0
  prices: { input: 0.15, output: 0.6 }
roles:
  planner:
    model: gpt-4o
    instructions: Plan in three steps at most.
    baseUrl: http://127.0.0.1:11434/v1
    apiKeyEnv: OLLAMA_KEY
maxTextReplies: 2
contextBudget: 16000
`;

describe('a valid team file', () => {
  it('loads from YAML and JSON alike, and becomes a team config with defaults filled in', () => {
    const fromYaml = loadTeamFile(file('team.yaml', YAML));
    const json = JSON.stringify(fromYaml);
    expect(loadTeamFile(file('team.json', json))).toEqual(fromYaml);
    expect(loadTeamFile(file('team.yml', YAML))).toEqual(fromYaml);
    const config = teamFileConfig(fromYaml, 'https://example.test/v1');
    expect(config).toEqual({
      id: 'small-models',
      description: 'Two small models',
      defaults: {
        model: 'gpt-4o-mini',
        provider: { baseUrl: 'https://example.test/v1', apiKeyEnv: 'OPENAI_API_KEY' },
        temperature: 0,
        prices: { input: 0.15, output: 0.6 },
      },
      roles: {
        planner: {
          model: 'gpt-4o',
          instructions: 'Plan in three steps at most.',
          provider: { baseUrl: 'http://127.0.0.1:11434/v1', apiKeyEnv: 'OLLAMA_KEY' },
        },
      },
      maxTextReplies: 2,
      contextBudget: 16000,
    });
  });
});

describe("the README's team file", () => {
  it('loads as written, with the planner on its own model and prices', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /```yaml\n(id: [\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'the README shows a YAML team file').toBeDefined();
    const config = teamFileConfig(loadTeamFile(file('readme-team.yaml', block ?? '')), 'https://example.test/v1');
    expect(config.id).toBe('my-team-v2');
    expect(config.roles?.['planner']).toMatchObject({ model: 'gpt-4o', prices: { input: 2.5, output: 10 } });
    expect(config.defaults.prices).toEqual({ input: 0.15, output: 0.6, cachedInput: 0.075 });
  });
});

describe('a bad team file', () => {
  const cases: [string, string, string, RegExp][] = [
    ['bad JSON', 'team.json', '{"id": "x", ', /team\.json: not valid JSON: .*Fix: correct the JSON/],
    [
      'bad YAML',
      'team.yaml',
      'id: x\ndefaults:\n  model: m\n roles: 1\n',
      /team\.yaml: not valid YAML: .*line 4.*Fix:/,
    ],
    [
      'an unknown key',
      'team.json',
      '{"id":"x","defaults":{"model":"m","temprature":0.5}}',
      /field defaults\.temprature: an unknown field at defaults, expected only model, .*temperature.*Fix: remove it or correct its spelling/,
    ],
    [
      'an unknown top-level key',
      'team.json',
      '{"id":"x","defaults":{"model":"m"},"model":"m"}',
      /field model: an unknown field at the top level, expected only id, description, defaults/,
    ],
    [
      'a bad temperature',
      'team.yaml',
      'id: x\ndefaults:\n  model: m\nroles:\n  executor:\n    temperature: 3\n',
      /field roles\.executor\.temperature: got 3, expected a number from 0 to 2\. Fix: write e\.g\. "temperature": 0/,
    ],
    [
      'a temperature that is not a number',
      'team.json',
      '{"id":"x","defaults":{"model":"m","temperature":"hot"}}',
      /field defaults\.temperature: got "hot", expected a number from 0 to 2/,
    ],
    [
      'a missing model',
      'team.json',
      '{"id":"x","defaults":{}}',
      /field defaults\.model: got nothing, expected a model name/,
    ],
    [
      'an unsafe id',
      'team.json',
      '{"id":"../x","defaults":{"model":"m"}}',
      /field id: got "\.\.\/x", expected a safe id/,
    ],
    [
      'a bad base URL',
      'team.json',
      '{"id":"x","defaults":{"model":"m","baseUrl":"localhost:8000"}}',
      /field defaults\.baseUrl: got "localhost:8000", expected the http\(s\) URL/,
    ],
    ['an array', 'team.json', '[]', /got \[\], expected an object with "id" and "defaults"/],
    ['another extension', 'team.toml', 'id = "x"', /ends in "\.toml", expected \.json, \.yaml or \.yml/],
  ];
  it.each(cases)('%s: names the file and the field', (_name, name, text, message) => {
    const e = errorOf(() => loadTeamFile(file(name, text)));
    expect(e).toBeInstanceOf(TeamFileError);
    expect(e.message).toContain(join(dir, name));
    expect(e.message).toMatch(message);
  });

  it('refuses an apiKey field without repeating the key', () => {
    const e = errorOf(() =>
      parseTeamFile('{"id":"x","defaults":{"model":"m"},"roles":{"planner":{"apiKey":"sk-very-secret"}}}', 't.json'),
    );
    expect(e.message).toContain('field roles.planner.apiKey');
    expect(e.message).toContain('put the key in an environment variable and name it with apiKeyEnv');
    expect(e.message).not.toContain('sk-very-secret');
    expect(errorOf(() => parseTeamFile('id: x\ndefaults:\n  model: m\n  api_key: k\n', 't.yaml')).message).toContain(
      'field defaults.api_key',
    );
  });

  it('lists every problem of a file at once', () => {
    const e = errorOf(() =>
      parseTeamFile('{"id":"x","defaults":{"model":"m","topP":2},"maxTextReplies":0}', 't.json'),
    ) as TeamFileError;
    expect(e.problems).toHaveLength(2);
    expect(e.message).toMatch(
      /t\.json has 2 problems:\n- field defaults\.topP: got 2.*\n- field maxTextReplies: got 0/,
    );
  });
});

describe('a price table', () => {
  it('loads prices per model, and refuses a bad one naming the model and field', () => {
    const path = file('prices.json', '{"m": {"input": 1, "output": 2, "cachedInput": 0.5}}');
    expect(loadPriceTable(path)).toEqual({ m: { input: 1, output: 2, cachedInput: 0.5 } });
    const bad = file(
      'bad-prices.json',
      '{"m": {"input": -1, "output": 2}, "n": {"input": 1, "output": 1, "cached": 1}}',
    );
    const e = errorOf(() => loadPriceTable(bad));
    expect(e.message).toMatch(/field m\.input: got -1, expected a number >= 0/);
    expect(e.message).toMatch(/field n\.cached: an unknown field at n, expected only input, output, cachedInput/);
    expect(errorOf(() => loadPriceTable(join(dir, 'missing.json'))).message).toMatch(/Cannot read .*missing\.json/);
  });
});
