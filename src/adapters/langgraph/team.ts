/**
 * A LangGraph.js team: the user's compiled graph of agents (supervisor or swarm) plays a hosted
 * episode in process. Per episode the graph factory gets the env's tools for each role as
 * LangChain tools and a handoff tool per teammate; the graph is invoked once with the task text
 * for the entry role, and each tool call or `Command` handoff steps the episode as its role.
 */
import { HumanMessage } from '@langchain/core/messages';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { StructuredToolInterface } from '@langchain/core/tools';
import type { BaseMessage } from '@langchain/core/messages';
import { InvalidArgumentError } from '../../core/errors.js';
import type { EpisodeStart } from '../../team/agent.js';
import type { EpisodeResult, RunEpisodeOptions } from '../../team/episode.js';
import { episodeUsage } from '../../team/turn.js';
import { EpisodeHost } from '../../serve/mcp/episode-host.js';
import { taskText } from '../../serve/mcp/task-text.js';
import {
  hostOptionsOf,
  playedEpisode,
  playOnlyAgents,
  withTimeoutOutcome,
  type PlayingTeam,
} from '../../serve/playing-team.js';
import { envTools } from './env-tools.js';
import { handoffCommand, handoffTool, type HandoffUpdate } from './handoff.js';
import { TurnRecorder } from './turn-recorder.js';
import { IdleWatchdog } from './idle-watchdog.js';
import { RecordedChatModel } from './recorded-model.js';
import { Cassette } from '../../llm/gateway/cassette.js';
import type { Prices } from '../../llm/types.js';
import type { BaseCallbackHandler, CallbackHandlerMethods } from '@langchain/core/callbacks/base';

/** Wall-clock ms the graph may stay silent when the budget sets no agent timeout (as `runEpisode`'s). */
const DEFAULT_AGENT_TIMEOUT_MS = 60_000;

/** What a graph factory gets for one episode. */
export interface LangGraphEpisode {
  /** The briefing: env, seed, entry role, and each role's tools. */
  readonly start: EpisodeStart;
  /** The task's role ids, entry role first. */
  readonly roles: readonly string[];
  /** The role the graph must start with. */
  readonly entryRole: string;
  /** The role's world tools and `ask`/`wait`/`finish`, as LangChain tools. */
  tools(role: string): StructuredToolInterface[];
  /**
   * `model` as `role`'s model of this episode: its calls are recorded with their cassette keys,
   * served from the team's cassette when it has one (`replay` never calls `model`), and priced.
   * With a cassette, every model the graph calls must be wrapped so.
   */
  model(role: string, model: BaseChatModel): BaseChatModel;
  /** A `transfer_to_<to>` tool for `from` that hands off with a `Command` to the parent graph. */
  handoffTool(from: string, to: string): StructuredToolInterface;
  /** Steps the env handoff with `update` as payload and returns the `Command` (see `handoffCommand`). */
  handoff: (
    from: string,
    to: string,
    update: HandoffUpdate,
    options?: { readonly parent?: boolean },
  ) => ReturnType<typeof handoffCommand>;
}

/** The part of a compiled LangGraph graph the team uses. */
export interface InvokableGraph {
  invoke(
    input: { messages: BaseMessage[] },
    config: {
      recursionLimit: number;
      configurable: { thread_id: string };
      callbacks: Array<BaseCallbackHandler | CallbackHandlerMethods>;
      signal?: AbortSignal;
    },
  ): Promise<unknown>;
}

/** Builds the compiled graph for one episode. */
export type LangGraphFactory = (episode: LangGraphEpisode) => InvokableGraph | Promise<InvokableGraph>;

/** Options of {@link langGraphTeam}. */
export interface LangGraphTeamOptions {
  /** The team id runs are recorded under. @defaultValue 'langgraph' */
  readonly id?: string;
  readonly description?: string;
  /** Graph supersteps allowed per env step. @defaultValue 8 */
  readonly superstepsPerStep?: number;
  /**
   * Model answers stored per episode in `dir/<episode id>.jsonl`, for the models the factory wraps
   * with `episode.model(role, model)`: `record` calls the models and stores every answer, `replay`
   * answers from the files only (never a model call; a miss is an agent error naming the call),
   * `auto` replays what is stored and records the rest. @defaultValue none
   */
  readonly cassette?: { readonly dir: string; readonly mode: 'record' | 'replay' | 'auto' };
  /**
   * Prices in USD per million tokens by model name (the model's LangSmith `ls_model_name`, e.g.
   * `gpt-4.1-mini`; the `--prices` table's shape), for each call's cost and the episode's usage.
   * @defaultValue none: costs are null (unknown, not 0)
   */
  readonly prices?: Readonly<Record<string, Prices>>;
}

const MODES = ['record', 'replay', 'auto'] as const;

/** Checks the options a user wrote, naming the field, the value and the fix. */
function checkOptions(options: LangGraphTeamOptions): void {
  const { cassette, prices } = options;
  if (cassette !== undefined) {
    if (typeof cassette.dir !== 'string' || cassette.dir === '')
      throw new InvalidArgumentError(
        'langGraphTeam({ cassette.dir })',
        cassette.dir,
        'a directory path',
        'give the directory the cassette files go to, e.g. ".faultline/cassettes"',
      );
    if (!(MODES as readonly string[]).includes(cassette.mode))
      throw new InvalidArgumentError(
        'langGraphTeam({ cassette.mode })',
        cassette.mode,
        `one of ${MODES.join(', ')}`,
        'use "record" to call the models and store their answers, "replay" to answer from the files only',
      );
  }
  for (const [model, price] of Object.entries(prices ?? {}))
    for (const field of ['input', 'output', 'cachedInput'] as const) {
      const value: unknown = (price as unknown as Record<string, unknown>)[field];
      if (field === 'cachedInput' && value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw new InvalidArgumentError(
          `langGraphTeam({ prices["${model}"].${field} })`,
          value,
          'a number of USD per million tokens, 0 or more',
          `write e.g. prices: { "${model}": { input: 0.4, output: 1.6 } }`,
        );
    }
}

/** A team whose episodes are played by the graph `factory` builds (see the module comment). */
export function langGraphTeam(factory: LangGraphFactory, options: LangGraphTeamOptions = {}): PlayingTeam {
  const id = options.id ?? 'langgraph';
  checkOptions(options);
  const cassette = options.cassette ? new Cassette(options.cassette.dir, options.cassette.mode) : null;
  return {
    id,
    description: options.description ?? 'A LangGraph.js graph of agents, its Command handoffs played as env handoffs.',
    createAgents: playOnlyAgents(id),
    play: (run) => playEpisode(factory, id, options, cassette, run),
  };
}

async function playEpisode(
  factory: LangGraphFactory,
  team: string,
  teamOptions: LangGraphTeamOptions,
  cassette: Cassette | null,
  options: RunEpisodeOptions,
): Promise<EpisodeResult> {
  const { env, id } = playedEpisode(team, options);
  const recorder = new TurnRecorder(id, {
    ...(teamOptions.prices !== undefined ? { prices: teamOptions.prices } : {}),
    ...(cassette
      ? {
          unwrapped: (model: string) =>
            new Error(
              `team "${team}" has a cassette, and its graph called the chat model ${model} as is: wrap every model the graph calls with episode.model(role, model), so that a replay can answer it`,
            ),
        }
      : {}),
  });
  const session = { episodeId: id, cassette, nextOrdinal: () => recorder.nextOrdinal() };
  const host = EpisodeHost.open({ ...hostOptionsOf(team, env, options), turnOf: () => recorder.take() });
  const entryRole = host.start.entryRole;
  const episode: LangGraphEpisode = {
    start: host.start,
    roles: host.roles,
    entryRole,
    tools: (role) => envTools(host, role),
    model: (role, model) => {
      if (!host.roles.includes(role))
        throw new InvalidArgumentError(
          `episode.model(role) of team "${team}"`,
          role,
          `a role of this task (${host.roles.join(', ')})`,
          "wrap each role's model under its role id, e.g. episode.roles.map((r) => episode.model(r, model))",
        );
      if (model instanceof RecordedChatModel) return model;
      // What the wrapper uses of it: a RunnableBinding (a model after bindTools) has neither.
      const base = model as Partial<BaseChatModel> | null;
      if (typeof base?._llmType !== 'function' || typeof base.getLsParams !== 'function')
        throw new InvalidArgumentError(
          `episode.model(${role}, model) of team "${team}"`,
          model,
          'a LangChain chat model (a BaseChatModel, e.g. new ChatOpenAI(...) or fakeModel())',
          'pass the chat model itself, not the result of bindTools() or withConfig(): the graph binds its tools',
        );
      return new RecordedChatModel({ base: model, inner: model, session, tools: [] });
    },
    handoffTool: (from, to) => handoffTool(host, from, to),
    handoff: (from, to, update, opts) => handoffCommand(host, from, to, update, opts),
  };
  const watchdog = new IdleWatchdog(options.budget?.agentTimeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS);
  try {
    const graph = await factory(episode);
    await watchdog.race(
      graph.invoke(
        { messages: [new HumanMessage(taskText(host.start, entryRole, host.observationFor(entryRole)))] },
        {
          recursionLimit: host.maxSteps * (teamOptions.superstepsPerStep ?? 8) + 25,
          configurable: { thread_id: id },
          callbacks: [recorder, watchdog.callbacks],
          signal: watchdog.signal,
        },
      ),
    );
    if (!host.finished) host.close(`the graph of team "${team}" ended before the episode did`);
  } catch (e) {
    // The graph's failures (a model error, the recursion limit) are the episode's outcome.
    if (!host.finished) host.close(`the graph of team "${team}" failed: ${(e as Error).message}`);
  } finally {
    watchdog.stop();
  }
  const hosted = await host.result;
  // The host ends an abandoned episode as an agent error; a graph that went silent is a timeout.
  const result = withTimeoutOutcome(hosted, watchdog.fired);
  // Model calls after the last step (the final answer after finishing) still count.
  const leftover = recorder.take();
  if (!leftover) return result;
  const role = result.trajectory.at(-1)?.role ?? entryRole;
  const usage = episodeUsage([...result.trajectory, { role, turn: leftover }]);
  return usage ? { ...result, usage } : result;
}
