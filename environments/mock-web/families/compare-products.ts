/**
 * Task family `mock-web/compare-products`: compare several products of one category from their
 * makers' official spec sheets and pricing pages, write a comparison table, a short method note
 * and a recommendation — the product with the highest value of the user's criterion within the
 * user's budget — leaving out one brand the user ruled out, and leaving the user's notes alone.
 *
 * How lost facts bite: the recommended product depends on the criterion and the budget (a
 * teammate who lost the budget recommends the over-budget star; one who lost the criterion ranks
 * by the other spec); the table has the excluded brand's row only when that brand is unknown; the
 * method note gets its long form only when the word limit allows it; and the recommended product's
 * price is learned from the world — a comparison site states it (secondary), the maker's pricing
 * page is authoritative, and the request says so.
 */
import type { Rng } from '../../../src/core/rng.js';
import { defineTaskFamily, type TaskContent } from '../../../src/world/define-task-family.js';
import { escapeRegExp } from '../../../src/core/regexp.js';
import type { Constraint, Fact, PlanCondition } from '../../../src/team/world.js';
import type { ReportSection, WebPage, WebState } from '../state.js';
import { sectionEntity, wordCount } from '../state.js';
import { mockWebWorld } from '../world.js';
import {
  BRANDS,
  CATEGORIES,
  COMPARISON_SITES,
  LINES,
  NEWS_SITES,
  groupThousands,
  slug,
  type SpecKind,
} from './names.js';
import { EXECUTOR, PLANNER, REVIEWER } from './plan.js';
import { PlanBuilder, fact } from '../../../src/world/plan-builder.js';
import { sentence, shuffledSentences } from '../../../src/world/wording.js';

const FAMILY_ID = 'compare-products';
const FAMILY_VERSION = 1;
const FACT_ORDER = ['criterion', 'budget', 'excludedBrand', 'maxWords', 'winnerPrice'] as const;
const NO_LIMIT_GUESS = '200';
/** Categories whose two specs are both better when higher. */
const HIGHER_IS_BETTER = new Set([
  'e-bike',
  'robot vacuum',
  'camera drone',
  'mesh router',
  'e-reader',
  'portable power station',
]);
const HEADINGS = {
  table: ['Comparison', 'Side by side', 'Comparison table'],
  method: ['Method', 'How we compared', 'Methodology'],
  recommendation: ['Recommendation', 'Our pick', 'Verdict'],
  notes: ['Notes', 'Scratchpad', 'Open questions'],
} as const;

/** One product being compared. */
interface Product {
  readonly brand: string;
  readonly model: string;
  readonly name: string;
  readonly host: string;
  readonly price: number;
  readonly specs: [number, number];
  readonly role: 'winner' | 'star' | 'other-best' | 'plain' | 'excluded';
}

/** `count` distinct spec values, highest first. */
function distinctValues(rng: Rng, spec: SpecKind, count: number): number[] {
  const steps = Math.floor((spec.max - spec.min) / spec.step);
  const picks = new Set<number>();
  while (picks.size < count) picks.add(spec.min + spec.step * rng.int(0, steps));
  return [...picks].sort((a, b) => b - a);
}

/** Draws the content of one compare-products task. Pure in `rng`. */
function buildCompareProducts(rng: Rng): TaskContent<WebState> {
  const cat = rng.pick(CATEGORIES.filter((c) => HIGHER_IS_BETTER.has(c.kind)));
  const cur = rng.pick(['€', '$', '£']);
  const money = (n: number) => `${cur}${groupThousands(n)}`;
  const c = rng.int(0, 1);
  const o = 1 - c;
  const critSpec = cat.specs[c] as SpecKind;
  const otherSpec = cat.specs[o] as SpecKind;
  const fmt = (i: number, v: number) => `${groupThousands(v)} ${(cat.specs[i] as SpecKind).unit}`;

  // Products: the winner (best on the criterion within budget), the over-budget star (best on the
  // criterion overall), the best on the other spec within budget, maybe a plain one, and the
  // excluded brand's product.
  const withPlain = rng.chance(0.5);
  const roles: Product['role'][] = [
    'winner',
    'star',
    'other-best',
    ...(withPlain ? (['plain'] as const) : []),
    'excluded',
  ];
  const brands = rng.sample(BRANDS, roles.length);
  const lines = rng.sample(LINES, roles.length);
  const critValues = distinctValues(rng, critSpec, roles.length);
  const otherValues = distinctValues(rng, otherSpec, roles.length);
  const budgetLow = Math.ceil((cat.price[0] + 150) / 100);
  const budgetN = 100 * rng.int(budgetLow, Math.max(budgetLow, Math.floor(cat.price[1] / 100)));
  const under = () => budgetN - 10 * rng.int(1, Math.max(2, Math.floor((budgetN - cat.price[0]) / 10) - 1)) - 1;
  // Criterion ranking: star > winner > the rest; the excluded product anywhere. Other spec: other-best on top.
  const critOrder = ['star', 'winner', ...rng.shuffle(roles.filter((r) => r !== 'star' && r !== 'winner'))];
  const otherOrder = ['other-best', ...rng.shuffle(roles.filter((r) => r !== 'other-best'))];
  const products: Product[] = roles.map((role, i) => {
    const brand = brands[i] as string;
    const model = `${lines[i] as string} ${rng.int(2, 9)}`;
    const specs: [number, number] = [0, 0];
    specs[c] = critValues[critOrder.indexOf(role)] as number;
    specs[o] = otherValues[otherOrder.indexOf(role)] as number;
    const price = role === 'star' ? budgetN + 10 * rng.int(5, 60) - 1 : under();
    return { brand, model, name: `${brand} ${model}`, host: `${brand.toLowerCase()}.example`, price, specs, role };
  });
  const byRole = (r: Product['role']) => products.find((p) => p.role === r) as Product;
  const winner = byRole('winner');
  const star = byRole('star');
  const otherBest = byRole('other-best');
  const excluded = byRole('excluded');
  const oldWinnerPrice = winner.price + 10 * rng.int(3, 20);

  // Facts.
  const criterion = `highest ${critSpec.label.toLowerCase()}`;
  const criterionGuess = `highest ${otherSpec.label.toLowerCase()}`;
  const budget = money(budgetN);
  const winnerPrice = money(winner.price);
  const winnerPriceGuess = money(oldWinnerPrice);

  // The web.
  const [cmpHost, cmpName] = rng.pick(COMPARISON_SITES);
  const [newsHost, newsName] = rng.pick(NEWS_SITES);
  const year = rng.int(2023, 2026);
  const date = () => `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const sites: Record<string, { name: string; pages: Record<string, WebPage> }> = {};
  const add = (
    host: string,
    name: string,
    path: string,
    title: string,
    text: string,
    links: { text: string; url: string }[] = [],
  ) => {
    const site = (sites[host] ??= { name, pages: {} });
    site.pages[path] = { title, date: date(), text, links };
  };
  const url = (host: string, path: string) => (path ? `${host}/${path}` : host);
  const specsUrl = (p: Product) => url(p.host, `products/${slug(p.model)}/specs`);
  const productUrl = (p: Product) => url(p.host, `products/${slug(p.model)}`);
  const pricingUrl = (p: Product) => url(p.host, 'pricing');
  const specLine = (p: Product) =>
    `${cat.specs[0].label}: ${fmt(0, p.specs[0])}\n${cat.specs[1].label}: ${fmt(1, p.specs[1])}`;
  for (const p of products) {
    const extra = `${p.model.split(' ')[0] as string} Mini`;
    add(p.host, p.brand, '', `${p.brand} — ${cat.plural}`, `${p.brand} designs ${cat.plural}. Meet the ${p.model}.`, [
      { text: p.model, url: productUrl(p) },
      { text: 'Prices', url: pricingUrl(p) },
    ]);
    add(
      p.host,
      p.brand,
      `products/${slug(p.model)}`,
      `${p.name}`,
      `The ${p.model} is ${p.brand}'s ${cat.kind}. See the full specifications and our prices.`,
      rng.shuffle([
        { text: 'Full specifications', url: specsUrl(p) },
        { text: 'Prices', url: pricingUrl(p) },
      ]),
    );
    add(
      p.host,
      p.brand,
      `products/${slug(p.model)}/specs`,
      `${p.model} — specifications`,
      [`Specifications of the ${p.name}`, ...rng.shuffle([...specLine(p).split('\n'), ...cat.extras])].join('\n'),
      [{ text: `Back to the ${p.model}`, url: productUrl(p) }],
    );
    add(
      p.host,
      p.brand,
      'pricing',
      `${p.brand} prices`,
      [
        `Official prices, updated ${date()}.`,
        ...rng.shuffle([`${p.model}: ${money(p.price)}`, `${extra}: ${money(p.price - 10 * rng.int(20, 40))}`]),
      ].join('\n'),
      [{ text: p.model, url: productUrl(p) }],
    );
  }
  const cmpPath = `compare/${slug(cat.plural)}`;
  const cmpUrl = url(cmpHost, cmpPath);
  add(cmpHost, cmpName, '', cmpName, `${cmpName}: side-by-side comparisons with prices checked daily.`, [
    { text: `Compare ${cat.plural}`, url: cmpUrl },
  ]);
  add(
    cmpHost,
    cmpName,
    cmpPath,
    `Compare ${cat.plural}`,
    [
      `${cat.plural} compared (prices checked daily):`,
      ...rng.shuffle(
        products.map(
          (p) =>
            `${p.name}: ${money(p.price)} · ${cat.specs[0].label} ${fmt(0, p.specs[0])} · ${cat.specs[1].label} ${fmt(1, p.specs[1])}`,
        ),
      ),
    ].join('\n'),
    products.map((p) => ({ text: p.name, url: productUrl(p) })),
  );
  add(
    cmpHost,
    cmpName,
    `${cmpPath}-${year - 1}`,
    `Compare ${cat.plural} (${year - 1} edition)`,
    `Last year's comparison, kept for reference. The ${winner.name} then cost ${money(oldWinnerPrice + 10 * rng.int(5, 20))}.`,
  );
  const newsPath = `${year}/${slug(winner.name)}-price-cut`;
  add(newsHost, newsName, '', newsName, `${newsName}: technology and market news.`);
  add(
    newsHost,
    newsName,
    newsPath,
    `${winner.name} gets a price cut`,
    `${winner.brand} cut the price of the ${winner.model} from ${winnerPriceGuess} to ${winnerPrice} this month, ${newsName} has learned.`,
  );
  add(
    newsHost,
    newsName,
    `${year}/best-${slug(cat.plural)}`,
    `The best ${cat.plural} of ${year}`,
    `Our favourites this year: the ${star.name} for those who can afford it, and the ${otherBest.name} for value.`,
  );

  // The report.
  const H = {
    table: rng.pick(HEADINGS.table),
    method: rng.pick(HEADINGS.method),
    recommendation: rng.pick(HEADINGS.recommendation),
    notes: rng.pick(HEADINGS.notes),
  };
  const order = [...rng.shuffle([H.table, H.method]), H.recommendation];
  const notes: ReportSection = {
    heading: H.notes,
    text: rng.pick([
      'Reminder to self: only official prices count.',
      'Need this before the budget meeting.',
      'Ask finance whether the budget includes tax.',
    ]),
    citations: [],
  };
  const rows = rng.shuffle(products);
  const included = rows.filter((p) => p !== excluded);
  const tableText = (ps: readonly Product[]) =>
    [
      `Product | Price | ${cat.specs[0].label} | ${cat.specs[1].label}`,
      ...ps.map((p) => `${p.name} | ${money(p.price)} | ${fmt(0, p.specs[0])} | ${fmt(1, p.specs[1])}`),
    ].join('\n');

  const methodShort = `Prices come from each maker's official pricing page and specs from its official spec sheet; products are ranked by ${fact('criterion')} within the budget.`;
  const methodExtra = [
    `${cmpName} was used only to find the candidates.`,
    'Every figure was checked against the maker’s own page on the day of writing.',
    'Prices include sales tax where the maker lists it.',
    'Older comparisons and forum posts were not used.',
    'Products without an official spec sheet would have been left out.',
    'Where two products tie, the cheaper one would win.',
    'Accessories and bundles were not taken into account.',
    'Discount codes and refurbished units were ignored.',
  ];
  const recText = (p: Product, budgetNote: string, spec: number) =>
    `${budgetNote}the ${p.name} has the ${`highest ${(cat.specs[spec] as SpecKind).label.toLowerCase()}`} (${fmt(spec, p.specs[spec] as number)}); it costs ${fact('winnerPrice')} on ${p.brand}'s official pricing page.`;
  const recVariants: { key: string; text: string; product: Product }[] = [
    { key: `${criterion}|${budget}`, text: recText(winner, `Within the ${budget} budget, `, c), product: winner },
    {
      key: `${criterionGuess}|${budget}`,
      text: recText(otherBest, `Within the ${budget} budget, `, o),
      product: otherBest,
    },
    { key: `${criterion}|`, text: recText(star, '', c), product: star },
  ];

  const values: Record<string, string> = { criterion, winnerPrice };
  const words = (text: string) =>
    wordCount(text.replace(/\{\{fact:([a-zA-Z0-9]+)\}\}/g, (_, id: string) => values[id] ?? id));
  const lo = Math.max(words(methodShort), ...recVariants.map((v) => words(v.text))) + 3;
  let maxWords: number;
  let alternative: number;
  do {
    maxWords = rng.int(lo + 2, lo + 25);
    alternative = rng.int(lo, maxWords - 1);
  } while (
    [criterion, budget, excluded.brand, winnerPrice, ...products.map((p) => p.name)].some((v) =>
      v.includes(String(maxWords)),
    )
  );
  let methodLong = methodShort;
  for (let i = 0; words(methodLong) < maxWords + 4; i++)
    methodLong += ` ${methodExtra[i % methodExtra.length] as string}`;
  const longWords = words(methodLong);

  const facts: Fact[] = [
    {
      id: 'winnerPrice',
      description: 'the official price of the recommended product',
      value: winnerPrice,
      guess: winnerPriceGuess,
    },
    { id: 'criterion', description: 'what the recommendation ranks by', value: criterion, guess: criterionGuess },
    { id: 'budget', description: 'the budget the recommendation must fit', value: budget, guess: '' },
    { id: 'excludedBrand', description: 'the brand to leave out', value: excluded.brand, guess: '' },
    {
      id: 'maxWords',
      description: 'the most words of the method and recommendation sections',
      value: String(maxWords),
      guess: NO_LIMIT_GUESS,
      alternative: String(alternative),
    },
  ];

  const constraints: Constraint[] = [
    {
      id: 'table',
      text: `The "${H.table}" section lists ${included.map((p) => p.name).join(', ')} with their official prices`,
      kind: 'section-mentions',
      params: { heading: H.table, mentions: included.flatMap((p) => [p.name, money(p.price)]) },
      facts: [],
      scope: 'goal',
      late: false,
    },
    {
      id: 'table-sources',
      text: `The "${H.table}" section cites each product's official spec sheet`,
      kind: 'section-cites',
      params: { heading: H.table, urls: included.map(specsUrl) },
      facts: [],
      scope: 'goal',
      late: false,
    },
    {
      id: 'excluded-brand',
      text: `${excluded.brand} appears nowhere in the report`,
      kind: 'report-excludes',
      params: { forbidden: [excluded.brand] },
      facts: ['excludedBrand'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'recommendation',
      text: `The "${H.recommendation}" section recommends the ${winner.name}`,
      kind: 'section-mentions',
      params: { heading: H.recommendation, mentions: [winner.name] },
      facts: ['criterion', 'budget'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'within-budget',
      text: `The "${H.recommendation}" section does not recommend the over-budget ${star.name}`,
      kind: 'section-excludes',
      params: { heading: H.recommendation, forbidden: [star.name] },
      facts: ['budget'],
      scope: 'invariant',
      late: true,
    },
    {
      id: 'recommendation-price',
      text: `The "${H.recommendation}" section gives its official price, ${winnerPrice}, citing ${pricingUrl(winner)}`,
      kind: 'section-mentions',
      params: { heading: H.recommendation, mentions: [winnerPrice] },
      facts: ['winnerPrice'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'recommendation-source',
      text: `The "${H.recommendation}" section cites ${pricingUrl(winner)}`,
      kind: 'section-cites',
      params: { heading: H.recommendation, urls: [pricingUrl(winner)] },
      facts: [],
      scope: 'goal',
      late: true,
    },
    {
      id: 'max-words',
      text: `The "${H.method}" and "${H.recommendation}" sections are at most ${maxWords} words each`,
      kind: 'max-words',
      params: { max: String(maxWords), headings: [H.method, H.recommendation] },
      facts: ['maxWords'],
      scope: 'invariant',
      late: true,
    },
    {
      id: 'order',
      text: `The sections ${order.map((h) => `"${h}"`).join(', ')} appear in this order`,
      kind: 'section-order',
      params: { headings: order },
      facts: [],
      scope: 'goal',
      late: true,
    },
    {
      id: 'cited',
      text: 'The table and the recommendation cite their sources',
      kind: 'all-cited',
      params: { headings: [H.table, H.recommendation] },
      facts: [],
      scope: 'goal',
      late: false,
      subgoal: true,
    },
    {
      id: 'no-collateral',
      text: `The "${H.notes}" section and everything else stay as they are`,
      kind: 'no-collateral',
      params: { allow: order.map(sectionEntity) },
      facts: [],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'answer',
      text: 'The final answer names the recommended product and its price',
      kind: 'answer-mentions',
      params: { mentions: [winner.name, winnerPrice] },
      facts: ['criterion', 'budget', 'winnerPrice'],
      scope: 'goal',
      late: true,
    },
  ];

  // The oracle plan.
  const Pl = PLANNER.id;
  const E = EXECUTOR.id;
  const R = REVIEWER.id;
  const b = new PlanBuilder();
  const query = `${cat.kind} comparison`;
  b.tool(Pl, 'search', { query, page: 1 }, { note: 'find the candidates' })
    .tool(Pl, 'search', { query, page: 2 })
    .tool(Pl, 'open_page', { url: cmpHost })
    .tool(
      Pl,
      'follow_link',
      { url: cmpHost, link: 1 },
      {
        learn: [{ fact: 'winnerPrice', pattern: `${escapeRegExp(winner.name)}: ([€$£][0-9,]+)` }],
        note: 'a comparison site: a secondary source for prices (reached by link; the authoritative pages are opened by URL)',
      },
    );
  for (const p of rows) {
    b.tool(Pl, 'open_page', { url: productUrl(p) });
    b.tool(
      Pl,
      'open_page',
      { url: specsUrl(p) },
      { note: p === excluded ? 'the excluded brand: read, but never list it' : 'the official spec sheet' },
    );
  }
  b.tool(
    Pl,
    'open_page',
    { url: url(newsHost, newsPath) },
    { note: 'news of a price cut: the old price is no longer valid' },
  );
  if (rng.chance(0.5)) b.tool(Pl, 'list_site', { site: winner.host });
  b.tool(Pl, 'open_page', { url: pricingUrl(star) }, { note: 'the star is over budget' })
    .tool(
      Pl,
      'open_page',
      { url: pricingUrl(winner) },
      {
        learn: [{ fact: 'winnerPrice', pattern: `${escapeRegExp(winner.model)}: ([€$£][0-9,]+)` }],
        verification: true,
        note: "the maker's pricing page is authoritative",
      },
    )
    .tool(Pl, 'read_report', {})
    .handoff(
      Pl,
      E,
      `Write the comparison: sections ${order.map((h) => `"${h}"`).join(', ')} in this order, after the user's "${H.notes}" section, which stays untouched. Compare ${included.map((p) => p.name).join(', ')} (leave out ${fact('excludedBrand')}); recommend the product with the ${fact('criterion')} within the ${fact('budget')} budget; at most ${fact('maxWords')} words in the method and the recommendation. The winner's official price is ${fact('winnerPrice')}.`,
      FACT_ORDER,
    );

  const dropExcluded: PlanCondition = { op: 'equals', left: fact('excludedBrand'), right: excluded.brand };
  const keepExcluded: PlanCondition = { op: 'notEquals', left: fact('excludedBrand'), right: excluded.brand };
  b.tool(E, 'read_report', {});
  const writeTable = () => {
    for (const p of rows) b.tool(E, 'open_page', { url: specsUrl(p) }, p === excluded ? { when: keepExcluded } : {});
    b.tool(
      E,
      'write_report',
      { section: H.table, text: tableText(included), citations: included.map(specsUrl) },
      { when: dropExcluded },
    ).tool(
      E,
      'write_report',
      { section: H.table, text: tableText(rows), citations: rows.map(specsUrl) },
      { when: keepExcluded, note: 'the excluded brand is listed only when nobody said to leave it out' },
    );
  };
  const writeMethod = () => {
    b.tool(
      E,
      'write_report',
      { section: H.method, text: methodLong, citations: [cmpUrl] },
      { when: { op: 'lte', left: String(longWords), right: fact('maxWords') } },
    ).tool(
      E,
      'write_report',
      { section: H.method, text: methodShort, citations: [cmpUrl] },
      {
        when: { op: 'gt', left: String(longWords), right: fact('maxWords') },
        note: 'the long note would break the word limit',
      },
    );
  };
  for (const h of order) {
    if (h === H.table) writeTable();
    else if (h === H.method) writeMethod();
    else {
      b.tool(E, 'open_page', { url: pricingUrl(winner) });
      for (const v of recVariants) {
        b.tool(
          E,
          'write_report',
          { section: H.recommendation, text: v.text, citations: [pricingUrl(v.product), specsUrl(v.product)] },
          { when: { op: 'equals', left: `${fact('criterion')}|${fact('budget')}`, right: v.key } },
        );
      }
    }
  }
  b.tool(E, 'read_report', {})
    .handoff(
      E,
      R,
      `The comparison is written: ${order.map((h) => `"${h}"`).join(', ')}. Please check the table against the spec sheets and the recommendation (${fact('criterion')} within ${fact('budget')}, official price ${fact('winnerPrice')}).`,
      ['criterion', 'budget', 'winnerPrice', 'excludedBrand'],
    )
    .tool(R, 'read_report', {})
    .tool(R, 'open_page', { url: pricingUrl(winner) })
    .tool(R, 'open_page', { url: specsUrl(winner) })
    .tool(R, 'open_page', { url: cmpUrl })
    .tool(
      R,
      'search',
      { query: `${winner.name} ${fact('winnerPrice')}` },
      { note: 'no newer official price is out there' },
    )
    .tool(R, 'read_report', {})
    .handoff(
      R,
      Pl,
      'Verified: the table matches the spec sheets, the recommendation fits the budget and cites the official price, the notes are untouched.',
      [],
    )
    .finish(
      Pl,
      `Compared ${included.length} ${cat.plural}. Recommended: the ${winner.name}, with the ${fact('criterion')} within the ${fact('budget')} budget, at ${fact('winnerPrice')} (${pricingUrl(winner)}).`,
    );

  const request = compareRequest(rng, {
    kind: cat.plural,
    names: included.map((p) => p.name),
    excluded: excluded.brand,
    excludedName: excluded.name,
    criterion,
    budget,
    maxWords,
    order,
    notes: H.notes,
    cmpName,
  });
  return {
    request,
    facts,
    constraints,
    world: { sites, report: { title: `${cat.plural} compared`, sections: [notes] } },
    plan: b,
  };
}

interface RequestFacts {
  readonly kind: string;
  readonly names: readonly string[];
  readonly excluded: string;
  readonly excludedName: string;
  readonly criterion: string;
  readonly budget: string;
  readonly maxWords: number;
  readonly order: readonly string[];
  readonly notes: string;
  readonly cmpName: string;
}

/** The user's words: every constraint and every stated fact value, in seeded wording and order. */
function compareRequest(rng: Rng, f: RequestFacts): string {
  const list = f.order.map((h) => `"${h}"`).join(', ');
  const intro = sentence(rng, [
    `We are choosing between ${f.kind}. Please compare them and write it up in the report.`,
    `I need a comparison of the ${f.kind} on the market, written into the report.`,
    `Could you compare the current ${f.kind} for us and write a cited comparison in the report?`,
  ]);
  const body = shuffledSentences(rng, [
    [`Use the sections ${list}, in exactly that order.`, `The report needs these sections, in this order: ${list}.`],
    [
      `Recommend the one with the ${f.criterion} that fits our budget of ${f.budget}.`,
      `Our pick should be the product with the ${f.criterion} among those within a budget of ${f.budget}.`,
    ],
    [
      `Leave ${f.excluded} out entirely (we had a bad experience with them): no row, no mention.`,
      `Don't include anything from ${f.excluded} — not even a mention.`,
    ],
    [
      `Prices and specs must come from each maker's official pricing page and spec sheet; ${f.cmpName} and news are fine for finding candidates, but the maker's own page wins.`,
      `Take every price from the maker's official pricing page (it is authoritative, whatever ${f.cmpName} or the news say) and every spec from its official spec sheet.`,
    ],
    [
      `Keep the method and the recommendation to at most ${f.maxWords} words each.`,
      `The method and recommendation sections may be no longer than ${f.maxWords} words each.`,
    ],
    [
      `Cite the pages you used in the table and the recommendation.`,
      `The table and the recommendation must cite their sources.`,
    ],
    [`Leave my "${f.notes}" section exactly as it is.`, `Don't touch the "${f.notes}" section; it's mine.`],
  ]);
  const outro = sentence(rng, [
    'Finish by telling me the product you recommend and its price.',
    'When you are done, tell me which product you picked and what it costs.',
  ]);
  return [intro, ...body, outro].join(' ');
}

/** The compare-products task family. */
export const compareProductsFamily = defineTaskFamily({
  id: FAMILY_ID,
  version: FAMILY_VERSION,
  description:
    "Compare several products from their makers' official pages into a cited table, a method note and a recommendation by a criterion within a budget, leaving one brand out.",
  world: mockWebWorld,
  maxEpisodeSteps: 120,
  roles: [PLANNER, EXECUTOR, REVIEWER],
  factOrder: FACT_ORDER,
  build: buildCompareProducts,
});

/** Generates one compare-products task without the memo, drawing straight from `rng` (see `generateUnmemoized`). */
export const generateCompareProducts = compareProductsFamily.generateUnmemoized;
