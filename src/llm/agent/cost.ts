/** The cost of one model call from a role's prices (USD per million tokens). */
import type { TokenUsage } from '../../team/turn.js';
import type { Prices } from '../types.js';

/**
 * USD for `usage` at `prices`: uncached prompt tokens at `input`, cached ones at `cachedInput`
 * (or `input`), completion tokens at `output`; null without prices.
 */
export function callCostUsd(usage: TokenUsage, prices: Prices | undefined): number | null {
  if (prices === undefined) return null;
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const usd =
    (usage.promptTokens - cached) * prices.input +
    cached * (prices.cachedInput ?? prices.input) +
    usage.completionTokens * prices.output;
  return usd / 1_000_000;
}
