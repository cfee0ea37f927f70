/**
 * Command lines of agent programs: split like a shell splits words (quotes, escapes), with
 * placeholders substituted inside single arguments, and clear errors for what cannot be run.
 */
import { describe, expect, it } from 'vitest';
import { shellWords } from '../../../src/serve/command-team/shell-words.js';
import { assertPlaceholders, substitute } from '../../../src/serve/command-team/placeholders.js';
import { planCommandTeam } from '../../../src/serve/command-team/config.js';
import { TailBuffer } from '../../../src/serve/command-team/tail-buffer.js';

describe('shellWords', () => {
  it('splits on whitespace and keeps quoted text together', () => {
    expect(shellWords(`node  agent.mjs --mcp {mcp_url} --name 'a b' "c \\"d\\"" e\\ f ''`)).toEqual([
      'node',
      'agent.mjs',
      '--mcp',
      '{mcp_url}',
      '--name',
      'a b',
      'c "d"',
      'e f',
      '',
    ]);
  });
  it('keeps shell syntax literal: no variables, pipes or substitutions', () => {
    expect(shellWords('echo $HOME | cat; `id` $(id)')).toEqual(['echo', '$HOME', '|', 'cat;', '`id`', '$(id)']);
  });
  it('refuses unclosed quotes, a trailing backslash and an empty command', () => {
    expect(() => shellWords(`node 'agent.mjs`, '--team-cmd')).toThrow(/--team-cmd.*quotes are closed/);
    expect(() => shellWords('node agent.mjs \\')).toThrow(/trailing backslash/);
    expect(() => shellWords('   ')).toThrow(/a program and its arguments/);
  });
});

describe('placeholders', () => {
  it('substitutes inside an argument; a value never splits or joins arguments', () => {
    const args = substitute(['--mcp={mcp_url}', '{prompt_file}', '{role}-{episode_id}'], {
      mcp_url: 'http://127.0.0.1:1/mcp/e1',
      prompt_file: '/tmp/a b; rm -rf x/prompt.md',
      role: 'planner',
      episode_id: 'ep',
      model_base_url: undefined,
    });
    expect(args).toEqual(['--mcp=http://127.0.0.1:1/mcp/e1', '/tmp/a b; rm -rf x/prompt.md', 'planner-ep']);
  });
  it('refuses unknown placeholders and {model_base_url} without the proxy', () => {
    expect(() => assertPlaceholders(['{mcp_uri}'], '--team-cmd', false)).toThrow(/\{mcp_uri\}.*one of \{mcp_url\}/);
    expect(() => assertPlaceholders(['{model_base_url}'], '--team-cmd', false)).toThrow(/--model-proxy/);
    expect(() => assertPlaceholders(['{model_base_url}'], '--team-cmd', true)).not.toThrow();
  });
});

describe('planCommandTeam', () => {
  it('takes one command or one per role, never both or neither, and checks every field', () => {
    expect(planCommandTeam({ id: 'cmd', command: 'node a.mjs {mcp_url}' }).programs).toEqual([
      { role: null, argv: ['node', 'a.mjs', '{mcp_url}'] },
    ]);
    expect(planCommandTeam({ id: 'cmd', roles: { planner: 'a', coder: 'b c' } }).programs).toHaveLength(2);
    expect(() => planCommandTeam({ id: 'cmd', command: 'a', roles: { p: 'b' } })).toThrow(/exactly one/);
    expect(() => planCommandTeam({ id: 'cmd' })).toThrow(/either `command`/);
    expect(() => planCommandTeam({ id: 'bad id', command: 'a' })).toThrow(/id/);
    expect(() => planCommandTeam({ id: 'cmd', roles: {} })).toThrow(/at least one role/);
    expect(() => planCommandTeam({ id: 'cmd', command: 'a', timeoutMs: 0 })).toThrow(/timeoutMs.*whole number/);
    expect(() => planCommandTeam({ id: 'cmd', command: 'a', comand: 'b' } as never)).toThrow(/comand/);
  });
});

describe('TailBuffer', () => {
  it('keeps only the last bytes however the chunks fall', () => {
    const tail = new TailBuffer(8);
    for (const chunk of ['abc', 'defghij', 'k', '0123456789xyz']) tail.push(Buffer.from(chunk));
    expect(tail.text()).toBe('6789xyz'.padStart(8, '5'));
    tail.push(Buffer.from('Z'));
    expect(tail.text()).toBe('789xyzZ'.padStart(8, '6'));
  });
});
