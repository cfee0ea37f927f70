/**
 * An ambiguous request: one fact the team needs is left open ("TBD") in the request. Only the
 * user can settle it; an `ask` gets the answer, acting on a guess is the failure.
 */
import type { PerturbationType } from './perturbation-type.js';
import { replaceableFacts } from './eligible-facts.js';

/** Recovery: clarify. */
export const ambiguity: PerturbationType = {
  id: 'ambiguity',
  kind: 'instruction',
  site: 'request',
  recovery: 'clarify',
  description: 'The request leaves a needed value open (TBD); asking the user settles it, guessing is the failure.',
  plan(ctx, rng) {
    const facts = replaceableFacts(ctx.task);
    if (facts.length === 0) return null;
    return { trigger: { on: 'reset' }, params: { fact: rng.pick(facts).id } };
  },
  atReset(task, p) {
    const fact = task.facts.find((f) => f.id === p.params['fact']);
    if (!fact) return null;
    const placeholder = `(TBD: ${fact.description})`;
    const clarification = {
      keywords: [fact.description.toLowerCase(), fact.id.toLowerCase()],
      answer: `For ${fact.description}, use ${fact.value}.`,
    };
    return {
      value: {
        ...task,
        request: task.request.split(fact.value).join(placeholder),
        clarifications: [...task.clarifications, clarification],
      },
      detail: `the request leaves "${fact.id}" open`,
      facts: [fact.id],
    };
  },
};
