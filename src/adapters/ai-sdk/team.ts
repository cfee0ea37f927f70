/**
 * A team built with the Vercel AI SDK (`ai@6`): one `generateText` tool loop per role, on the
 * role's own model. The env's tools of the role and its team actions are the loop's tools; a
 * `handoff` call passes control to another role, whose loop runs next with the handoff in its
 * inbox (the handoff's arguments are the env handoff's message, so the handoff audit checks what
 * the model wrote). Every model call is recorded as the turn of the step it led to, priced by
 * the role's prices. A role's own tools sit beside the env's and run locally (see `config.ts`).
 */
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { generateText, stepCountIs, type ModelMessage, type StopCondition, type ToolSet } from 'ai';
import { Cassette } from '../../llm/gateway/cassette.js';
import type { EpisodeResult, RunEpisodeOptions } from '../../team/episode.js';
import { episodeUsage } from '../../team/turn.js';
import { EpisodeHost } from '../../serve/mcp/episode-host.js';
import {
  hostOptionsOf,
  isTimeoutError,
  playedEpisode,
  playOnlyAgents,
  withTimeoutOutcome,
  type PlayingTeam,
} from '../../serve/playing-team.js';
import { TurnRecorder } from './recorder.js';
import { roleTaskText } from './task-text.js';
import { checkAgainstTask, checkConfig, type AiSdkRole, type AiSdkTeamConfig } from './config.js';
import { localTools, roleTools } from './tools.js';

/** Wall-clock ms one model call may take when the budget sets no agent timeout (as `runEpisode`'s). */
const DEFAULT_CALL_TIMEOUT_MS = 60_000;

/** A team of AI SDK tool loops, one per role (see the module comment). Throws `InvalidArgumentError` for a bad config. */
export function aiSdkTeam(config: AiSdkTeamConfig): PlayingTeam {
  checkConfig(config);
  const cassette = config.cassette ? new Cassette(config.cassette.dir, config.cassette.mode) : null;
  return {
    id: config.id,
    description: config.description ?? `AI SDK team (${Object.keys(config.roles).join(', ')})`,
    createAgents: playOnlyAgents(config.id),
    play: (options) => playEpisode(config, cassette, options),
  };
}

async function playEpisode(
  config: AiSdkTeamConfig,
  cassette: Cassette | null,
  options: RunEpisodeOptions,
): Promise<EpisodeResult> {
  const { env, id } = playedEpisode(config.id, options);
  const recorder = new TurnRecorder(
    cassette ? { cassette, episodeId: id } : null,
    options.budget?.agentTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
  );
  const host = EpisodeHost.open({
    ...hostOptionsOf(config.id, env, options),
    turnOf: (role) => recorder.take(role),
  });
  try {
    checkAgainstTask(config, env, host.start.roles);
  } catch (e) {
    host.close(e instanceof Error ? e.message : String(e));
    throw e;
  }
  const missing = host.roles.filter((r) => !config.roles[r]);
  if (missing.length > 0) {
    host.close(`team "${config.id}" has no model for role(s) ${missing.join(', ')} of this task`);
    return host.result;
  }
  const models = new Map<string, LanguageModelV3>();
  const tools = new Map<string, ToolSet>();
  for (const briefing of host.start.roles) {
    const role = config.roles[briefing.id] as AiSdkRole;
    models.set(briefing.id, recorder.wrap(briefing.id, role.model, role.prices ?? config.prices));
    tools.set(briefing.id, {
      ...roleTools(briefing, host, recorder, options.onStep),
      ...localTools(briefing.id, role.tools ?? {}, recorder),
    });
  }
  const conversations = new Map<string, ModelMessage[]>();
  const maxIdle = config.maxIdleTurns ?? 3;
  let idle = 0;
  let timedOut = false;
  for (let role = host.holder; role !== null; role = host.holder) {
    const acting = role;
    const messages = conversations.get(acting) ?? [];
    conversations.set(acting, messages);
    const view = host.observationFor(acting);
    messages.push({
      role: 'user',
      content:
        messages.length === 0 ? roleTaskText(host.start, acting, view) : `You hold control again.\n\n${view.text}`,
    });
    const before = host.steps;
    const turnOver: StopCondition<ToolSet> = () => host.holder !== acting;
    try {
      const { system, temperature, maxOutputTokens, providerOptions } = config.roles[acting] as AiSdkRole;
      const result = await generateText({
        model: models.get(acting) as LanguageModelV3,
        ...(system !== undefined ? { system } : {}),
        ...(temperature !== undefined ? { temperature } : {}),
        ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
        ...(providerOptions !== undefined ? { providerOptions } : {}),
        messages,
        tools: tools.get(acting) as ToolSet,
        stopWhen: [stepCountIs(config.maxStepsPerTurn ?? 16), turnOver],
        maxRetries: 0,
      });
      messages.push(...result.response.messages);
    } catch (e) {
      timedOut = isTimeoutError(e);
      host.close(`the model of role "${acting}" failed: ${e instanceof Error ? e.message : String(e)}`);
      break;
    }
    idle = host.steps === before ? idle + 1 : 0;
    if (idle >= maxIdle && !host.finished)
      host.close(`role "${acting}" took no action in ${idle} turns in a row while it held control`);
  }
  const hosted = await host.result;
  // Calls no step took (a model that only talked, one whose reply failed) were still made and paid for.
  const leftovers = recorder.leftovers();
  const usage = leftovers.length > 0 ? episodeUsage([...hosted.trajectory, ...leftovers]) : null;
  const result = usage ? { ...hosted, usage } : hosted;
  return withTimeoutOutcome(result, timedOut);
}
