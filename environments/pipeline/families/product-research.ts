/**
 * The research half of a pipeline task, taken from a `mock-web/research-report` task rather than
 * written again: its seeded web (official pages, a review that restates the price, a press
 * release with a launch price, a forum the user rules out), its facts with their realistic
 * guesses, and its planner's research steps — secondary sources first, then the authoritative
 * pages marked as verification, each teaching a fact.
 *
 * Everything is read off the generated task (facts, constraint parameters, the plan's learn
 * steps), so a research-report task that changes shape fails here loudly instead of silently
 * producing another task.
 */
import type { Constraint, Fact, PlanStep, Task } from '../../../src/team/world.js';
import { liftPlanStep } from '../../../src/team/compose.js';
import { parseUrl, type WebState } from '../../mock-web/state.js';
import { WEB } from '../state.js';

/** A value the team reads off an authoritative page, and how (the research step's own pattern). */
export interface SourcedValue {
  readonly fact: string;
  /** The label on the page (`battery`, `flight time`) or `price`. */
  readonly label: string;
  readonly url: string;
  readonly pattern: string;
}

/** What the research half provides to a pipeline task. */
export interface ProductResearch {
  readonly web: WebState;
  readonly brand: string;
  readonly product: string;
  readonly predecessor: string;
  readonly excludedHost: string;
  readonly excludedName: string;
  readonly pricingUrl: string;
  readonly specsUrl: string;
  readonly reviewUrl: string;
  /** The forum thread on the excluded site (read during research, never to be linked). */
  readonly threadUrl: string;
  readonly price: SourcedValue;
  readonly specs: readonly [SourcedValue, SourcedValue];
  /** `product`, `excludedSite`, `spec1`, `spec2`, `price`, as the research-report task has them. */
  readonly facts: readonly Fact[];
  /** The planner's research steps, on `web_*` tools, for `role`. */
  readonly steps: readonly PlanStep[];
}

const FACTS = ['product', 'excludedSite', 'spec1', 'spec2', 'price'] as const;

function fail(what: string): never {
  throw new Error(
    `productResearch: the research-report task has no ${what}; the pipeline family must follow that family's shape`,
  );
}

function constraintUrl(constraints: readonly Constraint[], id: string): string {
  const urls = constraints.find((c) => c.id === id)?.params['urls'];
  return Array.isArray(urls) && typeof urls[0] === 'string' ? urls[0] : fail(`"${id}" constraint with a URL`);
}

function hostOf(url: string): string {
  const p = parseUrl(url);
  return p.ok ? p.host : fail(`valid URL "${url}"`);
}

/** Reads the research half off a research-report task; its steps go to `role`. */
export function productResearch(task: Task<WebState>, role: string): ProductResearch {
  const byId = new Map(task.facts.map((f) => [f.id, f]));
  const facts = FACTS.map((id) => byId.get(id) ?? fail(`fact "${id}"`));
  const [product, excluded] = facts as [Fact, Fact];
  const handoff = task.plan.findIndex((s) => s.action.type === 'handoff');
  if (handoff < 0) fail('handoff');
  const research = task.plan
    .slice(0, handoff)
    .filter((s) => s.action.type === 'tool' && s.action.tool !== 'read_report');

  // The authoritative reads: verification steps that teach a fact, with the URL and pattern they use.
  const sourced = (fact: string, label?: string): SourcedValue => {
    const step = research.find((s) => s.verification && s.learn?.some((l) => l.fact === fact));
    const learn = step?.learn?.find((l) => l.fact === fact);
    const url = step?.action.type === 'tool' ? step.action.args['url'] : undefined;
    if (!learn || typeof url !== 'string') fail(`authoritative read of "${fact}"`);
    const described = /^the (.+) of the product$/.exec((byId.get(fact) as Fact).description)?.[1];
    return { fact, label: label ?? described ?? fail(`label of "${fact}"`), url, pattern: learn.pattern };
  };
  const price = sourced('price', 'price');
  const specs = [sourced('spec1'), sourced('spec2')] as const;

  const threadUrl = research
    .map((s) => (s.action.type === 'tool' ? s.action.args['url'] : undefined))
    .find((u): u is string => typeof u === 'string' && hostOf(u) === excluded.value && u !== excluded.value);
  const brand = task.world.sites[hostOf(price.url)]?.name;
  if (!threadUrl) fail('read of the excluded forum thread');
  if (!brand) fail('official site');
  return {
    web: task.world,
    brand,
    product: product.value,
    predecessor: product.guess,
    excludedHost: excluded.value,
    excludedName: task.world.sites[excluded.value]?.name ?? excluded.value,
    pricingUrl: price.url,
    specsUrl: specs[0].url,
    reviewUrl: constraintUrl(task.constraints, 'reception-source'),
    threadUrl,
    price,
    specs,
    facts,
    steps: research.map((s) => liftPlanStep(WEB, s, role)),
  };
}
