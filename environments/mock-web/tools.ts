/**
 * The tools of the mock-web world, in the spirit of a research assistant's: a search engine with
 * ranked, paginated results, opening pages and following their links, listing a site, and
 * reading and writing the report.
 *
 * Every tool is pure. Browsing never returns a new state; report writes copy the section array
 * only. Bad input gives a stable error code (`invalid_url`, `unknown_site`, `not_found`,
 * `no_such_link`, `page_out_of_range`, `invalid_section`, `unknown_citation`, `report_full`)
 * and a message that says what to do instead.
 */
import * as z from 'zod';
import type { ToolOutcome, ToolSpec } from '../../src/team/world.js';
import type { ReportSection, WebPage, WebSite, WebState } from './state.js';
import {
  MAX_CITATIONS,
  MAX_HEADING_CHARS,
  MAX_SECTIONS,
  MAX_SECTION_CHARS,
  MAX_URL_CHARS,
  getSection,
  parseUrl,
  putSection,
  removeSection,
  sectionEntity,
  wordCount,
} from './state.js';
import { own } from '../../src/world/own.js';
import { defineTool } from '../../src/world/define-tool.js';
import { fail } from '../../src/world/fail.js';

/** Results per page of `search`. */
export const SEARCH_PAGE_SIZE = 5;
/** Characters of a page's text shown as a search snippet. */
const SNIPPET_CHARS = 140;
/** Longest query accepted. */
const MAX_QUERY_CHARS = 200;
/** Queries cached per web (the web never changes, so entries never go stale). */
const MAX_CACHED_QUERIES = 256;

type Outcome = ToolOutcome<WebState>;

const urlArg = z.string().max(MAX_URL_CHARS);

/** Resolves a URL argument to its page, or explains why it cannot be opened. */
function resolvePage(
  state: WebState,
  raw: string,
): { url: string; host: string; site: WebSite; page: WebPage } | Outcome {
  const p = parseUrl(raw);
  if (!p.ok) return fail('invalid_url', p.message);
  const site = own(state.sites, p.host);
  if (!site)
    return fail(
      'unknown_site',
      `no site "${p.host}" in this web; use search to find pages, or list_site on a host from a result`,
    );
  const page = own(site.pages, p.path);
  if (!page)
    return fail('not_found', `404: "${p.url}" does not exist; use list_site("${p.host}") to see the site's pages`);
  return { url: p.url, host: p.host, site, page };
}

function isOutcome(value: object): value is Outcome {
  return 'ok' in value;
}

/** What `open_page` shows: the page's text as `content` (the field data perturbations edit). */
function pageView(url: string, site: WebSite, page: WebPage): Record<string, unknown> {
  return {
    url,
    site: site.name,
    title: page.title,
    date: page.date,
    content: page.text,
    links: page.links.map((l, i) => ({ n: i + 1, text: l.text, url: l.url })),
  };
}

/** `open_page`: a page's title, date, text and numbered links. */
export const openPage = defineTool({
  name: 'open_page',
  description:
    'Open a web page by URL (e.g. "example.org/news/launch"). Returns its title, publication date, text ("content") and numbered links.',
  args: z.strictObject({ url: urlArg.describe('the page URL, with or without https://') }),
  readOnly: true,
  entity: (args) => {
    const p = parseUrl(args.url);
    return p.ok ? p.url : args.url;
  },
  run(state: WebState, args) {
    const r = resolvePage(state, args.url);
    if (isOutcome(r)) return r;
    return { ok: true, result: pageView(r.url, r.site, r.page), reads: [r.url] };
  },
});

/**
 * `open_cached`: the documented fallback of `open_page` (same arguments, same result, served
 * from the search engine's cache), for when `open_page` is unavailable.
 */
export const openCached = defineTool({
  ...openPage,
  name: 'open_cached',
  description: `The fallback for open_page when it is unavailable: the search engine's cached copy, same arguments, same result. ${openPage.description}`,
});

/** `follow_link`: opens the n-th link of a page. */
export const followLink = defineTool({
  name: 'follow_link',
  description:
    'Follow a link of a page: opens link number "link" (as numbered by open_page) of the page at "url" and returns the target page like open_page.',
  args: z.strictObject({
    url: urlArg.describe('the URL of the page that holds the link'),
    link: z.number().int().min(1).max(1000).describe('the link number shown by open_page (1-based)'),
  }),
  readOnly: true,
  entity: (args) => {
    const p = parseUrl(args.url);
    return p.ok ? p.url : args.url;
  },
  run(state: WebState, args) {
    const from = resolvePage(state, args.url);
    if (isOutcome(from)) return from;
    const link = from.page.links[args.link - 1];
    if (!link)
      return fail(
        'no_such_link',
        `"${from.url}" has ${from.page.links.length} link${from.page.links.length === 1 ? '' : 's'}; give a number from 1 to ${from.page.links.length}`,
      );
    const to = resolvePage(state, link.url);
    if (isOutcome(to))
      return fail(
        'not_found',
        `link ${args.link} of "${from.url}" points to "${link.url}", which does not exist (a broken link)`,
      );
    return { ok: true, result: pageView(to.url, to.site, to.page), reads: [to.url] };
  },
});

/** `list_site`: the pages of a site (URL, title, date), sorted by URL. */
export const listSite = defineTool({
  name: 'list_site',
  description:
    "List a site's pages: URL, title and date of each, sorted by URL. Titles are not content: open a page to read it.",
  args: z.strictObject({ site: urlArg.describe('the host name, e.g. "example.org"') }),
  readOnly: true,
  entity: (args) => args.site,
  run(state: WebState, args) {
    const p = parseUrl(args.site);
    if (!p.ok) return fail('invalid_url', p.message);
    const site = own(state.sites, p.host);
    if (!site) return fail('unknown_site', `no site "${p.host}" in this web; use search to find pages`);
    const pages = Object.keys(site.pages)
      .sort()
      .map((path) => {
        const page = site.pages[path] as WebPage;
        return { url: path ? `${p.host}/${path}` : p.host, title: page.title, date: page.date };
      });
    return { ok: true, result: { site: p.host, name: site.name, pages } };
  },
});

interface Doc {
  readonly url: string;
  readonly title: string;
  readonly date: string;
  /** The page's text, whose snippet is made when the page is first among the results shown. */
  readonly text: string;
  /** The title and the text (joined by a space), lower-cased: where a term's tokens are counted. */
  readonly lower: string;
  readonly titleLower: string;
  snippet?: string;
}

interface SearchIndex {
  readonly docs: readonly Doc[];
  readonly cache: Map<string, readonly Doc[]>;
}

const indexes = new WeakMap<object, SearchIndex>();

/** Lower-case alphanumeric tokens. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/**
 * The search index of a web, built once per `sites` object (which never changes in an episode):
 * each page's text lower-cased. Terms are counted when a query asks for them, not every token of
 * every page up front: a task's web is new, and an episode makes a few searches of a few terms.
 */
function indexOf(sites: WebState['sites']): SearchIndex {
  let index = indexes.get(sites);
  if (!index) {
    const docs: Doc[] = [];
    for (const host of Object.keys(sites).sort()) {
      const site = sites[host] as WebSite;
      for (const path of Object.keys(site.pages).sort()) {
        const page = site.pages[path] as WebPage;
        docs.push({
          url: path ? `${host}/${path}` : host,
          title: page.title,
          date: page.date,
          text: page.text,
          lower: `${page.title} ${page.text}`.toLowerCase(),
          titleLower: page.title.toLowerCase(),
        });
      }
    }
    index = { docs, cache: new Map() };
    indexes.set(sites, index);
  }
  return index;
}

/** Whether `c` is a character of a token ({@link tokens}: a lower-case ASCII letter or a digit). */
function isTokenChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * How many of the tokens of `lower` (a lower-cased text) are `term` (itself a token), counting
 * up to `cap`: the places `term` occurs with no token character on either side.
 */
function tokenCount(lower: string, term: string, cap: number): number {
  let n = 0;
  for (let i = lower.indexOf(term); i !== -1 && n < cap; i = lower.indexOf(term, i + 1)) {
    if (!isTokenChar(lower.charCodeAt(i - 1)) && !isTokenChar(lower.charCodeAt(i + term.length))) n++;
  }
  return n;
}

/** The snippet of a result: the page's text on one line, cut at {@link SNIPPET_CHARS}. */
function snippetOf(doc: Doc): string {
  if (doc.snippet === undefined) {
    const text = doc.text.replace(/\s+/g, ' ');
    doc.snippet = text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
  }
  return doc.snippet;
}

/** Pages ranked for a query: title hits weigh 3, text hits up to 5 each; ties go to newer pages. */
function rank(sites: WebState['sites'], query: string): readonly Doc[] {
  const index = indexOf(sites);
  const terms = [...new Set(tokens(query))];
  const key = terms.join(' ');
  const hit = index.cache.get(key);
  if (hit) return hit;
  const scored: { doc: Doc; score: number }[] = [];
  for (const doc of index.docs) {
    let score = 0;
    for (const t of terms) score += (tokenCount(doc.titleLower, t, 1) > 0 ? 3 : 0) + tokenCount(doc.lower, t, 5);
    if (score > 0) scored.push({ doc, score });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (a.doc.date < b.doc.date ? 1 : a.doc.date > b.doc.date ? -1 : 0) ||
      (a.doc.url < b.doc.url ? -1 : 1),
  );
  const ranked = scored.map((s) => s.doc);
  if (index.cache.size >= MAX_CACHED_QUERIES) index.cache.delete(index.cache.keys().next().value as string);
  index.cache.set(key, ranked);
  return ranked;
}

/** `search`: the web search engine, ranked and paginated. */
export const search = defineTool({
  name: 'search',
  description: `Search the web. Returns ${SEARCH_PAGE_SIZE} ranked results per page (URL, title, date, snippet) and the total; ask for "page" 2, 3, ... for more. Snippets are previews: open a page to read and cite it.`,
  args: z.strictObject({
    query: z.string().min(1).max(MAX_QUERY_CHARS).describe('search words, e.g. "Nimbus 4 review"'),
    page: z.number().int().min(1).max(100).default(1).describe('the results page (1-based)'),
  }),
  readOnly: true,
  entity: () => undefined,
  run(state: WebState, args) {
    if (tokens(args.query).length === 0)
      return fail(
        'invalid_query',
        `"${args.query}" has no letters or digits to search for; use words such as a product name`,
      );
    const ranked = rank(state.sites, args.query);
    const pages = Math.max(1, Math.ceil(ranked.length / SEARCH_PAGE_SIZE));
    if (args.page > pages)
      return fail(
        'page_out_of_range',
        `"${args.query}" has ${ranked.length} result${ranked.length === 1 ? '' : 's'} on ${pages} page${pages === 1 ? '' : 's'}; ask for a page from 1 to ${pages}`,
      );
    const from = (args.page - 1) * SEARCH_PAGE_SIZE;
    const results = ranked
      .slice(from, from + SEARCH_PAGE_SIZE)
      .map((d, i) => ({ rank: from + i + 1, url: d.url, title: d.title, date: d.date, snippet: snippetOf(d) }));
    return { ok: true, result: { query: args.query, page: args.page, pages, total: ranked.length, results } };
  },
});

/** `read_report`: the report as it stands, with each section's word count and citations. */
export const readReport = defineTool({
  name: 'read_report',
  description:
    'Read the report being written: its title and every section (heading, text, word count, citations), in order.',
  args: z.strictObject({}),
  readOnly: true,
  entity: () => 'report',
  run(state: WebState) {
    const sections = state.report.sections.map((s) => ({
      heading: s.heading,
      words: wordCount(s.text),
      text: s.text,
      citations: s.citations,
    }));
    return {
      ok: true,
      result: { title: state.report.title, sections },
      reads: state.report.sections.map((s) => sectionEntity(s.heading)),
    };
  },
});

/** `write_report`: creates or replaces one section of the report. */
export const writeReport = defineTool({
  name: 'write_report',
  description: `Create or replace one section of the report: its heading, its full text, and the URLs of the pages its claims come from (each must be an existing page; at most ${MAX_CITATIONS}). A new section goes after the existing ones.`,
  args: z.strictObject({
    section: z.string().min(1).max(MAX_HEADING_CHARS).describe('the section heading, e.g. "Pricing"'),
    text: z.string().max(MAX_SECTION_CHARS).describe('the whole text of the section'),
    citations: z.array(urlArg).max(MAX_CITATIONS).default([]).describe('URLs of the pages the section cites'),
  }),
  readOnly: false,
  entity: (args) => sectionEntity(args.section.trim()),
  run(state: WebState, args) {
    const heading = args.section.trim();
    if (heading.length === 0 || /[\n\r]/.test(heading))
      return fail('invalid_section', 'a section heading is one non-empty line, e.g. "Pricing"');
    const citations: string[] = [];
    for (const raw of args.citations) {
      const r = resolvePage(state, raw);
      if (isOutcome(r))
        return fail(
          'unknown_citation',
          `citation "${raw}" is not a page of this web (${r.error?.message ?? 'unknown'}); cite only pages you opened`,
        );
      if (!citations.includes(r.url)) citations.push(r.url);
    }
    const existing = getSection(state.report, heading);
    if (!existing && state.report.sections.length >= MAX_SECTIONS)
      return fail('report_full', `the report already has ${MAX_SECTIONS} sections; replace or delete one`);
    const section: ReportSection = { heading, text: args.text, citations };
    const result = { section: heading, words: wordCount(args.text), citations, created: !existing };
    if (existing && existing.text === section.text && existing.citations.join('\n') === citations.join('\n'))
      return { ok: true, result: { ...result, unchanged: true } };
    return {
      ok: true,
      result,
      world: { sites: state.sites, report: putSection(state.report, section) },
      writes: [sectionEntity(heading)],
    };
  },
});

/** `delete_section`: removes one section of the report. */
export const deleteSection = defineTool({
  name: 'delete_section',
  description: 'Delete one section of the report by its heading.',
  args: z.strictObject({
    section: z.string().min(1).max(MAX_HEADING_CHARS).describe('the heading of the section to delete'),
  }),
  readOnly: false,
  entity: (args) => sectionEntity(args.section.trim()),
  run(state: WebState, args) {
    const heading = args.section.trim();
    if (!getSection(state.report, heading)) {
      const headings = state.report.sections.map((s) => `"${s.heading}"`).join(', ') || 'none';
      return fail('not_found', `the report has no section "${heading}" (sections: ${headings})`);
    }
    return {
      ok: true,
      result: { section: heading, deleted: true },
      world: { sites: state.sites, report: removeSection(state.report, heading) },
      writes: [sectionEntity(heading)],
    };
  },
});

/** Every tool of the world, by name. */
export const WEB_TOOLS = {
  search,
  open_page: openPage,
  open_cached: openCached,
  follow_link: followLink,
  list_site: listSite,
  read_report: readReport,
  write_report: writeReport,
  delete_section: deleteSection,
} as const satisfies Record<string, ToolSpec<WebState>>;

/** Tools that browse the web. */
export const BROWSE_TOOLS = ['search', 'open_page', 'open_cached', 'follow_link', 'list_site'] as const;
