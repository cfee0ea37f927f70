/**
 * The vocabulary of the scripted model server: what a responder is given (a request as the
 * server received it) and what it answers (a scripted reply).
 */

/** A tool call a scripted reply makes. */
export interface ScriptedToolCall {
  readonly name: string;
  /** An object is sent as its JSON; a string is sent verbatim, so a test can send malformed JSON. */
  readonly arguments: Readonly<Record<string, unknown>> | string;
  /** The call's id. @defaultValue `call_<hash of the request's identity>_<index>` */
  readonly id?: string;
}

/** Token counts a reply reports instead of the estimate (each field on its own). */
export interface ScriptedUsage {
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  readonly cachedTokens?: number;
}

/** What every reply may carry. */
interface ReplyBase {
  /** Wall-clock ms to wait before answering (a client abort cancels the wait). */
  readonly delayMs?: number;
  /** Names of the faults this reply injects, kept with the recorded answer (`withFaults` sets them). */
  readonly faults?: readonly string[];
}

/** What every successful reply may carry. */
interface CompletionBase extends ReplyBase {
  /** Reasoning text, sent as `reasoning_content` on the message (as vLLM and DeepSeek do). */
  readonly reasoning?: string;
  readonly usage?: ScriptedUsage;
  /** The `model` of the answer. @defaultValue the request's model */
  readonly model?: string;
}

/** An answer with tool calls; several are parallel tool calls. */
export interface ToolCallsReply extends CompletionBase {
  readonly kind: 'tool_calls';
  readonly calls: readonly ScriptedToolCall[];
  /** Text next to the tool calls. @defaultValue null */
  readonly content?: string | null;
}

/** An answer with text and no tool call. */
export interface TextReply extends CompletionBase {
  readonly kind: 'text';
  readonly text: string;
}

/** An HTTP error. */
export interface ErrorReply extends ReplyBase {
  readonly kind: 'error';
  readonly status: number;
  /** The body: an object is sent as JSON, a string verbatim. @defaultValue OpenAI's error shape with `message`, `type`, `code` */
  readonly body?: unknown;
  readonly message?: string;
  readonly type?: string;
  readonly code?: string | null;
  /** Response headers, e.g. `retry-after`, `retry-after-ms`, `x-ratelimit-reset-requests`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The connection is dropped without an answer (the socket is destroyed). */
export interface DropReply extends ReplyBase {
  readonly kind: 'drop';
}

/** What a responder answers to one chat-completions request. */
export type ScriptedReply = ToolCallsReply | TextReply | ErrorReply | DropReply;

/** What is recorded with any answer: the wait before it, and the faults it injected (when any). */
export interface AnswerFacts {
  readonly delayMs: number;
  readonly faults?: readonly string[];
}

/** What the server did with a request. */
export type RecordedAnswer =
  | (AnswerFacts & { readonly kind: 'completion'; readonly status: 200; readonly body: unknown })
  | (AnswerFacts & {
      readonly kind: 'error';
      readonly status: number;
      readonly body: unknown;
      readonly headers: Readonly<Record<string, string>>;
    })
  | (AnswerFacts & { readonly kind: 'drop' })
  /** The client went away before the answer was sent (the faults are those the reply would have had). */
  | { readonly kind: 'aborted'; readonly faults?: readonly string[] };

/**
 * One request as the server received it. Headers are lower-cased, without `authorization` or any
 * other credential header: only whether the request was authorized is kept.
 */
export interface ScriptedModelRequest {
  /** Arrival order (0-based). Concurrency changes it: never decide anything by it. */
  readonly index: number;
  readonly method: string;
  /** The path, without the query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the request carried the expected key (always true without the `apiKey` option). */
  readonly authorized: boolean;
  /** `x-faultline-episode`. */
  readonly episode?: string;
  /** `x-faultline-role`. */
  readonly role?: string;
  /** `x-faultline-step`: env steps taken so far in the episode. */
  readonly step?: number;
  /** `x-faultline-call`: the call's ordinal among the episode's model calls. */
  readonly call?: number;
  /** The parsed JSON body (null for a GET, the raw text when it is not JSON). */
  readonly body: unknown;
  /** What was answered; absent while the request is pending. */
  readonly answer?: RecordedAnswer;
}

/** The body of a chat-completions request, as far as the server checks it. */
export interface ChatCompletionBody {
  readonly model: string;
  /** The messages as sent (each one is whatever JSON the client wrote). */
  readonly messages: readonly unknown[];
  readonly tools?: readonly unknown[];
  readonly [field: string]: unknown;
}

/** A chat-completions request, given to a responder. */
export interface ScriptedChatRequest extends ScriptedModelRequest {
  readonly body: ChatCompletionBody;
}

/** What a responder is told besides the request. */
export interface RespondOptions {
  /** Aborted when the client goes away or the server closes. */
  readonly signal: AbortSignal;
  /**
   * Asked for parallel tool calls (by a fault plan): a responder that can answer with several
   * calls should; one that cannot ignores it.
   */
  readonly parallel: boolean;
}

/** Programs the server's answers, one chat-completions request at a time. */
export type Responder = (
  request: ScriptedChatRequest,
  options: RespondOptions,
) => ScriptedReply | Promise<ScriptedReply>;
