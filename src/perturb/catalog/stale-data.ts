/**
 * Stale data: a read is served from an out-of-date cache and shows an older value of a fact.
 */
import type { PerturbationType } from './perturbation-type.js';
import { pickLearnSite, replaceInResult, wrongValue } from './learn-sites.js';

/** Recovery: verify. */
export const staleData: PerturbationType = {
  id: 'stale-data',
  kind: 'data',
  site: 'tool-result',
  recovery: 'verify',
  description: 'A read is served from a stale cache and shows an older value of a fact; reading again shows the current one.',
  plan(ctx, rng) {
    const pick = pickLearnSite(ctx.task, rng);
    const wrong = pick && wrongValue(pick.site.fact, 'stale');
    return pick && wrong ? { trigger: pick.trigger, params: { fact: pick.site.fact.id, value: pick.site.fact.value, wrong } } : null;
  },
  afterCall(call, outcome, p) {
    const value = String(p.params['value']);
    const wrong = String(p.params['wrong']);
    if (!JSON.stringify(outcome.result ?? null).includes(value)) return null;
    return { value: { ...outcome, result: replaceInResult(outcome.result, value, wrong) }, detail: `${call.entity ?? call.tool} served stale data (${wrong} instead of ${value})`, facts: [String(p.params['fact'])], ...(call.entity ? { entities: [call.entity] } : {}) };
  },
};
