/**
 * One MCP session of a hosted episode: a fresh `McpServer` per session (an `McpServer` connects
 * once, and sharing one would leak one client's episode into another's), bound to one role or,
 * for a single-session team, acting as whichever role holds control. A tool call becomes the
 * env action (as `toolArgsToAction` maps it), and its result is what the role sees afterwards.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { toolArgsToAction } from '../../llm/tool-calls.js';
import type { EpisodeResult } from '../../team/episode.js';
import type { TeamObservation } from '../../team/observation.js';
import type { EpisodeHost, HostedStep } from './episode-host.js';
import { AWAIT_TURN_TOOL, awaitTurnTool, mcpTool, sessionToolDefinitions } from './session-tools.js';
import { taskText } from './task-text.js';

/** The server name and version MCP clients see. */
export const MCP_SERVER_INFO = { name: 'faultline', version: '0.1.0' } as const;

/** The URI of the task resource. */
export const TASK_RESOURCE_URI = 'faultline://episode/task';

/** How a session is bound. */
export interface McpSessionOptions {
  /** The role this session acts for; omitted: the whole team, as whichever role holds control. */
  readonly role?: string;
}

/**
 * Creates the `McpServer` of one session and attaches it to the episode (throws
 * `InvalidArgumentError` when the role cannot attach: unknown, already attached …). Connect it
 * to exactly one transport; when that transport closes, the session detaches, and an episode
 * whose acting role has no session left ends as `agent_error`.
 */
export function createMcpSession(host: EpisodeHost, options: McpSessionOptions = {}): McpServer {
  const role = options.role ?? null;
  const detach = host.attach(role);
  const server = new McpServer(MCP_SERVER_INFO, {
    instructions: `faultline ${host.start.envId}: read the "task" prompt or the ${TASK_RESOURCE_URI} resource first.`,
  });
  server.server.onclose = detach;

  const defs = sessionToolDefinitions(host.start, role);
  const names = new Set(defs.map((d) => d.name));
  const tools: Tool[] = [...defs.map(mcpTool)];
  if (!names.has(AWAIT_TURN_TOOL)) tools.push(awaitTurnTool('Fails after a timeout if nobody hands off.'));

  server.server.registerCapabilities({ tools: { listChanged: false } });
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args = {} } = request.params;
    try {
      if (name === AWAIT_TURN_TOOL && !names.has(name)) return await awaitTurn(host, role, extra.signal);
      if (!names.has(name))
        return errorResult(
          `Unknown tool "${name}". This session's tools: ${[...tools.map((t) => t.name)].join(', ')}.`,
        );
      return stepResult(await host.act(role, toolArgsToAction(name, args), extra.signal), host.finished);
    } catch (e) {
      return errorResult(`The call failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });

  const task = () => taskText(host.start, role, host.observationFor(role));
  server.registerPrompt(
    'task',
    { title: 'The task', description: `Your role, your tools and what you see now in ${host.start.envId}.` },
    () => ({ messages: [{ role: 'user', content: { type: 'text', text: task() } }] }),
  );
  server.registerResource(
    'task',
    TASK_RESOURCE_URI,
    { title: 'The task', description: 'Your role, your tools and what you see now.', mimeType: 'text/markdown' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: task() }] }),
  );
  return server;
}

async function awaitTurn(host: EpisodeHost, role: string | null, signal: AbortSignal): Promise<CallToolResult> {
  if (role !== null && !(await host.awaitControl(role, signal))) {
    const ended = host.finished;
    return errorResult(
      ended
        ? `The episode has ended (${ended.outcome}).`
        : `Role "${role}" did not get control in time ("${host.holder}" holds it).`,
    );
  }
  const view = host.observationFor(role);
  return { content: [{ type: 'text', text: view.text }], structuredContent: { observation: observationData(view) } };
}

/** The result of a step; the step that ends the episode also carries how it ended. */
function stepResult(stepped: HostedStep, finished: EpisodeResult | null): CallToolResult {
  if (!stepped.ok) return errorResult(stepped.message);
  const { record, observation, done } = stepped;
  const ending =
    done && finished
      ? {
          episode: {
            outcome: finished.outcome,
            success: finished.success,
            score: finished.score,
            digest: finished.digest,
          },
        }
      : {};
  return {
    content: [{ type: 'text', text: observation.text }],
    structuredContent: {
      step: record.step,
      role: stepped.role,
      ok: record.event.ok,
      reward: record.reward,
      done,
      ...ending,
      observation: observationData(observation),
    },
    ...(record.event.ok ? {} : { isError: true }),
  };
}

function observationData(view: TeamObservation): Record<string, unknown> {
  const { text: _text, ...data } = view;
  return data;
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
