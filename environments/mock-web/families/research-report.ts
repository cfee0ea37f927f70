/**
 * Task family `mock-web/research-report`: research one product on a seeded web and write a short
 * cited report about it — an overview, two specs from the official spec sheet, the official price
 * and the reception by one review site — in the user's section order, under a word limit, without
 * citing a site the user ruled out, without mentioning the predecessor model, and without touching
 * the user's own notes section.
 *
 * How lost facts bite: the product name, the specs and the price flow into the written sections;
 * the forum is opened and cited only when the excluded site is unknown; the overview gets its long
 * form only when the word limit allows it (an unknown limit is assumed generous). The price is
 * learned from the world: the review site states it (a secondary source), the official pricing
 * page is authoritative, and the request says so.
 */
import type { Rng } from '../../../src/core/rng.js';
import { defineTaskFamily, type TaskContent } from '../../../src/world/define-task-family.js';
import { escapeRegExp } from '../../../src/core/regexp.js';
import type { Constraint, Fact } from '../../../src/team/world.js';
import type { ReportSection, WebPage, WebState } from '../state.js';
import { sectionEntity, wordCount } from '../state.js';
import { mockWebWorld } from '../world.js';
import {
  ADJECTIVES,
  BRANDS,
  CATEGORIES,
  EXCLUDABLE_SITES,
  HEADINGS,
  LINES,
  MONTHS,
  NEWS_SITES,
  REVIEW_SITES,
  groupThousands,
  slug,
  type SpecKind,
} from './names.js';
import { EXECUTOR, PLANNER, REVIEWER } from './plan.js';
import { PlanBuilder, fact } from '../../../src/world/plan-builder.js';
import { sentence, shuffledSentences } from '../../../src/world/wording.js';

const FAMILY_ID = 'research-report';
const FAMILY_VERSION = 1;
const FACT_ORDER = ['product', 'excludedSite', 'maxWords', 'spec1', 'spec2', 'price'] as const;
/** What a teammate who never heard of a word limit assumes. */
const NO_LIMIT_GUESS = '200';

type Kind = keyof typeof HEADINGS;
type SectionKind = Exclude<Kind, 'notes'>;

/** A page while the web is being generated. */
interface Draft {
  readonly host: string;
  readonly path: string;
  readonly page: WebPage;
}

/** Reads a spec's value off a spec sheet or product page (`Label: 1,234 unit`). */
function specPattern(spec: SpecKind): string {
  return `${escapeRegExp(spec.label)}: ([0-9,]+ ${escapeRegExp(spec.unit)})`;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function specValue(rng: Rng, spec: SpecKind): string {
  const n = spec.min + spec.step * rng.int(0, Math.floor((spec.max - spec.min) / spec.step));
  return `${groupThousands(n)} ${spec.unit}`;
}

/** True when no two strings contain one another (case-insensitive). */
function disjoint(values: readonly string[]): boolean {
  const low = values.map((v) => v.toLowerCase());
  return low.every((a, i) => low.every((b, j) => i === j || !a.includes(b)));
}

/** Draws the content of one research-report task. Pure in `rng`. */
function buildResearchReport(rng: Rng): TaskContent<WebState> {
  const cat = rng.pick(CATEGORIES);
  const brand = rng.pick(BRANDS);
  const line = rng.pick(LINES);
  const gen = rng.int(2, 9);
  const product = `${line} ${gen}`;
  const predecessor = `${line} ${gen - 1}`;
  const sibling = `${rng.pick(LINES.filter((l) => l !== line))} ${rng.int(1, 9)}`;
  const adj = rng.pick(ADJECTIVES);
  const cur = rng.pick(['€', '$', '£']);
  const [spec1Kind, spec2Kind] = cat.specs;

  // Values: the product's, the predecessor's (the plausible wrong ones), prices.
  let spec1: string;
  let spec2: string;
  let pred1: string;
  let pred2: string;
  let price: string;
  let launchPrice: string;
  let predPrice: string;
  let siblingPrice: string;
  let dealPrice: string;
  for (;;) {
    spec1 = specValue(rng, spec1Kind);
    spec2 = specValue(rng, spec2Kind);
    pred1 = specValue(rng, spec1Kind);
    pred2 = specValue(rng, spec2Kind);
    const base = rng.int(Math.ceil(cat.price[0] / 10), Math.floor(cat.price[1] / 10)) * 10 - 1;
    const money = (n: number) => `${cur}${groupThousands(n)}`;
    price = money(base);
    launchPrice = money(base - 10 * rng.int(3, 30));
    predPrice = money(base - 10 * rng.int(31, 60));
    siblingPrice = money(base + 10 * rng.int(5, 40));
    dealPrice = money(base - 10 * rng.int(61, 80));
    if (disjoint([spec1, spec2, pred1, pred2]) && disjoint([price, launchPrice, predPrice, siblingPrice, dealPrice]))
      break;
  }

  const officialHost = `${brand.toLowerCase()}.example`;
  const [reviewHost, reviewName] = rng.pick(REVIEW_SITES);
  const [exHost, exName] = rng.pick(EXCLUDABLE_SITES);
  const news = rng.sample(NEWS_SITES, 2);
  const year = rng.int(2023, 2026);
  const launchMonth = rng.int(1, 6);
  const score = rng.int(6, 9);
  const [pro, pro2] = rng.sample(cat.pros, 2) as [string, string];
  const con = rng.pick(cat.cons);
  const ps = slug(product);
  const pps = slug(predecessor);

  // The web.
  const productPath = `products/${ps}`;
  const specsPath = `products/${ps}/specs`;
  const predPath = `products/${pps}`;
  const predSpecsPath = `products/${pps}/specs`;
  const pricingPath = 'pricing';
  const pressPath = `press/${ps}-launch`;
  const url = (host: string, path: string) => (path ? `${host}/${path}` : host);
  const productUrl = url(officialHost, productPath);
  const specsUrl = url(officialHost, specsPath);
  const predSpecsUrl = url(officialHost, predSpecsPath);
  const pricingUrl = url(officialHost, pricingPath);
  const pressUrl = url(officialHost, pressPath);
  const reviewUrl = url(reviewHost, `reviews/${ps}`);
  const threadUrl = url(exHost, `threads/${ps}-${rng.int(100, 999)}`);
  const launchDate = isoDate(year, launchMonth, rng.int(1, 28));
  const reviewDate = isoDate(year, launchMonth + rng.int(1, 3), rng.int(1, 28));
  const pricingDate = isoDate(year, rng.int(10, 12), rng.int(1, 28));
  const oldDate = isoDate(year - 1, rng.int(1, 12), rng.int(1, 28));
  const day = () => isoDate(year, rng.int(launchMonth, 12), rng.int(1, 28));

  const drafts: Draft[] = [];
  const add = (
    host: string,
    path: string,
    title: string,
    date: string,
    text: string,
    links: { text: string; url: string }[] = [],
  ) => drafts.push({ host, path, page: { title, date, text, links } });

  const productLinks = rng.shuffle([
    { text: 'Full specifications', url: specsUrl },
    { text: 'Prices', url: pricingUrl },
    { text: 'Launch announcement', url: pressUrl },
    { text: `The ${predecessor}`, url: url(officialHost, predPath) },
  ]);
  const pressLink = productLinks.findIndex((l) => l.url === pressUrl) + 1;
  const specSheet = (name: string, a: string, b: string) =>
    [
      `Specifications of the ${brand} ${name}`,
      ...rng.shuffle([`${spec1Kind.label}: ${a}`, `${spec2Kind.label}: ${b}`, ...cat.extras]),
    ].join('\n');

  add(
    officialHost,
    '',
    `${brand} — ${cat.plural}`,
    day(),
    `${brand} designs ${cat.plural}. The current line-up: the ${product}, the ${predecessor} and the ${sibling}.`,
    [
      { text: product, url: productUrl },
      { text: predecessor, url: url(officialHost, predPath) },
      { text: sibling, url: url(officialHost, `products/${slug(sibling)}`) },
      { text: 'Prices', url: pricingUrl },
    ],
  );
  add(
    officialHost,
    productPath,
    `${brand} ${product}`,
    launchDate,
    `The ${product} is ${brand}'s ${adj} ${cat.kind}, built around its ${pro}. It succeeds the ${predecessor}.\nKey figure — ${spec2Kind.label}: ${spec2}.\nSee the full specifications for every detail.`,
    productLinks,
  );
  add(officialHost, specsPath, `${product} — specifications`, launchDate, specSheet(product, spec1, spec2), [
    { text: `Back to the ${product}`, url: productUrl },
  ]);
  add(
    officialHost,
    predPath,
    `${brand} ${predecessor}`,
    oldDate,
    `The ${predecessor} was ${brand}'s ${cat.kind} of ${year - 1}.\nKey figure — ${spec2Kind.label}: ${pred2}.`,
    [{ text: 'Full specifications', url: predSpecsUrl }],
  );
  add(officialHost, predSpecsPath, `${predecessor} — specifications`, oldDate, specSheet(predecessor, pred1, pred2), [
    { text: `Back to the ${predecessor}`, url: url(officialHost, predPath) },
  ]);
  add(
    officialHost,
    `products/${slug(sibling)}`,
    `${brand} ${sibling}`,
    day(),
    `The ${sibling} is ${brand}'s entry-level ${cat.kind}.`,
    [{ text: 'Prices', url: pricingUrl }],
  );
  add(
    officialHost,
    pricingPath,
    `${brand} prices`,
    pricingDate,
    [
      `Current prices, updated ${pricingDate}. Prices include sales tax.`,
      ...rng.shuffle([`${product}: ${price}`, `${predecessor}: ${predPrice}`, `${sibling}: ${siblingPrice}`]),
    ].join('\n'),
    [{ text: product, url: productUrl }],
  );
  add(
    officialHost,
    pressPath,
    `${brand} announces the ${product}`,
    launchDate,
    `${brand} today announced the ${product}, its new ${cat.kind}, with a ${spec1Kind.label.toLowerCase()} of ${spec1}, at a launch price of ${launchPrice}. Pre-orders open in ${MONTHS[launchMonth - 1]}.`,
    [{ text: product, url: productUrl }],
  );

  add(reviewHost, '', reviewName, day(), `${reviewName}: independent reviews of ${cat.plural} and more.`, [
    { text: `${brand} ${product} review`, url: reviewUrl },
    { text: `${brand} ${predecessor} review`, url: url(reviewHost, `reviews/${pps}`) },
  ]);
  add(
    reviewHost,
    `reviews/${ps}`,
    `${brand} ${product} review`,
    reviewDate,
    `Verdict: ${score}/10. The ${product} impresses with its ${pro}, though its ${con} holds it back. At the time of writing it sells for ${price} on ${brand}'s store.`,
    [{ text: `${brand} store`, url: productUrl }],
  );
  add(
    reviewHost,
    `reviews/${pps}`,
    `${brand} ${predecessor} review`,
    oldDate,
    `Verdict: ${rng.int(5, 8)}/10. The ${predecessor} is a solid ${cat.kind}. It sells for ${predPrice}.`,
  );
  add(
    reviewHost,
    `best-${slug(cat.plural)}`,
    `The best ${cat.plural} of ${year}`,
    day(),
    `Our picks this year include the ${brand} ${product}, the ${brand} ${sibling} and models from other makers.`,
    [{ text: product, url: reviewUrl }],
  );

  add(exHost, '', exName, day(), `${exName}: owners and bargain hunters talk ${cat.plural}.`, [
    { text: `${product} owners thread`, url: threadUrl },
  ]);
  add(
    exHost,
    threadUrl.slice(exHost.length + 1),
    `${product} — owners thread`,
    day(),
    `Got my ${product} last week, paid ${dealPrice} in a flash sale. Pretty sure the ${spec1Kind.label.toLowerCase()} is really more like ${pred1}. Mixed feelings so far.`,
  );
  add(
    exHost,
    `threads/${pps}-${rng.int(100, 999)}`,
    `${predecessor} — still worth it?`,
    oldDate,
    `Is the ${predecessor} still worth it at ${predPrice}?`,
  );

  const articles: string[] = [];
  for (const [host, name] of news) {
    add(host, '', name, day(), `${name}: technology and market news.`);
    for (const headline of rng.sample(
      [
        `${brand} ${product} hits stores`,
        `${brand} expands its ${cat.kind} line-up`,
        `Price war among ${cat.plural}`,
        `What to look for in a ${cat.kind}`,
      ],
      rng.int(1, 2),
    )) {
      const path = `${year}/${slug(headline)}`;
      add(
        host,
        path,
        headline,
        day(),
        `${headline}. ${brand}'s ${product} ${rng.pick(['draws crowds on launch day', 'sells out its first batch', 'arrives after months of teasers'])}, ${name} reports, while rivals cut prices on older models.`,
      );
      articles.push(url(host, path));
    }
  }

  const sites: Record<string, { name: string; pages: Record<string, WebPage> }> = {};
  const siteNames: Record<string, string> = {
    [officialHost]: brand,
    [reviewHost]: reviewName,
    [exHost]: exName,
    ...Object.fromEntries(news),
  };
  for (const d of drafts) {
    const site = (sites[d.host] ??= { name: siteNames[d.host] ?? d.host, pages: {} });
    site.pages[d.path] = d.page;
  }

  // The report: the user's notes section, and four sections to write in the requested order.
  const heading = (k: Kind) => rng.pick(HEADINGS[k]);
  const H: Record<Kind, string> = {
    overview: heading('overview'),
    specs: heading('specs'),
    pricing: heading('pricing'),
    reception: heading('reception'),
    notes: heading('notes'),
  };
  const order = rng.shuffle<SectionKind>(['overview', 'specs', 'pricing', 'reception']);
  const headings = order.map((k) => H[k]);
  const notes: ReportSection = {
    heading: H.notes,
    text: rng.pick([
      `Reminder to self: keep this factual and short, and cite every page used.`,
      `Draft for the ${rng.pick(['Monday', 'Thursday', 'Friday'])} team meeting; sources must be linked.`,
      `Check later whether accessories are worth a separate brief.`,
    ]),
    citations: [],
  };

  const P = fact('product');
  const overviewShort = `The ${P} is ${brand}'s ${adj} ${cat.kind}, built around its ${pro}.`;
  const background = [
    `It was announced in ${MONTHS[launchMonth - 1]} ${year} and went on sale shortly after.`,
    `${brand} pitches it at buyers who want ${pro2} without compromise.`,
    `${news[0]?.[1]} reported that early stock sold out within weeks.`,
    'The launch drew wide coverage in the trade press and on video channels.',
    `${brand} says more accessories will follow later in ${year}.`,
    'Reviewers broadly agree that it is a clear step up from earlier models.',
    'Availability now covers most of Europe and North America.',
    'Firmware updates have added several features since launch.',
    'Spare parts and repairs are handled through authorised dealers.',
    'The company offers a two-year warranty in most markets.',
  ];
  const specsText = `According to ${brand}'s official spec sheet, the ${P} offers ${spec1Kind.label.toLowerCase()} of ${fact('spec1')} and ${spec2Kind.label.toLowerCase()} of ${fact('spec2')}.`;
  const pricingText = `${brand}'s official pricing page lists the ${P} at ${fact('price')} (updated ${pricingDate}).`;
  const receptionText = `${reviewName} scores the ${P} ${score}/10, praising its ${pro} while criticising its ${con}.`;
  const receptionWithForum = `${receptionText} Owners on ${exName} report mixed feelings so far.`;

  const values: Record<string, string> = { product, spec1, spec2, price };
  const words = (text: string) =>
    wordCount(text.replace(/\{\{fact:([a-zA-Z0-9]+)\}\}/g, (_, id: string) => values[id] ?? id));
  const lo =
    Math.max(
      words(overviewShort),
      words(specsText),
      words(pricingText),
      words(receptionWithForum),
      wordCount(notes.text),
    ) + 3;
  let maxWords: number;
  let alternative: number;
  const others = [product, exHost, spec1, spec2, price];
  do {
    maxWords = rng.int(lo + 2, lo + 28);
    alternative = rng.int(lo, maxWords - 1);
  } while (others.some((v) => v.includes(String(maxWords)) || String(maxWords).includes(v)));
  let overviewLong = overviewShort;
  for (let i = 0; words(overviewLong) < maxWords + 4; i++)
    overviewLong += ` ${background[i % background.length] as string}`;
  const longWords = words(overviewLong);

  const facts: Fact[] = [
    { id: 'product', description: 'the product to research', value: product, guess: predecessor },
    { id: 'excludedSite', description: 'the site that must not be cited', value: exHost, guess: '' },
    {
      id: 'maxWords',
      description: 'the most words a report section may have',
      value: String(maxWords),
      guess: NO_LIMIT_GUESS,
      alternative: String(alternative),
    },
    { id: 'spec1', description: `the ${spec1Kind.label.toLowerCase()} of the product`, value: spec1, guess: pred1 },
    { id: 'spec2', description: `the ${spec2Kind.label.toLowerCase()} of the product`, value: spec2, guess: pred2 },
    { id: 'price', description: 'the official price of the product', value: price, guess: launchPrice },
  ];

  const constraints: Constraint[] = [
    {
      id: 'overview',
      text: `The "${H.overview}" section introduces the ${product}`,
      kind: 'section-mentions',
      params: { heading: H.overview, mentions: [product] },
      facts: ['product'],
      scope: 'goal',
      late: false,
    },
    {
      id: 'specs',
      text: `The "${H.specs}" section gives the ${spec1Kind.label.toLowerCase()} (${spec1}) and ${spec2Kind.label.toLowerCase()} (${spec2}) from the official spec sheet`,
      kind: 'section-mentions',
      params: { heading: H.specs, mentions: [spec1, spec2] },
      facts: ['spec1', 'spec2'],
      scope: 'goal',
      late: false,
    },
    {
      id: 'price',
      text: `The "${H.pricing}" section gives the official price, ${price}`,
      kind: 'section-mentions',
      params: { heading: H.pricing, mentions: [price] },
      facts: ['price'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'price-source',
      text: `The "${H.pricing}" section cites ${pricingUrl}`,
      kind: 'section-cites',
      params: { heading: H.pricing, urls: [pricingUrl] },
      facts: [],
      scope: 'goal',
      late: true,
    },
    {
      id: 'reception-source',
      text: `The "${H.reception}" section cites the ${reviewName} review (${reviewUrl})`,
      kind: 'section-cites',
      params: { heading: H.reception, urls: [reviewUrl] },
      facts: [],
      scope: 'goal',
      late: false,
    },
    {
      id: 'excluded-source',
      text: `No section cites ${exHost}`,
      kind: 'excluded-source',
      params: { host: exHost },
      facts: ['excludedSite'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'only-product',
      text: `The report never mentions the ${predecessor}`,
      kind: 'report-excludes',
      params: { forbidden: [predecessor] },
      facts: ['product'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'max-words',
      text: `No section is longer than ${maxWords} words`,
      kind: 'max-words',
      params: { max: String(maxWords) },
      facts: ['maxWords'],
      scope: 'invariant',
      late: true,
    },
    {
      id: 'order',
      text: `The sections ${headings.map((h) => `"${h}"`).join(', ')} appear in this order`,
      kind: 'section-order',
      params: { headings },
      facts: [],
      scope: 'goal',
      late: true,
    },
    {
      id: 'cited',
      text: 'Every new section cites the pages it draws on',
      kind: 'all-cited',
      params: { headings },
      facts: [],
      scope: 'goal',
      late: false,
      subgoal: true,
    },
    {
      id: 'no-collateral',
      text: `The "${H.notes}" section and everything else stay as they are`,
      kind: 'no-collateral',
      params: { allow: headings.map(sectionEntity) },
      facts: [],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'answer',
      text: 'The final answer states the price reported',
      kind: 'answer-mentions',
      params: { mentions: [price] },
      facts: ['price'],
      scope: 'goal',
      late: true,
    },
  ];

  // The oracle plan.
  const Pl = PLANNER.id;
  const E = EXECUTOR.id;
  const R = REVIEWER.id;
  const b = new PlanBuilder();
  const query = `${P} ${cat.kind}`;
  b.tool(Pl, 'search', { query, page: 1 }, { note: 'find the official pages, reviews and news' })
    .tool(Pl, 'search', { query, page: 2 })
    .tool(Pl, 'list_site', { site: officialHost })
    .tool(Pl, 'open_page', { url: productUrl })
    .tool(
      Pl,
      'follow_link',
      { url: productUrl, link: pressLink },
      {
        learn: [
          {
            fact: 'spec1',
            pattern: `${escapeRegExp(spec1Kind.label.toLowerCase())} of ([0-9,]+ ${escapeRegExp(spec1Kind.unit)})`,
          },
        ],
        note: 'the launch announcement (a secondary source; its launch price is not the current price)',
      },
    )
    .tool(
      Pl,
      'follow_link',
      { url: pressUrl, link: 1 },
      {
        learn: [{ fact: 'spec2', pattern: specPattern(spec2Kind) }],
        note: 'back on the product page: one key figure (a secondary source)',
      },
    )
    .tool(Pl, 'open_page', { url: predSpecsUrl }, { note: "the predecessor's numbers, not to be mixed up" })
    .tool(Pl, 'open_page', { url: reviewHost })
    .tool(
      Pl,
      'follow_link',
      { url: reviewHost, link: 1 },
      {
        learn: [{ fact: 'price', pattern: 'sells for ([€$£][0-9,]+)' }],
        note: 'the review states a price (a secondary source)',
      },
    )
    .tool(Pl, 'open_page', { url: threadUrl }, { note: 'a forum the user ruled out: read, never cite' });
  for (const a of rng.sample(articles, rng.int(1, Math.min(3, articles.length)))) b.tool(Pl, 'open_page', { url: a });
  if (rng.chance(0.5)) b.tool(Pl, 'list_site', { site: reviewHost });
  // Authoritative sources last, each by URL with open_page: secondary sources are all reached with
  // follow_link, so a data fault that stays on a secondary source never reaches an authoritative one.
  b.tool(
    Pl,
    'open_page',
    { url: specsUrl },
    {
      learn: [{ fact: 'spec1', pattern: specPattern(spec1Kind) }],
      verification: true,
      note: 'the official spec sheet is authoritative',
    },
  )
    .tool(
      Pl,
      'open_page',
      { url: pricingUrl },
      {
        learn: [{ fact: 'price', pattern: `${escapeRegExp(product)}: ([€$£][0-9,]+)` }],
        verification: true,
        note: 'the official pricing page is authoritative',
      },
    )
    .tool(
      Pl,
      'open_page',
      { url: specsUrl },
      {
        learn: [{ fact: 'spec2', pattern: specPattern(spec2Kind) }],
        verification: true,
        note: 'confirm the key figure on the spec sheet',
      },
    )
    .tool(Pl, 'read_report', {})
    .handoff(
      Pl,
      E,
      `Write the report on the ${brand} ${fact('product')}: sections ${headings.map((h) => `"${h}"`).join(', ')} in this order, after the user's "${H.notes}" section, which stays untouched. Sources: ${productUrl} (overview), ${specsUrl} (specs), ${pricingUrl} (the official price), ${reviewUrl} (reception). Never cite ${fact('excludedSite')}, never mention the ${predecessor}, at most ${fact('maxWords')} words per section.`,
      FACT_ORDER,
    );

  const forumAllowed = { op: 'notStartsWith', left: threadUrl, right: fact('excludedSite') } as const;
  const forumExcluded = { op: 'startsWith', left: threadUrl, right: fact('excludedSite') } as const;
  const longFits = { op: 'lte', left: String(longWords), right: fact('maxWords') } as const;
  const longTooLong = { op: 'gt', left: String(longWords), right: fact('maxWords') } as const;
  b.tool(E, 'read_report', {});
  for (const k of order) {
    switch (k) {
      case 'overview':
        b.tool(E, 'open_page', { url: productUrl })
          .tool(E, 'open_page', { url: pressUrl }, { when: longFits })
          .tool(
            E,
            'write_report',
            { section: H.overview, text: overviewLong, citations: [productUrl, pressUrl] },
            { when: longFits, note: 'the limit allows the long overview' },
          )
          .tool(
            E,
            'write_report',
            { section: H.overview, text: overviewShort, citations: [productUrl] },
            { when: longTooLong, note: 'the long overview would break the word limit' },
          );
        break;
      case 'specs':
        b.tool(E, 'open_page', { url: specsUrl }).tool(E, 'write_report', {
          section: H.specs,
          text: specsText,
          citations: [specsUrl],
        });
        break;
      case 'pricing':
        b.tool(E, 'open_page', { url: pricingUrl }).tool(E, 'write_report', {
          section: H.pricing,
          text: pricingText,
          citations: [pricingUrl],
        });
        break;
      case 'reception':
        b.tool(E, 'open_page', { url: reviewUrl })
          .tool(E, 'open_page', { url: threadUrl }, { when: forumAllowed })
          .tool(
            E,
            'write_report',
            { section: H.reception, text: receptionText, citations: [reviewUrl] },
            { when: forumExcluded },
          )
          .tool(
            E,
            'write_report',
            { section: H.reception, text: receptionWithForum, citations: [reviewUrl, threadUrl] },
            { when: forumAllowed, note: 'the forum is cited only when nobody said it was ruled out' },
          );
        break;
    }
  }
  b.tool(E, 'read_report', {})
    .handoff(
      E,
      R,
      `The report on the ${fact('product')} is written: ${headings.map((h) => `"${h}"`).join(', ')}. Please check the price (${fact('price')}) and the specs (${fact('spec1')}, ${fact('spec2')}) against the cited pages.`,
      ['product', 'price', 'spec1', 'spec2'],
    )
    .tool(R, 'read_report', {})
    .tool(R, 'open_page', { url: pricingUrl })
    .tool(R, 'open_page', { url: specsUrl })
    .tool(R, 'open_page', { url: reviewUrl })
    .tool(R, 'search', { query: `${P} ${fact('price')}` }, { note: 'no other official price is out there' })
    .tool(R, 'read_report', {})
    .handoff(
      R,
      Pl,
      'Verified: every section matches its cited page, the price is the official one, and the notes are untouched.',
      [],
    )
    .finish(
      Pl,
      `The report on the ${brand} ${P} is written: ${headings.length} sections (${headings.join(', ')}), each citing the pages it draws on. The official price is ${fact('price')} (${pricingUrl}).`,
    );

  const request = researchRequest(rng, {
    brand,
    product,
    predecessor,
    kind: cat.kind,
    exHost,
    exName,
    maxWords,
    headings,
    notes: H.notes,
    pricingUrl,
    specsUrl,
    reviewName,
    spec1: spec1Kind.label.toLowerCase(),
    spec2: spec2Kind.label.toLowerCase(),
  });
  const world: WebState = {
    sites: sites,
    report: { title: `${brand} ${product} — research brief`, sections: [notes] },
  };
  return {
    request,
    facts,
    constraints,
    world,
    plan: b,
  };
}

interface RequestFacts {
  readonly brand: string;
  readonly product: string;
  readonly predecessor: string;
  readonly kind: string;
  readonly exHost: string;
  readonly exName: string;
  readonly maxWords: number;
  readonly headings: readonly string[];
  readonly notes: string;
  readonly pricingUrl: string;
  readonly specsUrl: string;
  readonly reviewName: string;
  readonly spec1: string;
  readonly spec2: string;
}

/** The user's words: every constraint and every stated fact value, in seeded wording and order. */
function researchRequest(rng: Rng, f: RequestFacts): string {
  const list = f.headings.map((h) => `"${h}"`).join(', ');
  const intro = sentence(rng, [
    `Please research the ${f.brand} ${f.product} (${/^[aeiou]/.test(f.kind) ? 'an' : 'a'} ${f.kind}) on the web and write it up in the report.`,
    `I need a short research brief on the ${f.brand} ${f.product}, the ${f.kind}, written into the report.`,
    `Could you look into the ${f.brand} ${f.product} ${f.kind} and write a cited brief in the report?`,
  ]);
  const body = shuffledSentences(rng, [
    [`The report needs the sections ${list}, in exactly that order.`, `Use these sections, in this order: ${list}.`],
    [
      `Under the specs, give its ${f.spec1} and ${f.spec2} as the official spec sheet (${f.specsUrl}) states them; under the reception, summarize the ${f.reviewName} review.`,
      `The specs must be the ${f.spec1} and the ${f.spec2} from the official spec sheet, ${f.specsUrl}, which wins over any other page; the reception section should summarize what ${f.reviewName} wrote.`,
    ],
    [
      `For the price, ${f.brand}'s official pricing page (${f.pricingUrl}) is authoritative: it wins over reviews, press releases and anything else.`,
      `Take the price from the official pricing page, ${f.pricingUrl}; if another source disagrees, the official page wins.`,
    ],
    [
      `Do not cite ${f.exHost} (${f.exName}): it is not an acceptable source.`,
      `${f.exHost} is off limits as a source — never cite it.`,
    ],
    [
      `Keep it about the ${f.product} only: don't mention the ${f.predecessor}.`,
      `The ${f.predecessor} is out of scope; don't mention it anywhere.`,
    ],
    [`Each section must be at most ${f.maxWords} words.`, `No section may run longer than ${f.maxWords} words.`],
    [`Every section cites the pages its claims come from.`, `Cite your sources in every section.`],
    [`Leave my "${f.notes}" section exactly as it is.`, `Don't touch the "${f.notes}" section; it's mine.`],
  ]);
  const outro = sentence(rng, [
    'When you are done, tell me the price you reported.',
    'Finish by telling me the price you put in the report.',
  ]);
  return [intro, ...body, outro].join(' ');
}

/** The research-report task family. */
export const researchReportFamily = defineTaskFamily({
  id: FAMILY_ID,
  version: FAMILY_VERSION,
  description:
    'Research one product across official pages, a review site, a forum and news, and write a cited report in a given section order, under a word limit, with the official price, without an excluded source.',
  world: mockWebWorld,
  maxEpisodeSteps: 120,
  roles: [PLANNER, EXECUTOR, REVIEWER],
  factOrder: FACT_ORDER,
  build: buildResearchReport,
});

/** Generates one research-report task without the memo, drawing straight from `rng` (see `generateUnmemoized`). */
export const generateResearchReport = researchReportFamily.generateUnmemoized;
