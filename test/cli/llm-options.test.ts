/**
 * The run command's LLM flags: parsed and checked before any episode, turned into a setup entry
 * whose options are plain JSON and hold no API key.
 */
import { Command } from 'commander';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addLlmOptions, llmSetupFrom, type LlmCliOptions } from '../../src/cli/llm-options.js';
import { LLM_SETUP } from '../../src/llm/setup.js';

const KEY = 'sk-fake-key-that-must-not-leak';
const dir = mkdtempSync(join(tmpdir(), 'faultline-llm-options-'));

function parse(args: string[]): LlmCliOptions {
  const command = addLlmOptions(new Command().exitOverride().configureOutput({ writeErr: () => undefined }));
  command.parse(args, { from: 'user' });
  return command.opts<LlmCliOptions>();
}

describe('addLlmOptions', () => {
  it('parses every flag', () => {
    const opts = parse([
      ...['--model', 'm', '--base-url', 'http://127.0.0.1:8000/v1', '--team-file', 'a.json,b.yaml'],
      ...['--team-file', 'c.yml', '--llm-cache', 'cache', '--llm-cache-mode', 'replay', '--prices', 'p.json'],
      ...['--temperature', '0.7', '--max-tokens', '512', '--max-text-replies', '2', '--context-budget', '8000'],
      ...['--request-timeout', '30000', '--max-retries', '0'],
    ]);
    expect(opts).toEqual({
      model: 'm',
      baseUrl: 'http://127.0.0.1:8000/v1',
      teamFile: ['a.json', 'b.yaml', 'c.yml'],
      llmCache: 'cache',
      llmCacheMode: 'replay',
      prices: 'p.json',
      temperature: 0.7,
      maxTokens: 512,
      maxTextReplies: 2,
      contextBudget: 8000,
      requestTimeout: 30000,
      maxRetries: 0,
    });
  });

  it.each([
    [['--temperature', '2.5'], /--temperature: got "2.5", expected a number from 0 to 2/],
    [['--max-text-replies', '0'], /--max-text-replies: got "0", expected a whole number from 1 to 20/],
    [['--context-budget', 'lots'], /--context-budget: got "lots"/],
    [['--base-url', '127.0.0.1:8000'], /--base-url: got "127.0.0.1:8000", expected the http\(s\) URL/],
    [['--llm-cache-mode', 'sometimes'], /Allowed choices are record, replay, auto, off/],
  ])('refuses %j', (args, message) => {
    expect(() => parse(args)).toThrow(message);
  });
});

describe('llmSetupFrom', () => {
  const withKey = { OPENAI_API_KEY: KEY };

  it('no llm team and no team file: no setup', () => {
    expect(llmSetupFrom({}, ['oracle'], {})).toEqual({ setupEntry: null, teamIds: ['oracle'] });
  });

  it('the built-in llm team from the flags, with no key in its options', () => {
    const r = llmSetupFrom(
      { model: 'gpt-4o-mini', temperature: 0, llmCache: join(dir, 'cache'), maxRetries: 3, contextBudget: 9000 },
      ['llm', 'oracle'],
      withKey,
    );
    expect(r.teamIds).toEqual(['llm', 'oracle']);
    expect(r.setupEntry?.url).toBe(LLM_SETUP);
    expect(r.setupEntry?.options).toEqual({
      teams: [
        {
          id: 'llm',
          defaults: {
            model: 'gpt-4o-mini',
            provider: { baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' },
            temperature: 0,
          },
          contextBudget: 9000,
        },
      ],
      gateway: { cassette: { dir: join(dir, 'cache'), mode: 'auto' }, maxRetries: 3 },
    });
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('--team llm without --model is a clear error', () => {
    expect(() => llmSetupFrom({}, ['llm'], withKey)).toThrow(/--model: got undefined, expected the model every role/);
  });

  it('model flags without the llm team are an error rather than ignored', () => {
    expect(() => llmSetupFrom({ model: 'm' }, ['oracle'], withKey)).toThrow(/--model: .*Fix: add --team llm/);
    expect(() => llmSetupFrom({ temperature: 1 }, ['oracle'], withKey)).toThrow(/--temperature/);
  });

  it('no key and no base URL: an error before any episode, naming the variable and both fixes', () => {
    expect(() => llmSetupFrom({ model: 'm' }, ['llm'], {})).toThrow(
      /Team llm calls https:\/\/api\.openai\.com\/v1, but \$OPENAI_API_KEY is not set.*--base-url/,
    );
    // A local server needs no key; OPENAI_BASE_URL counts as an explicit base URL; a replay is offline.
    const local = llmSetupFrom({ model: 'm', baseUrl: 'http://127.0.0.1:11434/v1' }, ['llm'], {});
    expect(local.setupEntry?.options.teams[0]?.defaults.provider.baseUrl).toBe('http://127.0.0.1:11434/v1');
    const fromEnv = llmSetupFrom({ model: 'm' }, ['llm'], { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' });
    expect(fromEnv.setupEntry?.options.teams[0]?.defaults.provider.baseUrl).toBe('http://127.0.0.1:8000/v1');
    expect(() => llmSetupFrom({ model: 'm', llmCache: dir, llmCacheMode: 'replay' }, ['llm'], {})).not.toThrow();
  });

  it('a cassette mode needs a cassette directory', () => {
    expect(() => llmSetupFrom({ model: 'm', llmCacheMode: 'record' }, ['llm'], withKey)).toThrow(
      /--llm-cache-mode: got "record", expected a cassette directory given with --llm-cache/,
    );
  });

  it('a team file’s id joins the team list; its roles’ providers are checked for keys too', () => {
    const team = join(dir, 'team.yaml');
    writeFileSync(
      team,
      'id: mine\ndefaults:\n  model: m\n  baseUrl: http://127.0.0.1:8000/v1\nroles:\n  reviewer:\n    apiKeyEnv: REVIEWER_KEY\n    baseUrl: https://api.example.test/v1\n',
    );
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, '{"m": {"input": 1, "output": 2}}');
    const r = llmSetupFrom({ teamFile: [team], prices, maxTextReplies: 2 }, [], {});
    expect(r.teamIds).toEqual(['mine']);
    expect(r.setupEntry?.options.teams[0]).toMatchObject({ id: 'mine', maxTextReplies: 2 });
    expect(r.setupEntry?.options.prices).toEqual({ m: { input: 1, output: 2 } });
    expect(r.setupEntry?.options.gateway).toEqual({ cassette: null });

    const remote = join(dir, 'remote.json');
    writeFileSync(remote, '{"id":"remote","defaults":{"model":"m","apiKeyEnv":"MY_KEY"}}');
    expect(() => llmSetupFrom({ teamFile: [remote] }, ['oracle'], withKey)).toThrow(/\$MY_KEY is not set/);
    expect(llmSetupFrom({ teamFile: [remote] }, ['oracle'], { MY_KEY: KEY }).teamIds).toEqual(['oracle', 'remote']);
    expect(() => llmSetupFrom({ teamFile: [remote, remote] }, [], { MY_KEY: KEY })).toThrow(/another team file has it/);
  });

  it('a team file may not take a reference team’s id', () => {
    const oracle = join(dir, 'oracle.json');
    writeFileSync(oracle, '{"id":"Oracle","defaults":{"model":"m","baseUrl":"http://127.0.0.1:1/v1"}}');
    expect(() => llmSetupFrom({ teamFile: [oracle] }, [], {})).toThrow(/not a reference team's \("oracle" is one/);
  });

  it('a bad team file fails the run with the file and field named', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"id":"x","defaults":{"model":"m","apiKey":"sk-x"}}');
    expect(() => llmSetupFrom({ teamFile: [bad] }, [], withKey)).toThrow(/bad\.json: field defaults\.apiKey/);
  });
});
