/**
 * A paraphrased request: the same intent in other words and another order. Nothing to recover
 * from; a team that depends on the exact wording is brittle.
 */
import type { PerturbationType } from './perturbation-type.js';

const SWAPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bPlease\b/g, 'Could you'],
  [/\bmust not\b/g, 'may not'],
  // 'shall' reads right after a singular or a plural subject ('has to' does not).
  [/\bmust\b/g, 'shall'],
  [/\bDo not\b/g, 'Never'],
  [/\bevery\b/g, 'each'],
];

/** Recovery: ignore (the intent is unchanged). */
export const paraphrase: PerturbationType = {
  id: 'paraphrase',
  kind: 'instruction',
  site: 'request',
  recovery: 'ignore',
  description: 'The request is reworded and its sentences reordered; the intent and every value are unchanged.',
  plan(_ctx, rng) {
    return { trigger: { on: 'reset' }, params: { order: rng.uint32() } };
  },
  atReset(task, p) {
    // Keep the first sentence (the ask), reorder the rest deterministically by the planned number.
    const sentences = task.request.split(/(?<=\.)\s+/);
    const [head, ...rest] = sentences;
    const order = Number(p.params['order']) >>> 0;
    const shuffled = rest
      .map((s, i) => ({ s, k: ((i + 1) * 2654435761 + order) >>> 0 }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.s);
    let text = [head, ...shuffled].join(' ');
    for (const [from, to] of SWAPS) text = text.replace(from, to);
    return { value: { ...task, request: text }, detail: 'the request was reworded' };
  },
};
