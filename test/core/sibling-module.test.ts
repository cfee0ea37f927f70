/** A setup module's URL, named by a module beside it without loading it. */
import { describe, expect, it } from 'vitest';
import { siblingModuleUrl } from '../../src/core/sibling-module.js';
import { LLM_SETUP } from '../../src/llm/setup-url.js';
import { COMMAND_TEAM_SETUP } from '../../src/serve/command-team/setup-url.js';
import { MIXED_TEAM_SETUP } from '../../src/serve/mixed-team/setup-url.js';

describe('siblingModuleUrl', () => {
  it("takes the caller's extension: .ts from the sources, .js from dist", () => {
    expect(siblingModuleUrl('file:///p/src/llm/setup-url.ts', 'setup')).toBe('file:///p/src/llm/setup.ts');
    expect(siblingModuleUrl('file:///p/dist/src/llm/setup-url.js', 'setup')).toBe('file:///p/dist/src/llm/setup.js');
    expect(siblingModuleUrl('file:///p/a%20b/x.ts', 'y')).toBe('file:///p/a%20b/y.ts');
  });

  it('names the setup modules themselves, which export setup()', async () => {
    for (const [url, path] of [
      [LLM_SETUP, '/src/llm/setup.ts'],
      [COMMAND_TEAM_SETUP, '/src/serve/command-team/setup.ts'],
      [MIXED_TEAM_SETUP, '/src/serve/mixed-team/setup.ts'],
    ] as const) {
      expect(url.endsWith(path)).toBe(true);
      const module = (await import(url)) as { setup?: unknown };
      expect(typeof module.setup).toBe('function');
    }
  });
});
