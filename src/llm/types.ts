/**
 * The contracts between the parts of the LLM team: the team file's per-role settings, the
 * gateway every model call goes through (cassette, limiter, retries, the `openai` client), and
 * the limiter shared by every worker of a run.
 */
import type { AnswerSource, ModelMessage, ProviderAttempt, TokenUsage } from '../team/turn.js';

/** USD per million tokens. */
export interface Prices {
  readonly input: number;
  readonly output: number;
  /** Cached prompt tokens; defaults to `input`. */
  readonly cachedInput?: number;
}

/** Where a role's model lives. Never holds a key: only the name of the variable that does. */
export interface ProviderSettings {
  /** The OpenAI-compatible base URL, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  readonly baseUrl: string;
  /** The environment variable holding the API key. @defaultValue 'OPENAI_API_KEY' */
  readonly apiKeyEnv: string;
}

/** Everything one role's model calls are made with. */
export interface RoleModelSettings {
  readonly model: string;
  readonly provider: ProviderSettings;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly topP?: number;
  readonly seed?: number;
  /** Extra system instructions, appended to the role's briefing. */
  readonly instructions?: string;
  readonly prices?: Prices;
}

/** A JSON chat message, in the OpenAI chat-completions shape. */
export type ChatMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string }
  | {
      readonly role: 'assistant';
      readonly content: string | null;
      readonly tool_calls?: readonly {
        readonly id: string;
        readonly type: 'function';
        readonly function: { readonly name: string; readonly arguments: string };
      }[];
    }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string };

/** A tool as the chat-completions API takes it. */
export interface ChatTool {
  readonly type: 'function';
  readonly function: { readonly name: string; readonly description: string; readonly parameters: unknown };
}

/** The request body of one model call (what its key hashes, with the episode id and ordinal). */
export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ChatTool[];
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly top_p?: number;
  readonly seed?: number;
}

/** One model call to make. */
export interface ChatCall {
  /** The episode it belongs to (part of the request key, and of the cassette's file name). */
  readonly episodeId: string;
  readonly role: string;
  /** The env step the call is made at (sent as a header so a proxy or test server can tell calls apart). */
  readonly step: number;
  /** The call's position among the episode's model calls (1-based; part of the key). */
  readonly ordinal: number;
  readonly settings: RoleModelSettings;
  readonly request: ChatRequest;
}

/** A model's answer, as the gateway returns it. */
export interface ChatAnswer {
  readonly message: ModelMessage;
  readonly usage: TokenUsage;
  readonly latencyMs: number;
  readonly attempts: readonly ProviderAttempt[];
  readonly source: AnswerSource;
  readonly key: string;
}

/**
 * Where every model call goes. Throws `ProviderError` when the provider cannot answer (after
 * retries), fatal for a rejected key or an unknown model; a replay miss is a non-fatal one.
 */
export interface ModelGateway {
  complete(call: ChatCall, signal: AbortSignal): Promise<ChatAnswer>;
}

/** A permission to send one request, from a {@link RequestLimiter}. */
export interface RequestPermit {
  /** Returns the permit, with the tokens the request really used (prompt + completion). */
  release(tokensUsed: number): void;
}

/**
 * Requests per minute, tokens per minute and requests in flight, per provider, shared by every
 * worker of a run. `acquire` waits (wall clock) until the request may go.
 */
export interface RequestLimiter {
  acquire(provider: string, estimatedTokens: number, signal: AbortSignal): Promise<RequestPermit>;
}

/** The limits of a {@link RequestLimiter}, per provider (absent: unlimited). */
export interface LimiterSettings {
  readonly rpm?: number;
  readonly tpm?: number;
  readonly maxInFlight?: number;
}

/**
 * Headers sent with every model call, so a proxy, a log or a scripted test server can tell the
 * calls of concurrent episodes apart. They carry no secret and are not part of the request key.
 */
export const FAULTLINE_HEADERS = {
  episode: 'x-faultline-episode',
  role: 'x-faultline-role',
  /** The env step the call is made at (steps taken so far in the episode). */
  step: 'x-faultline-step',
  /** The call's ordinal among the episode's model calls. */
  call: 'x-faultline-call',
} as const;

/** How the cassette directory is used. */
export type CassetteMode = 'record' | 'replay' | 'auto' | 'off';
