/**
 * Drives a `cmd` role of a hosted episode: an agent program started once for the episode with its
 * role's MCP endpoint and task prompt (the command team's placeholders and variables), which
 * plays the role through MCP. A program that exits or fails to start before the episode ends
 * ends it as `agent_error` with its stderr tail; one still running after the episode's time is
 * killed and the episode is a `timeout`. Nothing it starts outlives the episode.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KILL_GRACE_MS, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_MS } from '../command-team/config.js';
import { leftover } from '../command-team/leftovers.js';
import { exitMessage, programName, tailText } from '../command-team/messages.js';
import { substitute } from '../command-team/placeholders.js';
import { ProgramRun } from '../command-team/program.js';
import { shellWords } from '../command-team/shell-words.js';
import type { EpisodeHost } from '../mcp/episode-host.js';
import { taskText } from '../mcp/task-text.js';

/** What a program driver needs. */
export interface ProgramRoleDriverOptions {
  readonly host: EpisodeHost;
  readonly role: string;
  readonly episodeId: string;
  /** The command line (placeholders `{mcp_url}`, `{prompt_file}`, `{role}`, `{episode_id}`). */
  readonly command: string;
  readonly mcpUrl: string;
  /** Aborted once the episode has ended and its grace is over: the program is stopped. */
  readonly signal: AbortSignal;
  /** Wall-clock ms the program may run. @defaultValue 600000 */
  readonly timeoutMs?: number;
}

/** Runs the role's program until the episode ends; never throws (failures end the episode). */
export async function driveProgramRole(options: ProgramRoleDriverOptions): Promise<void> {
  const { host, role, episodeId, mcpUrl, signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const dir = await mkdtemp(join(tmpdir(), 'faultline-mixed-cmd-'));
  leftover({ kind: 'dir', path: dir }, true);
  let run: ProgramRun | null = null;
  let timer: NodeJS.Timeout | undefined;
  const argv = shellWords(options.command, `roles.${role}.command`);
  const name = programName(role, argv);
  try {
    const promptFile = join(dir, 'prompt.md');
    await writeFile(promptFile, taskText(host.start, role, host.observationFor(role)), { mode: 0o600 });
    try {
      run = new ProgramRun({
        argv: substitute(argv, {
          mcp_url: mcpUrl,
          prompt_file: promptFile,
          role,
          episode_id: episodeId,
          model_base_url: undefined,
        }),
        env: {
          ...process.env,
          FAULTLINE_MCP_URL: mcpUrl,
          FAULTLINE_PROMPT_FILE: promptFile,
          FAULTLINE_EPISODE_ID: episodeId,
          FAULTLINE_ROLE: role,
        },
        cwd: process.cwd(),
        maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
        killGraceMs: DEFAULT_KILL_GRACE_MS,
      });
    } catch (e) {
      host.fail('agent_error', exitMessage(name, { kind: 'spawn-failed', message: (e as Error).message }, ''), role);
      return;
    }
    const started = run;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const stopped = new Promise<'stopped'>((resolve) => {
      if (signal.aborted) resolve('stopped');
      else signal.addEventListener('abort', () => resolve('stopped'), { once: true });
    });
    const first = await Promise.race([started.exit, timeout, stopped]);
    // An exit is seen after the action that ended the episode: the episode is checked first.
    if (!host.finished) {
      if (first === 'timeout') {
        host.fail(
          'timeout',
          `${name} did not finish the episode within ${timeoutMs / 1000} s and was killed; ${tailText(started.stderr)}`,
          role,
        );
      } else if (first !== 'stopped') host.fail('agent_error', exitMessage(name, first, started.stderr), role);
    }
    await started.stop('the episode had ended');
  } finally {
    clearTimeout(timer);
    // Never leave a program behind, even when something above threw.
    await run?.stop('the episode was abandoned');
    await rm(dir, { recursive: true, force: true });
    leftover({ kind: 'dir', path: dir }, false);
  }
}
