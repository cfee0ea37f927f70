/**
 * Mixed team files: strict validation with errors naming the file, field, value, expectation and
 * fix; API keys refused; the config they turn into; and how `--team-file` tells a mixed team file
 * from an LLM or command team file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TeamFileError } from '../../src/llm/team-file.js';
import { isCommandTeamData } from '../../src/serve/command-team/team-file.js';
import { isMixedTeamData, mixedTeamConfigOf, mixedTeamFileOf } from '../../src/serve/mixed-team/team-file.js';
import { mixedSetupFrom } from '../../src/cli/mixed-options.js';
import { teamCmdSetupFrom } from '../../src/cli/team-cmd-options.js';
import { MIXED_TEAM_SETUP } from '../../src/serve/mixed-team/setup.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-mixed-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function problemsOf(raw: unknown): string {
  try {
    mixedTeamFileOf(raw, 'mixed.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(TeamFileError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

const ORACLE = { kind: 'oracle' };

describe('a mixed team file', () => {
  it('names an unknown kind, a missing kind, a bad URL and a field the kind does not take', () => {
    expect(problemsOf({ id: 'm', roles: { planner: { kind: 'orcle' } } })).toBe(
      'mixed.yaml: field roles.planner.kind: got "orcle", expected one of oracle, team, llm, a2a, agent-protocol, cmd. Fix: write e.g. kind: oracle.',
    );
    expect(problemsOf({ id: 'm', roles: { planner: ORACLE, executor: { url: 'http://x' } } })).toMatch(
      /^mixed\.yaml: field roles\.executor\.kind: got nothing, expected one of oracle/,
    );
    expect(problemsOf({ id: 'm', roles: { executor: { kind: 'a2a', url: 'ftp://agent' } } })).toMatch(
      /field roles\.executor\.url: got "ftp:\/\/agent", expected an http\(s\) URL.*Fix: write e\.g\. url: http:\/\/127\.0\.0\.1:41241/,
    );
    expect(problemsOf({ id: 'm', roles: { planner: { kind: 'oracle', model: 'gpt-4o' } } })).toBe(
      'mixed.yaml: field roles.planner.model: an unknown field at roles.planner, expected only kind. Fix: remove it or correct its spelling.',
    );
    expect(problemsOf({ id: 'm', roles: { planner: { kind: 'a2a', url: 'http://x', token: 1 } } })).toMatch(
      /field roles\.planner\.token: an unknown field at roles\.planner, expected only kind, url\./,
    );
  });

  it("checks a program role's command line and placeholders", () => {
    expect(problemsOf({ id: 'm', roles: { executor: { kind: 'cmd', command: 'agent --mcp {mcp_ur}' } } })).toMatch(
      /^mixed\.yaml: roles\.executor\.command: got "\{mcp_ur\}", expected one of \{mcp_url\}/,
    );
    expect(problemsOf({ id: 'm', roles: { executor: { kind: 'cmd', command: "agent 'open" } } })).toMatch(
      /roles\.executor\.command/,
    );
    expect(problemsOf({ id: 'm', roles: { executor: { kind: 'cmd' } } })).toMatch(
      /field roles\.executor\.command: got nothing, expected a command line/,
    );
  });

  it('lists every problem at once, top-level ones included', () => {
    const message = problemsOf({
      id: 'not safe!',
      roles: { planner: ORACLE },
      remote: { timeoutSeconds: 0 },
      extra: 1,
    });
    expect(message).toMatch(/^mixed\.yaml has 3 problems:/);
    expect(message).toContain('field id: got "not safe!", expected a safe id');
    expect(message).toContain('field remote.timeoutSeconds: got 0, expected a whole number of seconds >= 1');
    expect(message).toMatch(
      /field extra: an unknown field at the top level, expected only id, description, defaults, roles, remote/,
    );
  });

  it('needs defaults for an llm role and refuses an API key anywhere', () => {
    expect(problemsOf({ id: 'm', roles: { reviewer: { kind: 'llm', model: 'gpt-4o' } } })).toBe(
      'mixed.yaml: field defaults: got nothing, expected the model settings of the llm role reviewer (an object with at least "model"). Fix: add defaults: { model: gpt-4o-mini }.',
    );
    expect(
      problemsOf({ id: 'm', defaults: { model: 'x' }, roles: { reviewer: { kind: 'llm', api_key: 'sk-123' } } }),
    ).toMatch(/field roles\.reviewer\.api_key: an API key does not belong in a team file.*apiKeyEnv/);
    expect(problemsOf({ id: 'm', roles: {}, defaults: { model: 'x', apiKey: 'sk' } })).toMatch(
      /field defaults\.apiKey: an API key/,
    );
  });

  it('turns into a config: llm roles on top of the defaults, remote limits in ms', () => {
    const file = mixedTeamFileOf(
      {
        id: 'mixed-a2a',
        description: 'ours',
        defaults: { model: 'gpt-4o-mini', temperature: 0 },
        roles: {
          planner: ORACLE,
          executor: { kind: 'a2a', url: 'http://127.0.0.1:41241/.well-known/agent-card.json' },
          reviewer: { kind: 'llm', model: 'gpt-4o', instructions: 'Check twice.' },
          helper: { kind: 'team', team: 'lossy-handoff' },
        },
        remote: { timeoutSeconds: 30, retries: 1 },
      },
      'mixed.yaml',
    );
    const config = mixedTeamConfigOf(file, 'http://127.0.0.1:11434/v1');
    expect(config).toEqual({
      id: 'mixed-a2a',
      description: 'ours',
      roles: {
        planner: ORACLE,
        executor: { kind: 'a2a', url: 'http://127.0.0.1:41241/.well-known/agent-card.json' },
        reviewer: { kind: 'llm' },
        helper: { kind: 'team', team: 'lossy-handoff' },
      },
      llm: {
        id: 'mixed-a2a',
        defaults: {
          model: 'gpt-4o-mini',
          provider: { baseUrl: 'http://127.0.0.1:11434/v1', apiKeyEnv: 'OPENAI_API_KEY' },
          temperature: 0,
        },
        roles: { reviewer: { model: 'gpt-4o', instructions: 'Check twice.' } },
      },
      remote: { timeoutMs: 30_000, retries: 1 },
    });
  });

  it('is told apart from LLM and command team files, even with a role that has a command', () => {
    const mixed = { id: 'm', roles: { planner: ORACLE } };
    expect(isMixedTeamData(mixed)).toBe(true);
    expect(isMixedTeamData({ id: 'l', defaults: { model: 'x' }, roles: { planner: { model: 'y' } } })).toBe(false);
    expect(isMixedTeamData({ id: 'c', roles: { planner: { command: 'x' } } })).toBe(false);
    expect(isMixedTeamData({ id: 'c', command: 'x' })).toBe(false);
    const withCommand = { id: 'm', roles: { planner: ORACLE, executor: { kind: 'cmd', command: 'x' } } };
    expect(isCommandTeamData(withCommand)).toBe(true);
    expect(isMixedTeamData(withCommand)).toBe(true);
    const files = [
      write(
        'mixed.yaml',
        'id: mixed-one\nroles:\n  planner: { kind: oracle }\n  executor: { kind: cmd, command: x }\n',
      ),
      write('llm.json', JSON.stringify({ id: 'llm-one', defaults: { model: 'x' } })),
    ];
    const cmd = teamCmdSetupFrom({ teamFile: files });
    expect(cmd.mixedTeamFiles).toEqual([files[0]]);
    expect(cmd.llmTeamFiles).toEqual([files[1]]);
    expect(cmd.setupEntry).toBeNull();
    // A program role of a mixed team is the mixed team's, not a command team.
    expect(mixedSetupFrom(cmd.mixedTeamFiles, {}, {}).setupEntry?.options.teams[0]?.roles['executor']).toEqual({
      kind: 'cmd',
      command: 'x',
    });
  });
});

describe('mixedSetupFrom', () => {
  it('builds the setup entry, with a gateway only for llm roles', () => {
    const plain = write(
      'plain.yaml',
      'id: plain\nroles: { planner: { kind: oracle }, executor: { kind: team, team: lossy-handoff } }\n',
    );
    const setup = mixedSetupFrom([plain], {}, {});
    expect(setup.teamIds).toEqual(['plain']);
    expect(setup.hasLlmRoles).toBe(false);
    expect(setup.setupEntry).toEqual({
      url: MIXED_TEAM_SETUP,
      options: {
        teams: [{ id: 'plain', roles: { planner: ORACLE, executor: { kind: 'team', team: 'lossy-handoff' } } }],
      },
    });
    const llm = write('llm-role.yaml', 'id: with-llm\ndefaults: { model: m }\nroles: { reviewer: { kind: llm } }\n');
    expect(() => mixedSetupFrom([llm], {}, {})).toThrow(
      /Team with-llm calls https:\/\/api\.openai\.com\/v1, but \$OPENAI_API_KEY is not set/,
    );
    const local = mixedSetupFrom([llm], { baseUrl: 'http://127.0.0.1:11434/v1', maxRetries: 1 }, {});
    expect(local.hasLlmRoles).toBe(true);
    expect(local.setupEntry?.options.gateway).toEqual({ cassette: null, maxRetries: 1 });
  });

  it('refuses the id of a built-in team and two files with one id', () => {
    const oracle = write('oracle.yaml', 'id: oracle\nroles: { planner: { kind: oracle } }\n');
    expect(() => mixedSetupFrom([oracle], {}, {})).toThrow(/an id that is not a built-in team's \("oracle" is one/);
    const a = write('a.yaml', 'id: twin\nroles: { planner: { kind: oracle } }\n');
    const b = write('b.yaml', 'id: twin\nroles: { planner: { kind: oracle } }\n');
    expect(() => mixedSetupFrom([a, b], {}, {})).toThrow(/an id no other team file of the run has/);
  });
});

describe("the README's mixed team file", () => {
  it('loads as written', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /```yaml\n(id: mixed-a2a[\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'the README shows a mixed team file').toBeDefined();
    const setup = mixedSetupFrom([write('readme-mixed.yaml', block ?? '')], {}, {});
    expect(setup.hasLlmRoles).toBe(false);
    expect(setup.setupEntry?.options.teams[0]).toEqual({
      id: 'mixed-a2a',
      description: 'oracle planner and reviewer, our executor over A2A',
      roles: {
        planner: ORACLE,
        executor: { kind: 'a2a', url: 'http://127.0.0.1:41241/.well-known/agent-card.json' },
        reviewer: ORACLE,
      },
      remote: { timeoutMs: 300_000, retries: 2, maxRepliesWithoutAction: 3 },
    });
  });
});
