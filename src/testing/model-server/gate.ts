/**
 * What the server does with a request before any responder sees it: the checks a provider makes
 * (key, path, method, body, model) and the answers they give, in OpenAI's error shape.
 */
import { checkChatBody } from './chat-body.js';
import { SCRIPTED_CREATED } from './replies.js';
import type { ChatCompletionBody, ScriptedModelRequest } from './types.js';

/** The request's fate: rejected, answered at once, or handed to the responder. */
export type GateOutcome =
  | { readonly kind: 'reject'; readonly status: number; readonly message: string; readonly code: string | null }
  | { readonly kind: 'answer'; readonly body: unknown }
  | { readonly kind: 'chat'; readonly body: ChatCompletionBody };

/** What the gate needs to know besides the request. */
export interface GateSettings {
  readonly models: readonly string[] | undefined;
  readonly maxBodyBytes: number;
  /** Whether a bearer key came with the request (it is never kept). */
  readonly keyGiven: boolean;
  readonly tooLarge: boolean;
  /** Whether the body parsed as JSON. */
  readonly parsed: boolean;
}

const SHOWN = 200;

/** Checks a request the way a provider does, in the order it does. */
export function gate(record: ScriptedModelRequest, s: GateSettings): GateOutcome {
  const reject = (status: number, message: string, code: string | null): GateOutcome => ({
    kind: 'reject',
    status,
    message,
    code,
  });
  if (s.tooLarge) return reject(413, `The request body is larger than ${s.maxBodyBytes} bytes (maxBodyBytes).`, null);
  if (!record.authorized)
    return reject(
      401,
      s.keyGiven
        ? "Incorrect API key provided: the key does not match the scripted server's apiKey."
        : 'No API key provided: send it as "Authorization: Bearer <key>".',
      'invalid_api_key',
    );
  const where = `${record.method} ${shown(record.path)}`;
  if (record.path === '/v1/models' && record.method === 'GET')
    return {
      kind: 'answer',
      body: {
        object: 'list',
        data: (s.models ?? []).map((id) => ({ id, object: 'model', created: SCRIPTED_CREATED, owned_by: 'faultline' })),
      },
    };
  if (record.path !== '/v1/chat/completions')
    return reject(
      404,
      `Unknown path ${where}: the scripted server serves POST /v1/chat/completions and GET /v1/models.`,
      'unknown_url',
    );
  if (record.method !== 'POST') return reject(405, `${where} is not allowed: use POST.`, 'method_not_allowed');
  if (!s.parsed)
    return reject(
      400,
      'The request body is not valid JSON: send a JSON object with "model" and "messages".',
      'invalid_json',
    );
  const checked = checkChatBody(record.body);
  if (!checked.ok) return reject(400, checked.message, checked.param === 'stream' ? 'stream_not_supported' : null);
  const model = checked.body.model;
  if (s.models !== undefined && !s.models.includes(model))
    return reject(
      404,
      `The model \`${shown(model)}\` does not exist or you do not have access to it (the scripted server serves: ${s.models.join(', ') || 'none'}).`,
      'model_not_found',
    );
  return { kind: 'chat', body: checked.body };
}

/** A value echoed in a message, cut short: whatever a client sends, the message stays readable. */
export function shown(text: string): string {
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN)}… (${text.length} characters)`;
}
