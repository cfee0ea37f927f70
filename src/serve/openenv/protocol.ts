/**
 * The OpenEnv WebSocket protocol as this server speaks it: the messages a client sends on `/ws`,
 * the replies, the error codes, and the parsing of a raw frame into a message (any frame becomes
 * a message or a protocol error, never an exception).
 */

/** The error codes of the OpenEnv WebSocket protocol. */
export const WS_ERROR_CODES = [
  'INVALID_JSON',
  'UNKNOWN_TYPE',
  'VALIDATION_ERROR',
  'EXECUTION_ERROR',
  'CAPACITY_REACHED',
  'FACTORY_ERROR',
  'SESSION_ERROR',
] as const;

/** One OpenEnv WebSocket error code. */
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];

/** A message a client sends on `/ws`. `data` is the raw payload, validated by the session. */
export type ClientMessage =
  | { readonly type: 'reset'; readonly data: unknown }
  | { readonly type: 'step'; readonly data: unknown }
  | { readonly type: 'state' }
  | { readonly type: 'close' };

/** The `data` of an observation reply: OpenEnv lifts `reward` and `done` out of the observation. */
export interface ObservationData {
  readonly observation: Readonly<Record<string, unknown>>;
  readonly reward: number | null;
  readonly done: boolean;
}

/** The `data` of an error reply. Extra fields (e.g. `max_sessions`) may follow. */
export interface ErrorData {
  readonly message: string;
  readonly code: WsErrorCode;
  readonly [extra: string]: unknown;
}

/** A reply the server sends on `/ws`. */
export type ServerMessage =
  | { readonly type: 'observation'; readonly data: ObservationData }
  | { readonly type: 'state'; readonly data: Readonly<Record<string, unknown>> }
  | { readonly type: 'error'; readonly data: ErrorData };

/** A protocol error raised while handling a message; the session answers it as an error reply. */
export class ProtocolError extends Error {
  constructor(
    readonly code: WsErrorCode,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ProtocolError';
  }

  /** This error as the protocol's error reply. */
  toMessage(): ServerMessage {
    return errorMessage(this.code, this.message, this.extra);
  }
}

/** Builds an error reply. */
export function errorMessage(
  code: WsErrorCode,
  message: string,
  extra: Readonly<Record<string, unknown>> = {},
): ServerMessage {
  return { type: 'error', data: { ...extra, message, code } };
}

const TYPES = new Set(['reset', 'step', 'state', 'close']);

/**
 * Parses one text frame into a client message. Throws a {@link ProtocolError}: `INVALID_JSON`
 * for text that is not JSON, `VALIDATION_ERROR` for JSON that is not a message object,
 * `UNKNOWN_TYPE` for a `type` the server does not handle.
 */
export function parseClientMessage(text: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ProtocolError('INVALID_JSON', `Invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProtocolError(
      'VALIDATION_ERROR',
      'Invalid message: expected an object like {"type": "reset" | "step" | "state" | "close", "data": ...}',
    );
  }
  const record = value as Record<string, unknown>;
  const type = record['type'];
  if (typeof type !== 'string' || !TYPES.has(type)) {
    throw new ProtocolError(
      'UNKNOWN_TYPE',
      `Unknown message type: ${JSON.stringify(type ?? null)?.slice(0, 80)} (this server handles reset, step, state and close)`,
    );
  }
  const extra = Object.keys(record).filter((k) => k !== 'type' && k !== 'data');
  if (extra.length > 0) {
    throw new ProtocolError(
      'VALIDATION_ERROR',
      `Invalid message: unexpected field(s) ${extra
        .slice(0, 5)
        .map((k) => JSON.stringify(k.slice(0, 40)))
        .join(', ')}; a message has only "type" and "data"`,
    );
  }
  switch (type) {
    case 'reset':
      return { type, data: record['data'] ?? {} };
    case 'step':
      if (!('data' in record)) {
        throw new ProtocolError('VALIDATION_ERROR', 'Invalid message: a step message needs "data" (the action)');
      }
      return { type, data: record['data'] };
    case 'state':
      return { type: 'state' };
    default:
      return { type: 'close' };
  }
}
