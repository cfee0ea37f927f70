/**
 * A faultline team made of OpenAI Agents SDK agents, run unchanged through the SDK's `Runner`:
 * one agent per env role. Per episode each agent is cloned with its role's env tools added as SDK
 * function tools, and its handoffs pointed at the other clones; an SDK handoff from A to B
 * becomes the env handoff A → B whose message is what the SDK passes B (the conversation after
 * the handoff's input filter), so the handoff audit checks what B is really given. Models are
 * the agents' own; the calls each role's model makes are recorded as its steps' turns, priced
 * with the role's prices, and stored in or served from the episode's cassette when there is one.
 */
import { setMaxListeners } from 'node:events';
import {
  Runner,
  getHandoff,
  type Agent,
  type Handoff,
  type HandoffInputData,
  type Model,
  type RunConfig,
} from '@openai/agents';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertSafeId } from '../../core/safe-id.js';
import { Cassette } from '../../llm/gateway/cassette.js';
import type { Prices } from '../../llm/types.js';
import { episodeUsage } from '../../team/turn.js';
import type { EpisodeResult, RunEpisodeOptions } from '../../team/episode.js';
import type { HandoffMessage } from '../../team/actions.js';
import { EpisodeHost, type HostedStep } from '../../serve/mcp/episode-host.js';
import {
  hostOptionsOf,
  isTimeoutError,
  playedEpisode,
  playOnlyAgents,
  withTimeoutOutcome,
  type PlayingTeam,
} from '../../serve/playing-team.js';
import { envFunctionTools } from './env-tools.js';
import { handoffMessage } from './handoff-payload.js';
import { recordingModel, TurnLedger } from './recording-model.js';
import { ResultViews } from './result-view.js';
import { taskInput } from './task-input.js';

/** How to build an Agents SDK team. */
export interface AgentsSdkTeamConfig {
  /** The team id (a safe id: letters, digits, `-`, `_`). */
  readonly id: string;
  readonly description?: string;
  /** The SDK agents keyed by the env role each plays; their handoffs name each other. */
  readonly agents: Readonly<Record<string, Agent>>;
  /** The role whose agent the run starts with. @defaultValue the env's entry role */
  readonly entry?: string;
  /** The SDK's turn limit for one episode. @defaultValue 200 */
  readonly maxTurns?: number;
  /** More `Runner` settings (model provider, settings, a handoff input filter…). Tracing is off unless set. */
  readonly runConfig?: Partial<RunConfig>;
  /** Called for every env step the agents take (after it is taken). */
  readonly onStep?: (role: string, stepped: HostedStep) => void;
  /**
   * Model answers stored per episode in `dir/<episode id>.jsonl` (the `llm` team's cassettes):
   * `record` calls the models and stores every answer, `replay` answers from the files only (no
   * model is called or even resolved; a miss is an agent error naming the role and the call),
   * `auto` replays what is stored and records the rest. @defaultValue none: every call is live
   */
  readonly cassette?: { readonly dir: string; readonly mode: 'record' | 'replay' | 'auto' };
  /**
   * USD per million tokens, by role (as the `llm` team's per-role `prices`): each model call of a
   * priced role gets its `costUsd`, and the episode's `usage` sums them. A role without prices
   * has an unknown cost (null), and so has the episode. @defaultValue none
   */
  readonly prices?: Readonly<Record<string, Prices>>;
}

/** An env handoff waiting to be taken: the SDK has handed off, the env has not stepped yet. */
interface PendingHandoff {
  readonly from: string;
  readonly to: string;
  readonly message: HandoffMessage;
}

const DEFAULT_MAX_TURNS = 200;
/** Wall-clock ms one model call may take when the budget sets no agent timeout (as `runEpisode`'s). */
const DEFAULT_CALL_TIMEOUT_MS = 60_000;

/** The role of each agent; throws when a handoff leads outside the team. */
function rolesOf(config: AgentsSdkTeamConfig): Map<Agent, string> {
  const roles = new Map<Agent, string>();
  for (const [role, agent] of Object.entries(config.agents)) roles.set(agent, role);
  for (const [role, agent] of Object.entries(config.agents))
    for (const h of agent.handoffs) {
      const target = getHandoff(h).agent as Agent;
      if (!roles.has(target))
        throw new InvalidArgumentError(
          `agentsSdkTeam(agents.${role}).handoffs`,
          target.name,
          'handoffs to agents of the team only',
          'add the target agent to `agents` under the env role it plays',
        );
    }
  return roles;
}

/** A team of OpenAI Agents SDK agents (see the module comment). Throws `InvalidArgumentError` for a bad config. */
export function agentsSdkTeam(config: AgentsSdkTeamConfig): PlayingTeam {
  assertSafeId('agentsSdkTeam({ id })', config.id);
  const roles = rolesOf(config);
  if (Object.keys(config.agents).length === 0)
    throw new InvalidArgumentError(
      'agentsSdkTeam(agents)',
      config.agents,
      'at least one agent',
      'give one agent per role',
    );
  checkPrices(config);
  const cassette = cassetteOf(config);
  return {
    id: config.id,
    description: config.description ?? `OpenAI Agents SDK team: ${Object.keys(config.agents).join(', ')}.`,
    createAgents: playOnlyAgents(config.id),
    play: (options) => playEpisode(config, roles, cassette, options),
  };
}

const CASSETTE_MODES = ['record', 'replay', 'auto'];

function cassetteOf(config: AgentsSdkTeamConfig): Cassette | null {
  const c = config.cassette;
  if (c === undefined) return null;
  if (typeof c.dir !== 'string' || c.dir.trim() === '')
    throw new InvalidArgumentError(
      'agentsSdkTeam({ cassette.dir })',
      c.dir,
      'a directory path',
      "give the directory the episodes' cassette files are kept in",
    );
  if (!CASSETTE_MODES.includes(c.mode))
    throw new InvalidArgumentError(
      'agentsSdkTeam({ cassette.mode })',
      c.mode,
      `one of ${CASSETTE_MODES.join(', ')}`,
      'use record to store answers, replay to serve them only, auto for both',
    );
  return new Cassette(c.dir, c.mode);
}

/** Prices name roles of the team and hold non-negative numbers (USD per million tokens). */
function checkPrices(config: AgentsSdkTeamConfig): void {
  for (const [role, prices] of Object.entries(config.prices ?? {})) {
    if (!Object.hasOwn(config.agents, role))
      throw new InvalidArgumentError(
        `agentsSdkTeam({ prices.${role} })`,
        role,
        `a role of the team (${Object.keys(config.agents).join(', ')})`,
        'key prices by the env role an agent plays, as in `agents`',
      );
    for (const field of ['input', 'output', 'cachedInput'] as const) {
      const value: unknown = (prices as unknown as Record<string, unknown>)[field];
      if (value === undefined && field === 'cachedInput') continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw new InvalidArgumentError(
          `agentsSdkTeam({ prices.${role}.${field} })`,
          value,
          'a non-negative number of USD per million tokens',
          'write e.g. { input: 0.15, output: 0.6 }',
        );
    }
  }
}

async function playEpisode(
  config: AgentsSdkTeamConfig,
  roles: Map<Agent, string>,
  cassette: Cassette | null,
  options: RunEpisodeOptions,
): Promise<EpisodeResult> {
  const { env, id } = playedEpisode(config.id, options);
  const ledger = new TurnLedger(cassette ? { cassette, episodeId: id } : null, config.prices ?? {}, id);
  const host = EpisodeHost.open({
    ...hostOptionsOf(config.id, env, options),
    turnOf: (role) => ledger.takeTurn(role),
    // Everything runs on this thread, one call at a time: a role never waits for control.
    controlTimeoutMs: 1,
  });
  const entry = config.entry ?? host.start.entryRole;
  const entryAgent = config.agents[entry];
  if (!entryAgent || entry !== host.start.entryRole) {
    host.close(
      `team "${config.id}" starts with role "${entry}", but the task starts with "${host.start.entryRole}"${entryAgent ? '' : ' and the team has no agent for it'}`,
    );
    return host.result;
  }
  const runner = new Runner({ tracingDisabled: true, ...config.runConfig });
  const abort = new AbortController();
  // The OpenAI client adds an abort listener per request and keeps it while the run goes on: up
  // to one per turn is expected, not a leak.
  setMaxListeners((config.maxTurns ?? DEFAULT_MAX_TURNS) + 10, abort.signal);
  const pending: PendingHandoff[] = [];
  const onStep = (role: string, stepped: HostedStep): void => {
    config.onStep?.(role, stepped);
    if (!stepped.ok || stepped.done) abort.abort();
  };
  // The SDK hands off between model turns; the env steps the handoff before the receiver acts.
  const flush = async (): Promise<void> => {
    for (let p = pending.shift(); p; p = pending.shift()) {
      const stepped = await host.act(p.from, { type: 'handoff', to: p.to, message: p.message });
      onStep(p.from, stepped);
    }
  };

  const entryView = host.observationFor(entry);
  const views = new ResultViews(new Map(host.start.roles.map((r) => [r.id, r.description])), entry, entryView);
  const render = (stepped: HostedStep): string => views.text(stepped);
  const callTimeoutMs = options.budget?.agentTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  let timedOut = false;
  const clones = new Map<string, Agent>();
  for (const [agent, role] of roles) {
    const { model, name } = modelOf(agent, runner);
    clones.set(
      role,
      agent.clone({
        model: recordingModel(model, role, name, ledger, callTimeoutMs),
        tools: [...agent.tools, ...envFunctionTools(host, role, flush, onStep, render)],
      }),
    );
  }
  for (const [agent, role] of roles) {
    const clone = clones.get(role) as Agent;
    clone.handoffs = agent.handoffs.map((h): Handoff => {
      const original = getHandoff(h) as Handoff;
      const to = roles.get(original.agent) as string;
      const target = clones.get(to) as Agent;
      const filter = original.inputFilter ?? config.runConfig?.handoffInputFilter;
      return original.clone({
        agent: target,
        onInvokeHandoff: async (context, args) => {
          await original.onInvokeHandoff(context, args);
          return target;
        },
        inputFilter: (data: HandoffInputData) => {
          const passed = filter ? filter(data) : data;
          pending.push({ from: role, to, message: handoffMessage(passed) });
          return passed;
        },
      });
    });
  }

  const input = taskInput(host.start, entry, entryView);
  try {
    const result = await runner.run(clones.get(entry) as Agent, input, {
      maxTurns: config.maxTurns ?? DEFAULT_MAX_TURNS,
      signal: abort.signal,
    });
    await flush();
    if (!host.finished)
      host.close(
        `the agents' run ended (last agent "${result.lastAgent?.name ?? '?'}") without finishing the episode${
          typeof result.finalOutput === 'string' ? `: ${result.finalOutput.slice(0, 500)}` : ''
        }`,
      );
  } catch (e) {
    if (!host.finished) {
      timedOut = isTimeoutError(e);
      await flush().catch(() => undefined);
      host.close(`the agents' run failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }
  const hosted = await host.result;
  const result = withTimeoutOutcome(hosted, timedOut);
  // Model calls no step took (the answer after the last step, a call that ended the run) still count.
  const leftovers = ledger.takeLeftovers();
  if (leftovers.length === 0) return result;
  const usage = episodeUsage([...result.trajectory, ...leftovers]);
  return usage ? { ...result, usage } : result;
}

/**
 * The model the Runner would use for `agent` (the agent's own, else the run config's), as a
 * model object or a resolver through the Runner's model provider (the run config's, else the
 * SDK's default), and the name its calls are recorded under.
 */
function modelOf(agent: Agent, runner: Runner): { model: Model | (() => Promise<Model>); name: string } {
  const own = agent.model;
  const selected = typeof own !== 'string' || own !== '' ? own : (runner.config.model ?? own);
  if (typeof selected !== 'string') return { model: selected, name: agent.name };
  const provider = runner.config.modelProvider;
  return {
    model: async () => provider.getModel(selected),
    name: selected === '' ? 'default' : selected,
  };
}
