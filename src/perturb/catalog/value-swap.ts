/**
 * The shape shared by the perturbations that show a read with a fact's value swapped for another
 * (a plausible wrong value, an older one): one-shot, on a read that teaches the fact.
 */
import type { PerturbationType } from './perturbation-type.js';
import { pickLearnSite, replaceInResult, wrongValue } from './learn-sites.js';

/** What distinguishes one value swap from another. */
export interface ValueSwapOptions {
  readonly id: string;
  readonly description: string;
  /** Which kind of wrong value is shown. */
  readonly how: 'wrong' | 'stale';
  /** How the event describes it. */
  readonly detail: (entity: string, wrong: string, value: string) => string;
}

/** A data perturbation that swaps a fact's value in one read (recovery: verify). */
export function valueSwap(options: ValueSwapOptions): PerturbationType {
  return {
    id: options.id,
    kind: 'data',
    site: 'tool-result',
    recovery: 'verify',
    description: options.description,
    plan(ctx, rng) {
      const pick = pickLearnSite(ctx.task, rng, false, ctx.world);
      const wrong = pick && wrongValue(pick.site.fact, options.how);
      return pick && wrong
        ? { trigger: pick.trigger, params: { fact: pick.site.fact.id, value: pick.site.fact.value, wrong } }
        : null;
    },
    afterCall(call, outcome, p) {
      const value = String(p.params['value']);
      const wrong = String(p.params['wrong']);
      if (!JSON.stringify(outcome.result ?? null).includes(value)) return null;
      return {
        value: { ...outcome, result: replaceInResult(outcome.result, value, wrong) },
        detail: options.detail(call.entity ?? call.tool, wrong, value),
        facts: [String(p.params['fact'])],
        ...(call.entity ? { entities: [call.entity] } : {}),
      };
    },
  };
}
