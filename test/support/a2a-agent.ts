/**
 * Test support: a scripted A2A agent — a real HTTP server (express and the A2A SDK's request
 * handler, JSON-RPC) on 127.0.0.1 with an Agent Card, whose executor follows a script instead
 * of a model:
 *
 * - `oracle`: a message for turn N of a role (its metadata) plays turn N of the oracle's actions
 *   for that role (`oracleTurns`) through the MCP URL in the metadata, then replies "done";
 * - `json`: replies to turn N with the role's Nth oracle action as a data part `{ action }` (no
 *   MCP: one action per turn);
 * - `garbage`: replies with nonsense text;
 * - `hang`: never replies (until `stop()`);
 * - `fail`: ends the task in state `failed`.
 *
 * The reply is a Message, or (`reply: 'task'` / `'input-required'`) a Task in that state with
 * the reply in an artifact. Every message received is kept in `received`, as the server saw it.
 * A message resent with the same id gets the same answer, played once. A closed port (the
 * `down` case) needs no server: see `refusedPort` (refused-port.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Role, TaskState, type AgentCard, type Message, type Part, type Task } from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  InMemoryTaskStore,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
} from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import type { Action } from '../../src/team/actions.js';
import { closeOracleSession, oracleTurns, playTurnOverMcp } from './oracle-script.js';

/** What the scripted agent does with each message. */
export type ScriptedMode = 'oracle' | 'json' | 'garbage' | 'hang' | 'fail';

/** How a scripted agent is set up. */
export interface ScriptedA2aAgentOptions {
  readonly mode: ScriptedMode;
  /** The episode whose oracle actions `oracle` and `json` follow (the role comes from each message). */
  readonly script?: { readonly env: string; readonly seed: number; readonly perturb?: string; readonly trial?: number };
  /** How a reply is sent: a Message, or a Task completed / waiting for input. @defaultValue 'message' */
  readonly reply?: 'message' | 'task' | 'input-required';
  /** With a Task reply: the task is first `working` for this many ms (a client not blocking then polls). */
  readonly workingMs?: number;
  /** Speak A2A 0.3 only (a v0.3 Agent Card, `message/send`), as agents built on older SDKs do. */
  readonly legacy?: boolean;
}

/** One message as the agent's server received it. */
export interface ReceivedMessage {
  readonly messageId: string;
  readonly contextId: string;
  /** The task the message continues ('' for a new one). */
  readonly taskId: string;
  readonly role: Role;
  readonly texts: readonly string[];
  readonly data: readonly unknown[];
  readonly metadata: Record<string, unknown> | undefined;
}

/** A running scripted agent. */
export interface ScriptedA2aAgent {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Its Agent Card's URL. */
  readonly cardUrl: string;
  /** Every message received, in order. */
  readonly received: readonly ReceivedMessage[];
  /** Errors the script hit (an MCP call that took no step …), in order. */
  readonly problems: readonly string[];
  /** Stops listening, drops open connections and ends hanging turns. */
  stop(): Promise<void>;
}

/** The text the `garbage` mode answers. */
export const GARBAGE_TEXT = 'colourless green ideas sleep furiously; the answer is a purple Tuesday';

function textPart(text: string): Part {
  return { content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' };
}

function dataPart(value: unknown): Part {
  return { content: { $case: 'data', value }, metadata: undefined, filename: '', mediaType: 'application/json' };
}

/** The faultline metadata of a message (role, turn and MCP URL), or null. */
function faultlineOf(message: Message): { role: string; turn: number; mcp: { url: string } } | null {
  const f = message.metadata?.faultline as { role?: unknown; turn?: unknown; mcp?: { url?: unknown } } | undefined;
  if (typeof f?.role !== 'string' || typeof f.turn !== 'number' || typeof f.mcp?.url !== 'string') return null;
  return { role: f.role, turn: f.turn, mcp: { url: f.mcp.url } };
}

/** Starts a scripted agent on a free port of 127.0.0.1. */
export async function startScriptedA2aAgent(options: ScriptedA2aAgentOptions): Promise<ScriptedA2aAgent> {
  const received: ReceivedMessage[] = [];
  const problems: string[] = [];
  const replyAs = options.reply ?? 'message';
  /** The oracle's turns per role; the answers by message id (a resent message is not played twice). */
  const scripts = new Map<string, Promise<Action[][]>>();
  const answers = new Map<string, Promise<Part[] | null>>();
  const mcpUrls = new Set<string>();
  const hanging = new Set<() => void>();

  const turnsOf = (role: string): Promise<Action[][]> => {
    const script = options.script;
    if (!script) throw new Error(`mode ${options.mode} needs options.script`);
    let turns = scripts.get(role);
    if (!turns) {
      turns = oracleTurns({ ...script, role });
      scripts.set(role, turns);
    }
    return turns;
  };
  /** The parts of the reply to `message`, by mode (null: no reply, the task fails). */
  const answer = async (message: Message): Promise<Part[] | null> => {
    const meta = faultlineOf(message);
    switch (options.mode) {
      case 'garbage':
        return [textPart(GARBAGE_TEXT)];
      case 'fail':
        return null;
      case 'hang':
        await new Promise<void>((resolve) => hanging.add(resolve));
        return [textPart('stopped')];
      case 'json': {
        if (!meta) throw new Error('the message has no faultline metadata');
        // One action per turn: the role's turn number counts its actions.
        const action = (await turnsOf(meta.role)).flat()[meta.turn];
        if (!action) throw new Error(`the oracle has no action ${meta.turn} for ${meta.role}`);
        return [dataPart({ action })];
      }
      case 'oracle': {
        if (!meta) throw new Error('the message has no faultline metadata');
        const turn = (await turnsOf(meta.role))[meta.turn];
        if (!turn) throw new Error(`the oracle has no turn ${meta.turn} for ${meta.role}`);
        mcpUrls.add(meta.mcp.url);
        await playTurnOverMcp(meta.mcp.url, turn);
        return [textPart('done')];
      }
    }
  };

  const reply = (ctx: RequestContext, bus: ExecutionEventBus, parts: Part[] | null, detail = '') => {
    const agentMessage = (p: Part[]): Message => ({
      messageId: `${ctx.taskId}-reply`,
      contextId: ctx.contextId,
      taskId: replyAs === 'message' && parts !== null ? '' : ctx.taskId,
      role: Role.ROLE_AGENT,
      parts: p,
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    });
    if (parts !== null && replyAs === 'message') {
      bus.publish(AgentEvent.message(agentMessage(parts)));
      return;
    }
    const state =
      parts === null
        ? TaskState.TASK_STATE_FAILED
        : replyAs === 'task'
          ? TaskState.TASK_STATE_COMPLETED
          : TaskState.TASK_STATE_INPUT_REQUIRED;
    const task: Task = {
      id: ctx.taskId,
      contextId: ctx.contextId,
      status: {
        state,
        message: agentMessage([textPart(parts === null ? `scripted failure${detail}` : 'turn over')]),
        timestamp: undefined,
      },
      artifacts:
        parts === null
          ? []
          : [
              {
                artifactId: `${ctx.taskId}-reply`,
                name: 'reply',
                description: '',
                parts,
                metadata: undefined,
                extensions: [],
              },
            ],
      history: [],
      metadata: undefined,
    };
    bus.publish(AgentEvent.task(task));
  };

  const executor: AgentExecutor = {
    execute: async (ctx, bus) => {
      const message = ctx.userMessage;
      const texts: string[] = [];
      const data: unknown[] = [];
      for (const part of message.parts) {
        if (part.content?.$case === 'text') texts.push(part.content.value);
        else if (part.content?.$case === 'data') data.push(part.content.value as unknown);
      }
      received.push({
        messageId: message.messageId,
        contextId: message.contextId,
        taskId: ctx.task?.id ?? '',
        role: message.role,
        texts,
        data,
        metadata: message.metadata,
      });
      if (options.workingMs !== undefined && replyAs !== 'message') {
        const working = { state: TaskState.TASK_STATE_WORKING, message: undefined, timestamp: undefined };
        bus.publish(
          AgentEvent.task({
            id: ctx.taskId,
            contextId: ctx.contextId,
            status: working,
            artifacts: [],
            history: [],
            metadata: undefined,
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, options.workingMs));
      }
      try {
        let answered = answers.get(message.messageId);
        if (!answered) {
          answered = answer(message);
          answers.set(message.messageId, answered);
        }
        reply(ctx, bus, await answered);
      } catch (e) {
        const text = e instanceof Error ? e.message : String(e);
        problems.push(text);
        reply(ctx, bus, null, `: ${text}`);
      }
      bus.finished();
    },
    cancelTask: (taskId, bus) => {
      bus.publish(
        AgentEvent.statusUpdate({
          taskId,
          contextId: '',
          status: { state: TaskState.TASK_STATE_CANCELED, message: undefined, timestamp: undefined },
          metadata: undefined,
        }),
      );
      bus.finished();
      return Promise.resolve();
    },
  };

  const card: AgentCard = {
    name: `faultline scripted agent (${options.mode})`,
    description: 'A scripted A2A agent for tests.',
    supportedInterfaces: [],
    provider: undefined,
    version: '1.0.0',
    capabilities: { streaming: false, pushNotifications: false, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain', 'application/json'],
    defaultOutputModes: ['text/plain', 'application/json'],
    skills: [],
    signatures: [],
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  const app = express();
  const legacyCompat = { enabled: options.legacy === true };
  if (options.legacy)
    // The card of a v0.3 agent, whatever version the client asks for.
    app.get('/.well-known/agent-card.json', (_req, res) => {
      res.json({
        protocolVersion: '0.3.0',
        name: card.name,
        description: card.description,
        url: card.supportedInterfaces[0]?.url,
        preferredTransport: 'JSONRPC',
        version: card.version,
        capabilities: { streaming: false, pushNotifications: false },
        defaultInputModes: card.defaultInputModes,
        defaultOutputModes: card.defaultOutputModes,
        skills: [],
      });
    });
  else app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: () => Promise.resolve(card) }));
  app.use(
    '/a2a/jsonrpc',
    jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication, legacyCompat }),
  );
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  card.supportedInterfaces.push({
    url: `${url}/a2a/jsonrpc`,
    protocolBinding: 'JSONRPC',
    tenant: '',
    protocolVersion: options.legacy ? '0.3' : '1.0',
  });

  return {
    url,
    cardUrl: `${url}/.well-known/agent-card.json`,
    received,
    problems,
    stop: async () => {
      for (const resolve of hanging) resolve();
      hanging.clear();
      await Promise.all([...mcpUrls].map(closeOracleSession));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
