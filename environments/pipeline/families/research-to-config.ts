/**
 * Task family `pipeline/research-to-config`: research a product on the web, then add it to a
 * shop's catalog — a config module in a software project — with the researched values, the
 * project's conventions, a registration in the index and a changelog line.
 *
 * Three roles, each at home in one world: the researcher reads the web (a review restates the
 * price and a press release the specs; the official pricing page and spec sheet are
 * authoritative; a forum is ruled out), the engineer writes the project and never sees the web,
 * and the reviewer checks the written values against the official pages. The web and the
 * research steps are a `mock-web/research-report` task's; the project scaffolding is the
 * filesystem world's. What this family adds is the hand-over between the two.
 *
 * How lost facts bite: the product's name and specs and the price flow into the entry; the
 * forum thread is linked only when the excluded site is unknown; the release version names the
 * changelog section; the product's name is also the final answer's.
 */
import type { Rng, Seed } from '../../../src/core/rng.js';
import { defineTaskFamily, type TaskContent } from '../../../src/world/define-task-family.js';
import { composedChecker, composedEntity, composedTool } from '../../../src/team/compose.js';
import type { Constraint, Fact } from '../../../src/team/world.js';
import { PlanBuilder, fact } from '../../../src/world/plan-builder.js';
import { sentence, shuffledSentences } from '../../../src/world/wording.js';
import { fromFiles } from '../../filesystem/state.js';
import { addChangelogSection, nextPatch, requestedRelease, versionTag } from '../../filesystem/families/project.js';
import { generateResearchReport } from '../../mock-web/families/research-report.js';
import { slug } from '../../mock-web/families/names.js';
import { FS, WEB, type PipelineState } from '../state.js';
import { pipelineWorld } from '../world.js';
import { productResearch } from './product-research.js';
import {
  CATALOG_INDEX,
  CHANGELOG,
  CONVENTIONS_DOC,
  constNameOf,
  entryPath,
  fieldName,
  generateCatalogRepo,
  renderEntry,
  renderIndex,
} from './catalog-repo.js';
import { ENGINEER, RESEARCHER, REVIEWER } from './roles.js';

const FAMILY_ID = 'research-to-config';
const FAMILY_VERSION = 1;
const FACT_ORDER = ['product', 'excludedSite', 'releaseVersion', 'spec1', 'spec2', 'price'] as const;

const web = (tool: string) => composedTool(WEB, tool);
const fs = (tool: string) => composedTool(FS, tool);

/** Draws the content of one task. Pure in `rng`. */
function buildResearchToConfig(rng: Rng, seed: Seed): TaskContent<PipelineState> {
  const R = RESEARCHER.id;
  const E = ENGINEER.id;
  const V = REVIEWER.id;
  const research = productResearch(generateResearchReport(rng.fork('web'), seed), R);
  const { brand, product, predecessor, pricingUrl, specsUrl, reviewUrl, threadUrl, excludedHost } = research;
  const specFields = research.specs.map((s) => [fieldName(s.label), fact(s.fact)] as const);
  const repo = generateCatalogRepo(rng, {
    brand,
    line: product.split(' ')[0] as string,
    price: research.facts.find((f) => f.id === 'price')?.value ?? '$',
    specs: research.specs.map(
      (s) => [fieldName(s.label), research.facts.find((f) => f.id === s.fact)?.value ?? ''] as const,
    ),
    forbidden: [predecessor, excludedHost, product],
  });
  const { license, existing } = repo;

  const cur = repo.current;
  const release = requestedRelease(rng, cur);
  const releaseTag = versionTag(release);
  // The user may switch between a minor and a major release (the requirement-change perturbation).
  const alternative = versionTag(
    release.major === cur.major
      ? { major: cur.major + 1, minor: 0, patch: 0 }
      : { major: cur.major, minor: cur.minor + 1, patch: 0 },
  );
  const facts: Fact[] = [
    ...research.facts,
    {
      id: 'releaseVersion',
      description: 'the release the catalog entry ships in',
      value: releaseTag,
      guess: versionTag(nextPatch(cur)),
      alternative,
    },
  ];

  const entrySlug = slug(product);
  const entry = entryPath(entrySlug);
  const constName = constNameOf(entrySlug);
  const fullName = `${brand} ${product}`;
  const sourced = (s: typeof research.price) => ({ field: fieldName(s.label), url: s.url, pattern: s.pattern });
  const fsEntity = (path: string) => composedEntity(FS, path);
  const constraints: Constraint[] = [
    {
      id: 'name',
      text: `${entry} names the ${fullName}`,
      kind: 'entry-field',
      params: { file: entry, field: 'name', value: fullName },
      facts: ['product'],
      scope: 'goal',
      late: false,
    },
    {
      id: 'specs',
      text: `${entry} gives the ${research.specs.map((s) => s.label).join(' and ')} as the official spec sheet states them`,
      kind: 'entry-from-source',
      params: { file: entry, fields: research.specs.map(sourced) },
      facts: ['spec1', 'spec2'],
      scope: 'goal',
      late: false,
    },
    {
      id: 'price',
      text: `${entry} gives the price the official pricing page states`,
      kind: 'entry-from-source',
      params: { file: entry, fields: [sourced(research.price)] },
      facts: ['price'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'price-source',
      text: `${entry} names ${pricingUrl} as its source`,
      kind: 'entry-field',
      params: { file: entry, field: 'source', value: pricingUrl },
      facts: [],
      scope: 'goal',
      late: true,
    },
    {
      id: 'excluded-source',
      text: `No file under src/ links to ${excludedHost}`,
      kind: 'files-exclude',
      params: { prefix: 'src/', forbidden: [excludedHost] },
      facts: ['excludedSite'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'only-product',
      text: `The catalog never mentions the ${predecessor}`,
      kind: 'files-exclude',
      params: { prefix: 'src/catalog/', forbidden: [predecessor] },
      facts: ['product'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'registered',
      text: `${CATALOG_INDEX} exports ${constName} and every entry it exported before`,
      kind: composedChecker(FS, 'api-name-kept'),
      params: { file: CATALOG_INDEX, names: [...existing.map((e) => e.constName), constName] },
      facts: [],
      scope: 'goal',
      late: false,
    },
    {
      id: 'changelog',
      text: `${CHANGELOG} has a ${releaseTag} entry mentioning the ${fullName}`,
      kind: composedChecker(FS, 'changelog-entry'),
      params: { file: CHANGELOG, version: releaseTag, mentions: [fullName] },
      facts: ['releaseVersion', 'product'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'tests',
      text: 'The test suite passes',
      kind: composedChecker(FS, 'tests-pass'),
      params: {},
      facts: [],
      scope: 'goal',
      late: false,
      subgoal: true,
    },
    {
      id: 'lint',
      text: 'Lint is clean',
      kind: composedChecker(FS, 'lint-clean'),
      params: {},
      facts: [],
      scope: 'goal',
      late: true,
      subgoal: true,
    },
    {
      id: 'no-collateral',
      text: 'No other file is changed, and nothing on the web',
      kind: 'no-collateral',
      params: { allow: [entry, CATALOG_INDEX, CHANGELOG].map(fsEntity) },
      facts: [],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'answer',
      text: `The final answer names the ${fullName} and the price entered`,
      kind: composedChecker(WEB, 'answer-mentions'),
      params: { mentions: [fullName, research.facts.find((f) => f.id === 'price')?.value ?? ''] },
      facts: ['product', 'price'],
      scope: 'goal',
      late: true,
    },
  ];

  // The oracle plan: the research-report planner's research, then the hand-over to the project.
  const b = new PlanBuilder();
  b.steps.push(...research.steps);
  b.tool(R, web('open_page'), { url: reviewUrl }, { note: 'the review the entry links to, by its own URL' });
  const specsBrief = research.specs.map((s) => `${s.label} ${fact(s.fact)}`).join(', ');
  b.handoff(
    R,
    E,
    `Add the ${brand} ${fact('product')} to the catalog as ${entry}, following ${CONVENTIONS_DOC}: price ${fact('price')} (the official pricing page, ${pricingUrl}, which is the entry's source), ${specsBrief} (the official spec sheet, ${specsUrl}). Reviews found: ${reviewUrl}; an owners' thread: ${threadUrl}. Never link to ${fact('excludedSite')}, never mention the ${predecessor}. Register it in ${CATALOG_INDEX}, add a changelog line under ${fact('releaseVersion')}, then run the tests and the linter.`,
    FACT_ORDER,
  );

  const threadAllowed = { op: 'notStartsWith', left: threadUrl, right: fact('excludedSite') } as const;
  const threadExcluded = { op: 'startsWith', left: threadUrl, right: fact('excludedSite') } as const;
  const newEntry = (reviews: string[]) =>
    renderEntry(license, {
      constName,
      slug: entrySlug,
      name: `${brand} ${fact('product')}`,
      price: fact('price'),
      specs: specFields,
      source: pricingUrl,
      reviews,
    });
  b.tool(E, fs('read_file'), { path: CONVENTIONS_DOC }, { note: "the project's conventions for catalog entries" }).tool(
    E,
    fs('list_dir'),
    { path: 'src/catalog' },
  );
  for (const e of rng.sample(existing, rng.int(1, 2)))
    b.tool(E, fs('read_file'), { path: entryPath(e.slug) }, { note: 'an existing entry shows the format' });
  b.tool(E, fs('write_file'), { path: entry, content: newEntry([reviewUrl]) }, { when: threadExcluded })
    .tool(
      E,
      fs('write_file'),
      { path: entry, content: newEntry([reviewUrl, threadUrl]) },
      { when: threadAllowed, note: 'the owners thread is linked only when nobody said its site is ruled out' },
    )
    .tool(E, fs('read_file'), { path: CATALOG_INDEX })
    .tool(E, fs('write_file'), {
      path: CATALOG_INDEX,
      content: renderIndex(license, [...existing, { constName, slug: entrySlug }]),
    })
    .tool(E, fs('read_file'), { path: CHANGELOG })
    .tool(E, fs('write_file'), {
      path: CHANGELOG,
      content: addChangelogSection(repo.files[CHANGELOG] as string, fact('releaseVersion'), [
        `Added the ${brand} ${fact('product')} to the catalog.`,
      ]),
    })
    .tool(E, fs('run_tests'), {})
    .tool(E, fs('lint'), {})
    // Only what the reviewer checks goes on: the engineer's part is over, and a longer brief is no better one.
    .handoff(
      E,
      V,
      `Done: ${entry} is written and registered in ${CATALOG_INDEX}, and ${CHANGELOG} has the line; tests and lint pass. Please check the price (${fact('price')}) and the specs against ${pricingUrl} and ${specsUrl}, and the changelog section ${fact('releaseVersion')}.`,
      ['price', 'releaseVersion'],
    )
    .tool(V, fs('read_file'), { path: entry })
    .tool(
      V,
      fs('search'),
      { pattern: fact('price'), path: entry },
      { note: 'the price in the entry is the official one' },
    )
    .tool(V, web('open_page'), { url: pricingUrl })
    .tool(V, web('open_page'), { url: specsUrl })
    .tool(V, fs('read_file'), { path: CATALOG_INDEX })
    .tool(V, fs('search'), { pattern: fact('releaseVersion'), path: CHANGELOG })
    .tool(V, fs('run_tests'), {})
    .tool(V, fs('lint'), {})
    .handoff(
      V,
      R,
      `Verified: ${entry} matches the official pages, is registered, the changelog has its line, and tests and lint pass.`,
      [],
    )
    .finish(
      R,
      `Added the ${brand} ${fact('product')} to the catalog (${entry}) at the official price ${fact('price')} (${pricingUrl}), with ${specsBrief}; registered in ${CATALOG_INDEX}, changelog line under ${fact('releaseVersion')}, tests and lint pass.`,
    );

  const request = pipelineRequest(rng, {
    fullName,
    product,
    predecessor,
    pricingUrl,
    specsUrl,
    entry,
    excludedHost,
    excludedName: research.excludedName,
    release: releaseTag,
    specLabels: research.specs.map((s) => s.label),
  });
  return {
    request,
    facts,
    constraints,
    world: { web: research.web, fs: fromFiles(repo.files) },
    plan: b,
  };
}

interface RequestFacts {
  readonly fullName: string;
  readonly product: string;
  readonly predecessor: string;
  readonly pricingUrl: string;
  readonly specsUrl: string;
  readonly entry: string;
  readonly excludedHost: string;
  readonly excludedName: string;
  readonly release: string;
  readonly specLabels: readonly string[];
}

/** The user's words: every constraint and every stated fact value, in seeded wording and order. */
function pipelineRequest(rng: Rng, f: RequestFacts): string {
  const specs = f.specLabels.join(' and ');
  const intro = sentence(rng, [
    `Please add the ${f.fullName} to our product catalog; research it on the web first.`,
    `We're listing the ${f.fullName} in the shop: look it up on the web, then add it to the catalog.`,
    `Could you research the ${f.fullName} online and add it to our catalog?`,
  ]);
  const body = shuffledSentences(rng, [
    [
      `Take the price from the official pricing page (${f.pricingUrl}); it wins over reviews, press releases and anything else.`,
      `The price must be the one on ${f.pricingUrl}, the official pricing page, which is authoritative if other sources disagree.`,
    ],
    [
      `The ${specs} come from the official spec sheet, ${f.specsUrl}.`,
      `Use the ${specs} exactly as the official spec sheet (${f.specsUrl}) gives them.`,
    ],
    [
      `Write the entry as ${f.entry}, following docs/CATALOG.md, and register it in ${CATALOG_INDEX}.`,
      `The entry goes in ${f.entry} and follows the conventions in docs/CATALOG.md; register it in the catalog index.`,
    ],
    [
      `Never link to ${f.excludedHost} (${f.excludedName}) from the catalog.`,
      `${f.excludedHost} is off limits: no link to it anywhere in the catalog.`,
    ],
    [
      `Keep it about the ${f.product}: don't mention the ${f.predecessor}.`,
      `The ${f.predecessor} is out of scope; don't mention it.`,
    ],
    [
      `Add a line to ${CHANGELOG} under ${f.release}, the release it ships in.`,
      `It ships in ${f.release}: add a changelog line under that version.`,
    ],
    ['Tests must pass and lint must be clean.', 'Make sure the test suite and the linter both pass.'],
    ["Don't change any other file.", 'Touch nothing else.'],
  ]);
  const outro = sentence(rng, [
    'When you are done, tell me the product and the price you entered.',
    'Finish by telling me which product you added and at what price.',
  ]);
  return [intro, ...body, outro].join(' ');
}

/** The research-to-config task family. */
export const researchToConfigFamily = defineTaskFamily({
  id: FAMILY_ID,
  version: FAMILY_VERSION,
  description:
    'Research a product on the web (official pages win over a review, a press release and a ruled-out forum), then add it to a catalog in a code project: a config module with the researched values and the project conventions, registered in the index, with a changelog line.',
  world: pipelineWorld,
  maxEpisodeSteps: 120,
  roles: [RESEARCHER, ENGINEER, REVIEWER],
  factOrder: FACT_ORDER,
  build: buildResearchToConfig,
});

/** Generates one task without the memo, drawing straight from `rng`. */
export const generateResearchToConfig = researchToConfigFamily.generateUnmemoized;
