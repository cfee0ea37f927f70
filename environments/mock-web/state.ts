/**
 * The state of the mock-web world: a handful of seeded sites (each a small map of pages) and the
 * report the team writes, as plain JSON.
 *
 * Pages never change during an episode (no tool writes them), so the `sites` object keeps its
 * identity from reset to the end and the search index is cached on it. The report is a short
 * array of sections; a write copies the array and one section, nothing else. Reads return parts
 * of the existing state and never allocate a new one.
 */
import { own } from '../../src/world/own.js';
import { isSpace } from '../../src/facts/words.js';
import { textMemo } from '../../src/core/text-memo.js';

/** A link on a page: its anchor text and its target URL. */
export interface WebLink {
  readonly text: string;
  readonly url: string;
}

/** A page: title, publication date (ISO `YYYY-MM-DD`), text and outgoing links. */
export interface WebPage {
  readonly title: string;
  readonly date: string;
  readonly text: string;
  readonly links: readonly WebLink[];
}

/** A site: its display name and its pages by path (`''` is the home page). */
export interface WebSite {
  readonly name: string;
  readonly pages: Readonly<Record<string, WebPage>>;
}

/** One section of the report: a heading, its text, and the URLs it cites. */
export interface ReportSection {
  readonly heading: string;
  readonly text: string;
  readonly citations: readonly string[];
}

/** The report the team writes (the world entity graded at the end). */
export interface Report {
  readonly title: string;
  readonly sections: readonly ReportSection[];
}

/** The whole world state. */
export interface WebState {
  /** Sites by host name (e.g. `corvid.example`). */
  readonly sites: Readonly<Record<string, WebSite>>;
  readonly report: Report;
}

/** Longest URL accepted, in characters. */
export const MAX_URL_CHARS = 300;
/** Most pages one site may hold (keeps every state object small). */
export const MAX_SITE_PAGES = 200;
/** Most sections the report may hold. */
export const MAX_SECTIONS = 20;
/** Longest section heading. */
export const MAX_HEADING_CHARS = 80;
/** Longest section text. */
export const MAX_SECTION_CHARS = 4_000;
/** Most citations one section may carry. */
export const MAX_CITATIONS = 10;

/** The entity id of a report section (what `writes`, `reads` and `diff` name). */
export function sectionEntity(heading: string): string {
  return `report/${heading}`;
}

/** A parsed URL: the site's host and the page path (`''` for the home page). */
export type ParsedUrl =
  | { readonly ok: true; readonly url: string; readonly host: string; readonly path: string }
  | { readonly ok: false; readonly message: string };

/**
 * Normalizes a URL. Agents write `https://corvid.example/pricing/`, `Corvid.example/pricing` or
 * `corvid.example/pricing#top`; all mean `corvid.example/pricing`. Query strings and fragments are
 * dropped: no page of this web depends on them.
 */
export function parseUrl(raw: string): ParsedUrl {
  return parsedUrl(raw);
}

/**
 * URLs parsed so far (5,000 at most): an episode asks for the same few dozen URLs over and over
 * (every fetch, and the ledger's citation check after every write), and a parse is five regexes.
 */
const parsedUrl = textMemo((raw) => Object.freeze(parseUrlText(raw)), 5_000);

function parseUrlText(raw: string): ParsedUrl {
  if (raw.length > MAX_URL_CHARS)
    return { ok: false, message: `the URL is ${raw.length} characters; the limit is ${MAX_URL_CHARS}` };
  let s = raw.trim().replace(/^[a-z]+:\/\//i, '');
  const cut = s.search(/[?#]/);
  if (cut >= 0) s = s.slice(0, cut);
  s = s.replace(/\/+$/, '');
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\\]/.test(s))
    return {
      ok: false,
      message: `"${raw}" contains whitespace, a control character or a backslash; give a URL such as "example.org/page"`,
    };
  const slash = s.indexOf('/');
  const host = (slash < 0 ? s : s.slice(0, slash)).toLowerCase();
  const path = slash < 0 ? '' : s.slice(slash + 1).replace(/\/{2,}/g, '/');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host))
    return {
      ok: false,
      message: `"${raw}" does not start with a host name such as "example.org"; use a URL from a search result or a link`,
    };
  return { ok: true, url: path ? `${host}/${path}` : host, host, path };
}

/** The page at a normalized host and path, or undefined. */
export function getPage(state: WebState, host: string, path: string): WebPage | undefined {
  const site = own(state.sites, host);
  return site ? own(site.pages, path) : undefined;
}

/** The page at a URL (normalized first), or undefined. */
export function pageAt(state: WebState, url: string): WebPage | undefined {
  const p = parseUrl(url);
  return p.ok ? getPage(state, p.host, p.path) : undefined;
}

/** The report section with a heading, or undefined. */
export function getSection(report: Report, heading: string): ReportSection | undefined {
  return report.sections.find((s) => s.heading === heading);
}

/** Words of a text (runs of non-space characters). */
export function wordCount(text: string): number {
  // A scan of character codes, not a regex: the ledger counts the words of every report section
  // after every write, and `matchAll` allocated a match per word.
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** A report with one section created or replaced (a new section goes last). Copies only the array. */
export function putSection(report: Report, section: ReportSection): Report {
  const i = report.sections.findIndex((s) => s.heading === section.heading);
  const sections = i < 0 ? [...report.sections, section] : report.sections.map((s, j) => (j === i ? section : s));
  return { title: report.title, sections };
}

/** A report without the section of that heading. */
export function removeSection(report: Report, heading: string): Report {
  return { title: report.title, sections: report.sections.filter((s) => s.heading !== heading) };
}

function sameSection(a: ReportSection, b: ReportSection): boolean {
  return (
    a === b ||
    (a.text === b.text &&
      a.citations.length === b.citations.length &&
      a.citations.every((c, i) => c === b.citations[i]))
  );
}

/**
 * The entity ids that differ between two states: report sections changed, created or deleted
 * (`report/<heading>`), and pages, should a state ever carry different ones (`host/path`).
 */
export function diffStates(before: WebState, after: WebState): string[] {
  const out: string[] = [];
  if (before.report !== after.report) {
    for (const b of before.report.sections) {
      const a = getSection(after.report, b.heading);
      if (!a || !sameSection(a, b)) out.push(sectionEntity(b.heading));
    }
    for (const a of after.report.sections)
      if (!getSection(before.report, a.heading)) out.push(sectionEntity(a.heading));
  }
  if (before.sites !== after.sites) {
    const hosts = new Set([...Object.keys(before.sites), ...Object.keys(after.sites)]);
    for (const host of hosts) {
      const b = own(before.sites, host);
      const a = own(after.sites, host);
      if (a === b) continue;
      const paths = new Set([...Object.keys(b?.pages ?? {}), ...Object.keys(a?.pages ?? {})]);
      for (const path of paths) {
        const pb = b ? own(b.pages, path) : undefined;
        const pa = a ? own(a.pages, path) : undefined;
        if (pa !== pb && JSON.stringify(pa) !== JSON.stringify(pb)) out.push(path ? `${host}/${path}` : host);
      }
    }
  }
  return out;
}

/** Every page URL, sorted. */
export function allUrls(state: WebState): string[] {
  const out: string[] = [];
  for (const host of Object.keys(state.sites).sort()) {
    const site = state.sites[host] as WebSite;
    for (const path of Object.keys(site.pages).sort()) out.push(path ? `${host}/${path}` : host);
  }
  return out;
}
