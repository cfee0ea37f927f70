/**
 * One episode of a mixed team with remote roles: hosted on this thread's MCP HTTP server (as a
 * command team's), each in-process role driven by a loop — wait for control, observe, act within
 * the agent's time budget, step — and each remote role by a {@link RemoteRoleDriver}. The host
 * records every step as `runEpisode` would, so the same actions give the same digest.
 */
import { freeze } from 'immer';
import { InvalidArgumentError } from '../../core/errors.js';
import type { Team } from '../../team/agent.js';
import { AgentTimeoutError, withLazyDeadline } from '../../team/deadline.js';
import type { EpisodeResult, RunEpisodeOptions } from '../../team/episode.js';
import { isProviderError } from '../../team/provider-error.js';
import { episodeUsage, type ModelCallRecord, type StepTurn } from '../../team/turn.js';
import type { EpisodeServer } from '../command-team/episode-server.js';
import type { SharedService } from '../command-team/shared-service.js';
import type { EpisodeHost } from '../mcp/episode-host.js';
import { hostOptionsOf, playedEpisode } from '../playing-team.js';
import type { RemoteClientFactories } from '../remote/clients.js';
import type { RemoteAgentClient } from '../remote/remote-agent.js';
import {
  DEFAULT_MAX_REPLIES_WITHOUT_ACTION,
  DEFAULT_REMOTE_RETRIES,
  DEFAULT_REMOTE_TIMEOUT_MS,
  isRemoteSpec,
  playsThroughServer,
  type MixedTeamConfig,
} from './config.js';
import { driveProgramRole } from './program-driver.js';
import { RemoteRoleDriver } from './remote-driver.js';
import { createRoleAgents, specOf, type RoleAgent } from './role-agents.js';
import { agentContext } from '../../team/agent-context.js';

const DEFAULT_AGENT_TIMEOUT_MS = 60_000;
/** How long remote turns still running at the end of an episode may take to reply. */
const END_GRACE_MS = 1000;

/** What playing an episode needs besides the config. */
export interface MixedPlayContext {
  readonly team: Team;
  readonly config: MixedTeamConfig;
  readonly servers: SharedService<EpisodeServer>;
  readonly clients: RemoteClientFactories;
  /** The team's llm roles' team (null without llm roles). */
  readonly llm: Team | null;
}

/** Plays one episode (see the module comment). Never throws for what an agent does. */
export async function playMixedEpisode(ctx: MixedPlayContext, options: RunEpisodeOptions): Promise<EpisodeResult> {
  const { config } = ctx;
  const { env, id } = playedEpisode(config.id, options);
  const remoteRoles = Object.entries(config.roles)
    .filter(([, spec]) => isRemoteSpec(spec))
    .map(([role]) => role);
  // Each step carries what its role recorded: an in-process agent's note, finished remote turns.
  const notes = new Map<string, StepTurn>();
  const remoteCalls = new Map<string, ModelCallRecord[]>();
  const turnOf = (role: string): StepTurn | undefined => {
    const calls = remoteCalls.get(role);
    if (calls && calls.length > 0) {
      remoteCalls.delete(role);
      return { calls, notes: [`${calls.length} remote turn${calls.length === 1 ? '' : 's'}`] };
    }
    const note = notes.get(role);
    notes.delete(role);
    return note;
  };
  const server = await ctx.servers.acquire();
  const stop = new AbortController();
  const clients: RemoteAgentClient[] = [];
  try {
    const hosted = server.openEpisode({
      ...hostOptionsOf(config.id, env, options),
      privileged: ctx.team.privileged === true,
      drivenRoles: remoteRoles,
      turnOf,
    });
    const { host } = hosted;
    const drivers = await startDrivers(ctx, host, hosted.urls.roles, id, options, {
      signal: stop.signal,
      clients,
      notes,
      record: (role, call) => {
        const list = remoteCalls.get(role) ?? [];
        list.push(call);
        remoteCalls.set(role, list);
      },
    });
    const all = Promise.all(drivers);
    await Promise.race([host.result, all]);
    if (!host.finished) host.fail('agent_error', 'every role of the team stopped before the episode ended');
    // A remote turn still running when the episode ended (its agent finished it through MCP) gets a
    // moment to reply, so its record is kept; then whatever still runs is aborted.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((resolve) => (grace = setTimeout(resolve, END_GRACE_MS)))]);
    clearTimeout(grace);
    stop.abort(new DOMException('the episode has ended', 'AbortError'));
    await all;
    const result = await host.result;
    // Remote turns that ended after the role's last step still count.
    const leftover = [...remoteCalls].map(([role, calls]) => ({ role, turn: { calls } }));
    const usage = episodeUsage([...result.trajectory, ...leftover]);
    return { ...result, ...(usage ? { usage } : {}) };
  } finally {
    stop.abort(new DOMException('the episode has ended', 'AbortError'));
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
    await ctx.servers.release();
  }
}

interface DriverShared {
  readonly signal: AbortSignal;
  readonly clients: RemoteAgentClient[];
  readonly notes: Map<string, StepTurn>;
  readonly record: (role: string, call: ModelCallRecord) => void;
}

/** Creates every role's agent or client and starts its driver; a failure ends the episode at once. */
async function startDrivers(
  ctx: MixedPlayContext,
  host: EpisodeHost,
  urls: Readonly<Record<string, string>>,
  episodeId: string,
  options: RunEpisodeOptions,
  shared: DriverShared,
): Promise<Promise<void>[]> {
  const { config } = ctx;
  const start = host.privilegedStart ?? host.start;
  const roles = host.roles;
  let local: Record<string, RoleAgent>;
  try {
    const inProcess = roles.filter((role) => !playsThroughServer(specOf(config, role, roles)));
    local = createRoleAgents(config, start, inProcess, ctx.llm);
  } catch (e) {
    host.fail('agent_error', `createAgents failed: ${(e as Error).message}`, start.entryRole);
    return [];
  }
  const remote = config.remote ?? {};
  const timeoutMs = remote.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS;
  let ordinal = 0;
  const drivers: Promise<void>[] = [];
  for (const role of roles) {
    const spec = specOf(config, role, roles);
    const url = urls[role];
    if (url === undefined)
      throw new InvalidArgumentError('mixed team role', role, 'a role of the hosted episode', 'report this bug');
    if (spec.kind === 'cmd') {
      drivers.push(
        driveProgramRole({ host, role, episodeId, command: spec.command, mcpUrl: url, signal: shared.signal }),
      );
      continue;
    }
    if (!isRemoteSpec(spec)) continue;
    let client: RemoteAgentClient;
    try {
      client = await ctx.clients[spec.kind](spec.url, { timeoutMs, retries: remote.retries ?? DEFAULT_REMOTE_RETRIES });
    } catch (e) {
      host.fail(
        'provider_error',
        `remote role "${role}" (${spec.kind} ${spec.url}): no client: ${(e as Error).message}`,
        role,
      );
      return drivers;
    }
    shared.clients.push(client);
    drivers.push(
      new RemoteRoleDriver({
        host,
        role,
        episodeId,
        client,
        mcpUrl: url,
        timeoutMs,
        maxRepliesWithoutAction: remote.maxRepliesWithoutAction ?? DEFAULT_MAX_REPLIES_WITHOUT_ACTION,
        signal: shared.signal,
        record: shared.record,
        nextOrdinal: () => ++ordinal,
      }).run(),
    );
  }
  const agentTimeoutMs = options.budget?.agentTimeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS;
  for (const [role, agent] of Object.entries(local))
    drivers.push(driveInProcess(ctx, host, role, agent, agentTimeoutMs, shared));
  return drivers;
}

/** Drives one in-process role: wait for control, observe, act within the time budget, step. */
async function driveInProcess(
  ctx: MixedPlayContext,
  host: EpisodeHost,
  role: string,
  first: RoleAgent,
  agentTimeoutMs: number,
  shared: DriverShared,
): Promise<void> {
  let { agent } = first;
  const note = (turn: StepTurn) => shared.notes.set(role, freeze(turn, true));
  while (!host.finished && !shared.signal.aborted) {
    if (!(await host.awaitControl(role, shared.signal))) continue;
    if (host.finished) break;
    const observation = host.observationFor(role);
    try {
      if (observation.restarted) {
        // A restart is real for the agent too: a fresh instance with no memory.
        const fresh = createRoleAgents(ctx.config, host.privilegedStart ?? host.start, [role], ctx.llm)[role];
        if (fresh) agent = fresh.agent;
      }
    } catch (e) {
      host.fail('agent_error', `createAgents failed on restart: ${(e as Error).message}`, role);
      break;
    }
    let raw: unknown;
    shared.notes.delete(role);
    try {
      raw = await withLazyDeadline(agentTimeoutMs, (signalOf) => {
        const privileged = first.privileged ? host.privilegedStep() : null;
        return agent.act(observation, agentContext(signalOf, note, privileged));
      });
    } catch (e) {
      const message = e instanceof Error ? e.message || e.name : String(e);
      host.fail(
        e instanceof AgentTimeoutError ? 'timeout' : isProviderError(e) ? 'provider_error' : 'agent_error',
        message,
        role,
      );
      break;
    }
    await host.act(role, raw, shared.signal);
  }
}
