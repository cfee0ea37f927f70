/**
 * The agent programs a job asks a worker to start, as the run's command teams put them in the
 * job (`--team-cmd`, a team file's per-role commands), and the worker's answer to a job naming a
 * program it was not given. The end-to-end refusal, on a real queue, is queue-commands.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { teamCmdSetupFrom } from '../../src/cli/team-cmd-options.js';
import { portableSetup, type PortableSetup } from '../../src/queue/portable-modules.js';
import { jobCommands, refusedCommands } from '../../src/queue/job-commands.js';
import { startQueueWorker } from '../../src/queue/queue-worker.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-job-commands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jobCommands', () => {
  it("lists every program of a run's command teams, as the run's setup carries them", () => {
    const teamFile = join(dir, 'per-role.json');
    writeFileSync(
      teamFile,
      JSON.stringify({
        id: 'per-role',
        roles: {
          planner: { command: 'python plan.py {mcp_url}' },
          executor: { command: 'node exec.mjs, fast {role}' },
        },
      }),
    );
    const { setupEntry } = teamCmdSetupFrom({ teamCmd: 'node agent.mjs --mcp {mcp_url}', teamFile: [teamFile] }, {});
    const setup = portableSetup([setupEntry!]);
    expect(jobCommands(setup)).toEqual([
      'node agent.mjs --mcp {mcp_url}',
      'python plan.py {mcp_url}',
      'node exec.mjs, fast {role}',
    ]);
  });

  it('lists a value of another shape as its JSON, and nothing of the other setup modules', () => {
    const setup: PortableSetup[] = [
      { module: 'builtins' },
      { module: 'llm', options: { teams: [{ command: 'not a program here' }] } },
      {
        module: 'team-cmd',
        options: {
          teams: [
            { id: 'a', command: ['sh', '-c', 'x'] },
            { id: 'b', roles: 'sh' },
            { id: 'c', roles: { p: 7 } },
            'odd',
          ],
        },
      },
      {
        module: 'team-cmd',
        options: {
          teams: [
            { id: 'd', command: 'same' },
            { id: 'e', command: 'same' },
          ],
        },
      },
      { module: 'team-cmd', options: 'not options' },
    ];
    expect(jobCommands(setup)).toEqual(['["sh","-c","x"]', 'sh', '7', 'same']);
  });
});

describe('refusedCommands', () => {
  it('says which programs are missing and the flags that would serve them; nothing when all were given', () => {
    const allowed = new Set(['node agent.mjs']);
    expect(refusedCommands(['node agent.mjs'], allowed)).toBeNull();
    expect(refusedCommands([], new Set())).toBeNull();
    expect(refusedCommands(['node agent.mjs', 'python evil.py'], allowed)).toBe(
      'this worker starts only the agent programs it was given with --team-cmd (here: "node agent.mjs"); the run\'s command team needs "python evil.py". Start a worker with --team-cmd "python evil.py" (the command exactly as the run names it)',
    );
    expect(refusedCommands(['node agent.mjs '], allowed)).toMatch(
      /here: "node agent\.mjs"\); .*needs "node agent\.mjs "/,
    );
    expect(refusedCommands(['x'], new Set())).toMatch(/\(here: none\)/);
  });
});

describe('startQueueWorker', () => {
  it('refuses an empty --team-cmd before it connects, naming the flag', async () => {
    await expect(startQueueWorker({ url: 'redis://127.0.0.1:1/0', teamCommands: ['  '] })).rejects.toThrow(
      /--team-cmd.*a command line of an agent program/s,
    );
  });
});
