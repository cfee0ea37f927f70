#!/usr/bin/env node
/**
 * A complete agent program for `faultline run --team-cmd`: an MCP client (the official
 * `@modelcontextprotocol/sdk` over Streamable HTTP) whose decisions come from any
 * OpenAI-compatible model (the official `openai` client). Copy it and make it yours.
 *
 *   npm install @modelcontextprotocol/sdk openai
 *   faultline run --env filesystem/rename-symbol-v1 --seeds 0-4 \
 *     --team-cmd "node mcp-agent.mjs --model gpt-4o-mini" --model-proxy --out runs/mine
 *
 * faultline starts it once per episode (or once per role, from a team file) and tells it where
 * to act in environment variables: FAULTLINE_MCP_URL (the episode's MCP endpoint),
 * FAULTLINE_PROMPT_FILE (the task), FAULTLINE_ROLE (set when it plays one role of a team) and,
 * with --model-proxy, OPENAI_BASE_URL and OPENAI_API_KEY for its model calls. FAULTLINE_MODEL
 * or --model names the model.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import OpenAI from 'openai';

const flag = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const mcpUrl = flag('mcp') ?? process.env.FAULTLINE_MCP_URL;
const promptFile = flag('prompt') ?? process.env.FAULTLINE_PROMPT_FILE;
const model = flag('model') ?? process.env.FAULTLINE_MODEL ?? 'gpt-4o-mini';
const role = process.env.FAULTLINE_ROLE || null;
const MAX_TURNS = 200;
if (!mcpUrl || !promptFile) {
  console.error('mcp-agent: set FAULTLINE_MCP_URL and FAULTLINE_PROMPT_FILE (faultline run --team-cmd does)');
  process.exit(2);
}

const mcp = new Client({ name: 'mcp-agent', version: '1.0.0' });
await mcp.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
const { tools } = await mcp.listTools();
const openai = new OpenAI();

/** Calls an MCP tool; returns its text and whether the episode has ended. */
async function act(name, args) {
  const result = await mcp.callTool({ name, arguments: args });
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  return { text, ended: result.structuredContent?.done === true || /The episode has ended/.test(text) };
}

const messages = [
  {
    role: 'system',
    content: 'You act in a simulated workplace only through tool calls. Finish the task, then call finish.',
  },
  { role: 'user', content: readFileSync(promptFile, 'utf8') },
];
const functions = tools.map((t) => ({
  type: 'function',
  function: { name: t.name, description: t.description ?? '', parameters: t.inputSchema },
}));

let ended = false;
for (let turn = 0; turn < MAX_TURNS && !ended; turn++) {
  // A role of a team acts only while it holds control: wait for a colleague's handoff first.
  if (role !== null) {
    const wait = await act('await_turn', {});
    if (wait.ended) break;
    messages.push({ role: 'user', content: `Your turn. What you see now:\n${wait.text}` });
  }
  const completion = await openai.chat.completions.create({ model, messages, tools: functions });
  const message = completion.choices[0].message;
  messages.push(message);
  if (!message.tool_calls?.length) {
    messages.push({ role: 'user', content: 'Act by calling one of the tools.' });
    continue;
  }
  for (const call of message.tool_calls) {
    let args;
    try {
      args = JSON.parse(call.function.arguments || '{}');
    } catch {
      messages.push({ role: 'tool', tool_call_id: call.id, content: 'Those arguments were not valid JSON.' });
      continue;
    }
    const result = await act(call.function.name, args);
    messages.push({ role: 'tool', tool_call_id: call.id, content: result.text });
    if (result.ended) {
      ended = true;
      break;
    }
  }
}
await mcp.close();
