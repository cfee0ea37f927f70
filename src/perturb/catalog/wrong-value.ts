/**
 * Plausible but wrong data: a read returns a believable wrong value for a fact (a neighbouring
 * version, a similar name). Checking the value before relying on it catches it.
 */
import type { PerturbationType } from './perturbation-type.js';
import { pickLearnSite, replaceInResult, wrongValue } from './learn-sites.js';

/** Recovery: verify. */
export const wrongData: PerturbationType = {
  id: 'wrong-value',
  kind: 'data',
  site: 'tool-result',
  recovery: 'verify',
  description: 'A read returns a plausible but wrong value for a fact; a team that checks it (reads again, or the authoritative source) is not fooled.',
  plan(ctx, rng) {
    const pick = pickLearnSite(ctx.task, rng);
    const wrong = pick && wrongValue(pick.site.fact, 'wrong');
    return pick && wrong ? { trigger: pick.trigger, params: { fact: pick.site.fact.id, value: pick.site.fact.value, wrong } } : null;
  },
  afterCall(call, outcome, p) {
    const value = String(p.params['value']);
    const wrong = String(p.params['wrong']);
    if (!JSON.stringify(outcome.result ?? null).includes(value)) return null;
    return { value: { ...outcome, result: replaceInResult(outcome.result, value, wrong) }, detail: `${call.entity ?? call.tool} showed ${wrong} instead of ${value}`, facts: [String(p.params['fact'])], ...(call.entity ? { entities: [call.entity] } : {}) };
  },
};
