/**
 * Helpers of the command-team tests: the fixture agent program's command, the oracle's actions
 * as a file of tool calls, and the processes of a process group (to prove none is left).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionToToolCall } from '../../../src/llm/tool-calls.js';
import type { Action } from '../../../src/team/actions.js';
import { runEpisode } from '../../../src/team/episode.js';
import { oracleTeam } from '../../../agents/oracle.js';

/** The fixture agent program. */
export const AGENT = join(import.meta.dirname, '../../fixtures/agent-program/agent.mjs');

/** `node agent.mjs --mcp {mcp_url} --prompt {prompt_file}` plus `extra`, quoted for shellWords. */
export function agentCommand(extra = ''): string {
  return `"${process.execPath}" "${AGENT}" --mcp {mcp_url} --prompt {prompt_file} ${extra}`.trim();
}

/** Writes the oracle's actions in `env` (seed, trial 0) as `[{ role, name, args }]`; returns the file. */
export async function oracleActionsFile(dir: string, env: string, seed: number): Promise<string> {
  const oracle = await runEpisode({ env, team: oracleTeam, seed });
  const file = join(dir, `oracle-${env.replace('/', '.')}-${seed}.json`);
  writeFileSync(
    file,
    JSON.stringify(oracle.trajectory.map((s) => ({ role: s.role, ...actionToToolCall(s.action as Action) }))),
  );
  return file;
}

/**
 * The pids of live processes in process group `pgid` once they are gone, or after `withinMs`.
 * A group told to stop is not gone at once: SIGKILL is delivered asynchronously, and on a busy
 * machine (pids wrap at 32,768) a pid just freed can name a new group for a moment.
 */
export async function groupMembersAfterStop(pgid: number, withinMs = 5000): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const members = groupMembers(pgid);
    if (members.length === 0 || Date.now() >= deadline) return members;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The pids of live processes in process group `pgid` now. */
export function groupMembers(pgid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, g, stat]) => Number(g) === pgid && !String(stat).startsWith('Z'))
    .map(([p]) => Number(p));
}
