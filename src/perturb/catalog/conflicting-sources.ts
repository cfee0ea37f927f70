/**
 * Two sources that disagree: a secondary document states another value of a fact than the
 * authoritative one. The task's policy says which wins; a team that trusts the first source it
 * reads gets it wrong.
 */
import type { PerturbationType } from './perturbation-type.js';
import { pickLearnSite, replaceInResult, wrongValue } from './learn-sites.js';

/** Recovery: verify (apply the policy: the authoritative source wins). */
export const conflictingSources: PerturbationType = {
  id: 'conflicting-sources',
  kind: 'data',
  site: 'tool-result',
  recovery: 'verify',
  persistent: true,
  description:
    'A secondary source disagrees with the authoritative one about a fact; the task policy says the authoritative source wins.',
  plan(ctx, rng) {
    const pick = pickLearnSite(ctx.task, rng, true, ctx.world);
    const wrong = pick && wrongValue(pick.site.fact, rng.chance(0.5) ? 'wrong' : 'stale');
    if (!pick || !wrong) return null;
    // Every read of the secondary source shows the other value: the document itself disagrees.
    const { nth: _nth, ...rest } = pick.trigger as { on: 'call'; tool: string; nth: number; entity?: string };
    return { trigger: { ...rest, nth: 1 }, params: { fact: pick.site.fact.id, value: pick.site.fact.value, wrong } };
  },
  afterCall(call, outcome, p) {
    const value = String(p.params['value']);
    const wrong = String(p.params['wrong']);
    if (!JSON.stringify(outcome.result ?? null).includes(value)) return null;
    return {
      value: { ...outcome, result: replaceInResult(outcome.result, value, wrong) },
      detail: `${call.entity ?? call.tool} says ${wrong}; the authoritative source says ${value}`,
      facts: [String(p.params['fact'])],
      ...(call.entity ? { entities: [call.entity] } : {}),
    };
  },
};
