/**
 * An LLM team's configuration as plain JSON: what a team file or the `--model` flags describe,
 * and what a run posts to its worker threads (so it never holds an API key, only the name of the
 * variable that does).
 */
import type { RoleOverrides } from './team.js';
import type { CassetteMode, Prices, RoleModelSettings } from './types.js';

/** One LLM team to register. */
export interface LlmTeamConfig {
  readonly id: string;
  readonly description?: string;
  readonly defaults: RoleModelSettings;
  readonly roles?: Readonly<Record<string, RoleOverrides>>;
  readonly maxTextReplies?: number;
  readonly contextBudget?: number;
}

/** How the model gateway is built: cassette, retries, timeout. */
export interface LlmGatewayConfig {
  /** The cassette directory and how it is used; null: no cassette. */
  readonly cassette: { readonly dir: string; readonly mode: CassetteMode } | null;
  /** Retries of a failed call (429, 5xx, timeouts, dropped connections); absent: the gateway's default. */
  readonly maxRetries?: number;
  /** Wall-clock ms one request may take; absent: the gateway's default. */
  readonly requestTimeoutMs?: number;
}

/** The options of the LLM setup module (`setup(options)` in `src/llm/setup.ts`), plain JSON. */
export interface LlmSetupOptions {
  readonly teams: readonly LlmTeamConfig[];
  readonly gateway: LlmGatewayConfig;
  /** Prices by model name, for roles whose settings give none (`--prices FILE`). */
  readonly prices?: Readonly<Record<string, Prices>>;
}

/** The base URL when neither a flag, a team file nor `OPENAI_BASE_URL` gives one. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** The variable holding the API key when none is named. */
export const DEFAULT_API_KEY_ENV = 'OPENAI_API_KEY';
