/**
 * What `faultline run` loads before it runs anything: not the `openai` client, the MCP SDK, the
 * WebSocket server, the YAML parser or the HTML report. Those are most of the modules faultline depends on, and
 * the command and each of its worker threads paid for loading them on every start (about 0.5 s of
 * CPU of a 1.2 s start-up) though a run of scripted teams uses none. They are imported where they
 * are first used instead; this keeps a static import from bringing them back.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/faultline.mjs', import.meta.url));
const LOG_RESOLVED = fileURLToPath(new URL('./fixtures/log-resolved.mjs', import.meta.url));

/** The module URLs `faultline ARGS` resolves, from the hook's stderr lines. */
function modulesLoadedBy(args: readonly string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', LOG_RESOLVED, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FAULTLINE_DIST: '0' },
  });
  expect(r.status, r.stderr.slice(-2000)).toBe(0);
  return r.stderr
    .split('\n')
    .filter((line) => line.startsWith('RESOLVED '))
    .map((line) => line.slice('RESOLVED '.length));
}

describe('start-up of faultline run', () => {
  it('loads faultline and its worlds but not openai, the MCP SDK, ws, yaml or the HTML report', () => {
    const loaded = modulesLoadedBy(['run', '--help']);
    // The hook sees the command's own modules: without them the check below would pass vacuously.
    expect(loaded.some((url) => url.endsWith('/src/cli/run-command.ts'))).toBe(true);
    expect(loaded.some((url) => url.includes('/environments/filesystem/'))).toBe(true);
    // Packages, and the entry modules of the report and the servers (small helpers of theirs that
    // other commands share, such as a byte formatter, may load).
    const heavy = loaded.filter(
      (url) =>
        /\/node_modules\/(openai|@modelcontextprotocol|ws|hono|@hono|yaml)\//.test(url) ||
        /\/src\/(report\/html\/write|serve\/mcp\/(session|http-server)|serve\/openenv\/server)\.ts$/.test(url),
    );
    expect(heavy).toEqual([]);
  });

  it("names the setup modules of LLM, command and mixed teams without loading them, nor other commands' code", () => {
    const loaded = modulesLoadedBy(['run', '--help']);
    expect(loaded.some((url) => url.endsWith('/src/llm/setup-url.ts'))).toBe(true);
    const unneeded = loaded.filter((url) =>
      /\/src\/(llm\/setup|serve\/(command|mixed)-team\/setup|run\/validity\/index|run\/blame\/run-blame|report\/docs|testing\/model-server\/server|cli\/blame-actions)\.ts$/.test(
        url,
      ),
    );
    expect(unneeded).toEqual([]);
  });

  it('loads them when a command needs them: `faultline mcp --help` still works and lists its flags', () => {
    const r = spawnSync(process.execPath, [BIN, 'mcp', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--http');
  });
});
