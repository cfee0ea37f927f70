/**
 * A program's chat completions request, checked and turned into the gateway's `ChatRequest`.
 * Fields the proxy does not know (tool_choice, response_format, stop, …) are forwarded as they
 * are and are part of the request key, like the rest of the body; only `stream` and
 * `stream_options` are taken out, since the proxy answers streams itself from a whole answer:
 * a streamed and a plain request are the same call, with the same key and cassette entry.
 */
import type { ChatRequest } from '../types.js';
import { ProxyHttpError } from './errors.js';

/** A checked request, and how to answer it. */
export interface ProgramRequest {
  /** What the gateway sends upstream (with `tools: []` when the program gave none). */
  readonly request: ChatRequest;
  /** Answer as server-sent `chat.completion.chunk`s. */
  readonly stream: boolean;
  /** `stream_options.include_usage`: a last chunk with the usage and no choices. */
  readonly includeUsage: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}

function invalid(param: string, message: string): ProxyHttpError {
  return new ProxyHttpError(400, message, 'invalid_value', param);
}

/** Checks a parsed body; `defaultModel` is used when it names no model. Throws a 400 naming the field. */
export function parseChatRequest(body: unknown, defaultModel: string | undefined): ProgramRequest {
  if (!isObject(body)) throw invalid('body', `The request body must be a JSON object, not ${kindOf(body)}.`);
  const { stream, stream_options: streamOptions, ...rest } = body;
  const model = rest['model'] ?? defaultModel;
  if (typeof model !== 'string' || model === '')
    throw invalid(
      'model',
      `'model' must be a non-empty string (got ${kindOf(rest['model'])}). Fix: name the model in the request` +
        (defaultModel === undefined ? ', or start the proxy with a default model.' : '.'),
    );
  const messages = rest['messages'];
  if (!Array.isArray(messages) || messages.length === 0)
    throw invalid('messages', `'messages' must be a non-empty array of chat messages (got ${kindOf(messages)}).`);
  messages.forEach((m: unknown, i) => {
    if (!isObject(m) || typeof m['role'] !== 'string')
      throw invalid(
        `messages[${i}]`,
        `'messages[${i}]' must be an object with a string 'role' (got ${kindOf(m)}${isObject(m) ? ` with role ${kindOf(m['role'])}` : ''}).`,
      );
  });
  const tools = rest['tools'] ?? [];
  if (!Array.isArray(tools) || !tools.every(isObject))
    throw invalid('tools', `'tools' must be an array of tool objects when given (got ${kindOf(rest['tools'])}).`);
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean')
    throw invalid('stream', `'stream' must be true or false (got ${kindOf(stream)}).`);
  if (streamOptions !== undefined && streamOptions !== null && !isObject(streamOptions))
    throw invalid('stream_options', `'stream_options' must be an object (got ${kindOf(streamOptions)}).`);
  const n = rest['n'];
  if (n !== undefined && n !== null && n !== 1)
    throw invalid(
      'n',
      `'n' is ${JSON.stringify(n)}: the model proxy answers one choice per request. Fix: leave 'n' out or set it to 1.`,
    );
  const request = { ...rest, model, messages, tools } as unknown as ChatRequest;
  return {
    request,
    stream: stream === true,
    includeUsage: stream === true && isObject(streamOptions) && streamOptions['include_usage'] === true,
  };
}
