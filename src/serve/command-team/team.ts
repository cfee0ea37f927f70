/**
 * A team whose agents are programs outside faultline (coding agents, custom harnesses): per
 * episode it hosts the episode on this thread's MCP HTTP server, writes the task prompt to a
 * private file, starts the program once for the whole team (or once per role) with the
 * endpoint and prompt file in its arguments and environment, and waits until the program has
 * finished the episode through MCP — or has failed it by exiting early, overrunning its time or
 * output, or never starting. Nothing it starts outlives the episode.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../core/errors.js';
import type { Team } from '../../team/agent.js';
import type { EpisodeResult, RunEpisodeOptions } from '../../team/episode.js';
import { episodeUsage, type StepTurn } from '../../team/turn.js';
import { hostOptionsOf, playedEpisode, playOnlyAgents } from '../playing-team.js';
import { taskText } from '../mcp/task-text.js';
import { planCommandTeam, type CommandTeamConfig, type CommandTeamPlan } from './config.js';
import type { HostedEpisodeHandle } from '../mcp/http-server.js';
import type { EpisodeModelProxy, EpisodeServer } from './episode-server.js';
import { exitMessage, programName, tailText } from './messages.js';
import { substitute } from './placeholders.js';
import { leftover } from './leftovers.js';
import { ProgramRun } from './program.js';
import { TEAM_PROXY_ROLE } from './proxy-role.js';
import type { SharedService } from './shared-service.js';

/** Where a command team's episodes are hosted and its programs' model calls go. */
export interface CommandTeamServices {
  /** This thread's MCP HTTP server. */
  readonly servers: SharedService<EpisodeServer>;
  /** This thread's model proxy (needed when the config sets `modelProxy`). */
  readonly modelProxy?: SharedService<EpisodeModelProxy>;
}

/** The API key programs get with the model proxy: the proxy holds the real one. */
export const PROXY_API_KEY = 'faultline-model-proxy';

/** The proxy role of a program (its role, or the whole team's). */
function proxyRole(role: string | null): string {
  return role ?? TEAM_PROXY_ROLE;
}

/** A team of agent programs (see the module comment). Throws `InvalidArgumentError` for a bad config. */
export function commandTeam(config: CommandTeamConfig, services: CommandTeamServices): Team {
  const plan = planCommandTeam(config);
  if (plan.modelProxy && !services.modelProxy)
    throw new InvalidArgumentError(
      'commandTeam(config.modelProxy)',
      true,
      'a model proxy among the services',
      'pass services.modelProxy, or set modelProxy: false',
    );
  return {
    id: plan.id,
    description: plan.description,
    createAgents: playOnlyAgents(plan.id),
    play: (options) => playEpisode(plan, services, options),
  };
}

async function playEpisode(
  plan: CommandTeamPlan,
  services: CommandTeamServices,
  options: RunEpisodeOptions,
): Promise<EpisodeResult> {
  const { env, id } = playedEpisode(plan.id, options);
  const server = await services.servers.acquire();
  let proxy: EpisodeModelProxy | null = null;
  try {
    if (plan.modelProxy) proxy = await (services.modelProxy as SharedService<EpisodeModelProxy>).acquire();
    const turnProxy = proxy;
    const wholeTeam = plan.programs.some((p) => p.role === null);
    const hosted = server.openEpisode({
      ...hostOptionsOf(plan.id, env, options),
      ...(turnProxy ? { turnOf: (role: string) => turnProxy.takeTurn(id, wholeTeam ? TEAM_PROXY_ROLE : role) } : {}),
    });
    const { result, timedOut } = await superviseEpisode(plan, hosted, id, proxy);
    // Model calls made after the last step (a program that failed mid-turn) still count.
    const leftover: { role: string; turn: StepTurn }[] = [];
    if (proxy)
      for (const program of plan.programs) {
        const turn = proxy.takeTurn(id, proxyRole(program.role));
        if (turn) leftover.push({ role: program.role ?? result.error?.role ?? hosted.host.start.entryRole, turn });
      }
    const usage = episodeUsage([...result.trajectory, ...leftover]);
    return {
      ...result,
      // The host ends an abandoned episode as an agent error; a program out of time is a timeout.
      ...(timedOut && result.outcome === 'agent_error' ? { outcome: 'timeout' as const } : {}),
      ...(usage ? { usage } : {}),
    };
  } finally {
    proxy?.endEpisode(id);
    if (proxy) await services.modelProxy?.release();
    await services.servers.release();
  }
}

/** One started program and what it plays. */
interface Started {
  readonly role: string | null;
  readonly name: string;
  readonly run: ProgramRun;
}

/** Starts the programs of one episode, waits for the episode to end, and stops them all. */
async function superviseEpisode(
  plan: CommandTeamPlan,
  hosted: HostedEpisodeHandle,
  id: string,
  proxy: EpisodeModelProxy | null,
): Promise<{ result: EpisodeResult; timedOut: boolean }> {
  const { host } = hosted;
  const dir = await mkdtemp(join(tmpdir(), 'faultline-team-cmd-'));
  leftover({ kind: 'dir', path: dir }, true);
  const started: Started[] = [];
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const missing = host.roles.filter(
      (r) => plan.programs[0]?.role !== null && !plan.programs.some((p) => p.role === r),
    );
    const unknown = plan.programs.filter((p) => p.role !== null && !host.roles.includes(p.role)).map((p) => p.role);
    if (missing.length > 0 || unknown.length > 0)
      host.close(
        `team "${plan.id}" has programs for roles ${plan.programs.map((p) => p.role).join(', ')}, but the task's roles are ${host.roles.join(', ')}${missing.length > 0 ? ` (no program for ${missing.join(', ')})` : ''}${unknown.length > 0 ? ` (not a role of this task: ${unknown.join(', ')})` : ''}`,
      );
    for (const [index, program] of plan.programs.entries()) {
      if (host.finished) break;
      const name = programName(program.role, program.argv);
      const url = program.role === null ? hosted.urls.team : (hosted.urls.roles[program.role] as string);
      const promptFile = join(dir, `prompt-${index}.md`);
      await writeFile(promptFile, taskText(host.start, program.role, host.observationFor(program.role)), {
        mode: 0o600,
      });
      let modelBaseUrl: string | undefined;
      try {
        modelBaseUrl = proxy?.baseUrlFor(id, proxyRole(program.role));
      } catch (e) {
        // The proxy names cassette files by episode id, and takes only ids of at most 64 characters.
        host.close(`the model proxy cannot serve episode ${id}: ${(e as Error).message}`);
        break;
      }
      const argv = substitute(program.argv, {
        mcp_url: url,
        prompt_file: promptFile,
        role: program.role ?? '',
        episode_id: id,
        model_base_url: modelBaseUrl,
      });
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        FAULTLINE_MCP_URL: url,
        FAULTLINE_PROMPT_FILE: promptFile,
        FAULTLINE_EPISODE_ID: id,
        ...(program.role !== null ? { FAULTLINE_ROLE: program.role } : {}),
        ...(modelBaseUrl !== undefined ? { OPENAI_BASE_URL: modelBaseUrl, OPENAI_API_KEY: PROXY_API_KEY } : {}),
      };
      try {
        started.push({
          role: program.role,
          name,
          run: new ProgramRun({
            argv,
            env,
            cwd: process.cwd(),
            maxOutputBytes: plan.maxOutputBytes,
            killGraceMs: plan.killGraceMs,
          }),
        });
      } catch (e) {
        host.close(exitMessage(name, { kind: 'spawn-failed', message: (e as Error).message }, ''));
      }
    }
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), plan.timeoutMs)));
    const exits = started.map((s) => s.run.exit.then((exit) => ({ started: s, exit })));
    if (!host.finished) {
      const first = await Promise.race([host.result.then(() => 'ended' as const), timeout, ...exits]);
      // A program's exit is seen after the action that ended the episode: check the episode first.
      if (!host.finished) {
        if (first === 'timeout') {
          timedOut = true;
          // Closed before the programs are stopped: one that ends its MCP session as it is killed
          // must not turn the timeout into a closed session.
          const running = started.filter((s) => s.run.ended === null);
          host.close(timeoutMessage(plan, running.length > 0 ? running : started));
          await Promise.all(running.map((s) => s.run.stop('out of time')));
        } else if (first !== 'ended') {
          host.close(exitMessage(first.started.name, first.exit, first.started.run.stderr));
        }
      }
    }
    clearTimeout(timer);
    if (!timedOut) {
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(exits),
        new Promise((resolve) => (grace = setTimeout(resolve, plan.endGraceMs))),
      ]);
      clearTimeout(grace);
    }
    await Promise.all(started.map((s) => s.run.stop('the episode had ended')));
    return { result: await host.result, timedOut };
  } finally {
    clearTimeout(timer);
    // Never leave a program behind, even when something above threw.
    await Promise.all(started.map((s) => s.run.stop('the episode was abandoned')));
    await rm(dir, { recursive: true, force: true });
    leftover({ kind: 'dir', path: dir }, false);
  }
}

function timeoutMessage(plan: CommandTeamPlan, who: readonly Started[]): string {
  return `${who.map((s) => s.name).join(' and ')} did not finish the episode within ${plan.timeoutMs / 1000} s (--team-cmd-timeout) and ${who.length === 1 ? 'was' : 'were'} killed; ${who.map((s) => tailText(s.run.stderr)).join('; ')}`;
}
