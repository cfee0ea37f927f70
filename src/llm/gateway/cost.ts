/**
 * What a model call cost, from the role's prices (USD per million tokens). Cached prompt tokens
 * are billed at the cached price, or at the input price when the table has none.
 */
import type { TokenUsage } from '../../team/turn.js';
import type { Prices } from '../types.js';

/** The cost of `usage` in USD, or null without prices (a cost nobody priced is unknown, not 0). */
export function costUsd(usage: TokenUsage, prices?: Prices): number | null {
  if (prices === undefined) return null;
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const uncached = usage.promptTokens - cached;
  return (
    (uncached * prices.input + cached * (prices.cachedInput ?? prices.input) + usage.completionTokens * prices.output) /
    1_000_000
  );
}
