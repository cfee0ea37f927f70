/**
 * What an agent may record about how it chose an action: the model calls behind it (what the
 * model said, tokens, cost, latency, retries) and which tool call the action executes. The
 * episode loop attaches it to the step it belongs to. It is a record of the agent, not of the
 * world: the trajectory's hash chain leaves it out, so two teams that take the same actions
 * have the same digest, and wall-clock facts (latency) never reach a digest.
 */

/** Tokens of one model call (or a sum of them). */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Prompt tokens the provider served from its prompt cache (0 when it does not say). */
  readonly cachedTokens: number;
}

/** A tool call as a model wrote it: `arguments` is the raw JSON text, which may be malformed. */
export interface ModelToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** What a model answered: its text, reasoning text (when the provider returns it) and tool calls. */
export interface ModelMessage {
  readonly content: string | null;
  readonly reasoning?: string;
  readonly toolCalls: readonly ModelToolCall[];
}

/** An attempt at a model call that failed and was retried (a 429, a 5xx, a dropped connection). */
export interface ProviderAttempt {
  /** The HTTP status, or null when no response came (timeout, connection dropped). */
  readonly status: number | null;
  readonly error: string;
  /** How long the harness waited before the next attempt, in wall-clock ms. */
  readonly waitedMs: number;
}

/** One model call. */
export interface ModelCallRecord {
  /** The request's key: a hash of its canonical content, the episode id and `ordinal`. */
  readonly key: string;
  /** The call's position among the episode's model calls (1-based). */
  readonly ordinal: number;
  readonly model: string;
  readonly message: ModelMessage;
  readonly usage: TokenUsage;
  /** From the role's prices; null without prices. */
  readonly costUsd: number | null;
  /** Wall-clock ms of the successful attempt (from the cassette when replayed). */
  readonly latencyMs: number;
  /** Failed attempts before it, in order (empty when the first attempt answered). */
  readonly attempts: readonly ProviderAttempt[];
}

/**
 * Where a model's answer came from: the provider (`live`), the provider and then stored in a
 * cassette (`recorded`), or a cassette (`replayed`). Not part of a step's record: a replayed run's
 * trajectories must be byte-identical to the recorded run's.
 */
export type AnswerSource = 'live' | 'recorded' | 'replayed';

/** What an agent records for one step. */
export interface StepTurn {
  /** The model calls made to choose this step's action (none when it runs a call already returned). */
  readonly calls: readonly ModelCallRecord[];
  /** The tool call this action executes: its id, and its place among the calls of its reply. */
  readonly toolCall?: { readonly id: string; readonly index: number; readonly of: number };
  /** What the agent did to the conversation on the way (a reminder sent, old results elided …). */
  readonly notes?: readonly string[];
}

/** Model usage summed over an episode, and per role. */
export interface EpisodeUsage {
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedTokens: number;
  /** Null when some call had no price. */
  readonly costUsd: number | null;
  /** Failed attempts that were retried. */
  readonly retries: number;
  readonly byRole: Readonly<Record<string, Omit<EpisodeUsage, 'byRole'>>>;
}

/** Sums the model calls of a trajectory's turns into an episode's usage (null when there were none). */
export function episodeUsage(
  turns: readonly { readonly role: string; readonly turn?: StepTurn }[],
): EpisodeUsage | null {
  type Sum = {
    calls: number;
    promptTokens: number;
    completionTokens: number;
    cachedTokens: number;
    costUsd: number | null;
    retries: number;
  };
  const zero = (): Sum => ({ calls: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, costUsd: 0, retries: 0 });
  const total = zero();
  const byRole: Record<string, Sum> = {};
  const add = (sum: Sum, call: ModelCallRecord) => {
    sum.calls += 1;
    sum.promptTokens += call.usage.promptTokens;
    sum.completionTokens += call.usage.completionTokens;
    sum.cachedTokens += call.usage.cachedTokens;
    sum.costUsd = sum.costUsd === null || call.costUsd === null ? null : sum.costUsd + call.costUsd;
    sum.retries += call.attempts.length;
  };
  for (const { role, turn } of turns) {
    for (const call of turn?.calls ?? []) {
      add(total, call);
      add((byRole[role] ??= zero()), call);
    }
  }
  if (total.calls === 0) return null;
  const rounded = (s: Sum): Sum => ({ ...s, costUsd: s.costUsd === null ? null : Math.round(s.costUsd * 1e9) / 1e9 });
  const roles = Object.keys(byRole).sort();
  return { ...rounded(total), byRole: Object.fromEntries(roles.map((r) => [r, rounded(byRole[r] as Sum)])) };
}
