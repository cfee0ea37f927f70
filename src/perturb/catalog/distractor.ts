/**
 * A distractor: a read also shows a similar-looking but irrelevant value (an old draft, a
 * superseded plan). The right value is still there; the distractor is to be ignored.
 */
import type { PerturbationType } from './perturbation-type.js';
import { appendToResult, pickLearnSite, wrongValue } from './learn-sites.js';

/** Recovery: ignore. */
export const distractor: PerturbationType = {
  id: 'distractor',
  kind: 'data',
  site: 'tool-result',
  recovery: 'ignore',
  description:
    'A read also shows a superseded, similar-looking value; the current value is unchanged and the distractor is to be ignored.',
  plan(ctx, rng) {
    const pick = pickLearnSite(ctx.task, rng, false, ctx.world);
    const decoy = pick && wrongValue(pick.site.fact, 'stale');
    return pick && decoy ? { trigger: pick.trigger, params: { fact: pick.site.fact.id, decoy } } : null;
  },
  afterCall(call, outcome, p) {
    const note = `\n(Superseded draft, kept for reference: it once said ${String(p.params['decoy'])}.)\n`;
    const result = appendToResult(outcome.result, note);
    if (result === outcome.result) return null;
    return {
      value: { ...outcome, result },
      detail: `${call.entity ?? call.tool} also showed the superseded value ${String(p.params['decoy'])}`,
      ...(call.entity ? { entities: [call.entity] } : {}),
    };
  },
};
