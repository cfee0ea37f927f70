/**
 * Seeded wording of user requests: each requirement has a few phrasings, and the order of the
 * requirements varies, so two seeds rarely read alike while every fact value stays verbatim.
 */
import type { Rng } from '../core/rng.js';

/** One of the phrasings. */
export function sentence(rng: Rng, variants: readonly string[]): string {
  return rng.pick(variants);
}

/** One phrasing of each requirement, in a seeded order. */
export function shuffledSentences(rng: Rng, requirements: readonly (readonly string[])[]): string[] {
  return rng.shuffle(requirements).map((variants) => rng.pick(variants));
}
