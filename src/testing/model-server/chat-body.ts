/**
 * Checking a chat-completions request body as far as OpenAI's API would reject it before any
 * model runs: the errors name the field, what was found and what is expected.
 */
import type { ChatCompletionBody } from './types.js';

/** A checked body, or why it is rejected (an HTTP 400). */
export type CheckedChatBody =
  | { readonly ok: true; readonly body: ChatCompletionBody }
  | { readonly ok: false; readonly message: string; readonly param: string | null };

/** Checks a parsed JSON body of `POST /v1/chat/completions`. */
export function checkChatBody(parsed: unknown): CheckedChatBody {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { ok: false, param: null, message: `The request body must be a JSON object, not ${kindOf(parsed)}.` };
  const body = parsed as Record<string, unknown>;
  if (typeof body['model'] !== 'string' || body['model'] === '')
    return {
      ok: false,
      param: 'model',
      message: `'model' must be a non-empty string (got ${kindOf(body['model'])}); set it to the model's name.`,
    };
  if (!Array.isArray(body['messages']) || body['messages'].length === 0)
    return {
      ok: false,
      param: 'messages',
      message: `'messages' must be a non-empty array of chat messages (got ${kindOf(body['messages'])}).`,
    };
  if (body['tools'] !== undefined && !Array.isArray(body['tools']))
    return {
      ok: false,
      param: 'tools',
      message: `'tools' must be an array when given (got ${kindOf(body['tools'])}).`,
    };
  if (body['stream'] === true)
    return {
      ok: false,
      param: 'stream',
      message:
        "'stream': true is not supported by the scripted model server: it answers whole completions only. Send the request without 'stream' (or with stream: false).",
    };
  return { ok: true, body: body as ChatCompletionBody };
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}
