/**
 * How mock-web tasks vary: the makers (brands), the distractor product lines, the review, news,
 * forum and comparison sites get other names; links come in another order (the plan's link
 * numbers follow them) and so do the lines of price lists, spec sheets and comparisons.
 *
 * What is never renamed: the researched product's line (it is the `product` fact and its
 * predecessor's name) and the report's headings. A site's display name is replaced only by one of
 * as many words, because word limits are computed from texts that quote it.
 */
import type { Rng } from '../../src/core/rng.js';
import type { PlanStep, Task, WorldVariants } from '../../src/team/world.js';
import { occursIn, presentRenames, renameWithin, shuffleVisibly, taskText } from '../../src/world/variation.js';
import type { WebPage, WebState } from './state.js';
import { parseUrl, wordCount } from './state.js';
import { BRANDS, COMPARISON_SITES, EXCLUDABLE_SITES, LINES, NEWS_SITES, REVIEW_SITES } from './families/names.js';

const SITE_LISTS = [REVIEW_SITES, NEWS_SITES, EXCLUDABLE_SITES, COMPARISON_SITES];

/** Capitalized words of every fact value and guess (the researched product's line): never renamed. */
function factWords(task: Task<WebState>): Set<string> {
  const words = new Set<string>();
  for (const f of task.facts)
    for (const v of [f.value, f.guess, f.alternative ?? '']) for (const w of v.match(/[A-Za-z]+/g) ?? []) words.add(w);
  return words;
}

/** Renames of sites of one list: host to host and display name to display name, same word count. */
function siteRenames(
  rng: Rng,
  task: Task<WebState>,
  list: readonly (readonly [string, string])[],
  isFree: (n: string) => boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  const present = list.filter(([host]) => Object.hasOwn(task.world.sites, host));
  for (const words of new Set(present.map(([, name]) => wordCount(name)))) {
    const same = list.filter(([, name]) => wordCount(name) === words);
    const nameOf = new Map(same.map(([host, name]) => [host, name]));
    const hosts = renameWithin(
      rng,
      present.filter(([, name]) => wordCount(name) === words).map(([host]) => host),
      same.map(([host]) => host),
      (h) => isFree(h) && isFree(nameOf.get(h) as string),
    );
    for (const [from, to] of Object.entries(hosts)) {
      out[from] = to;
      out[nameOf.get(from) as string] = nameOf.get(to) as string;
    }
  }
  return out;
}

/** Renames of capitalized names (brands, lines) and their lower-case forms in hosts and slugs. */
function wordRenames(
  rng: Rng,
  present: readonly string[],
  pool: readonly string[],
  isFree: (n: string) => boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  const map = renameWithin(rng, present, pool, (w) => isFree(w) && isFree(w.toLowerCase()));
  for (const [from, to] of Object.entries(map)) {
    out[from] = to;
    out[from.toLowerCase()] = to.toLowerCase();
  }
  return out;
}

function renames(task: Task<WebState>, rng: Rng): Record<string, string> {
  const text = taskText(task);
  const isFree = (n: string) => !occursIn(text, n);
  const keep = factWords(task);
  const out: Record<string, string> = {};
  for (const list of SITE_LISTS) Object.assign(out, siteRenames(rng, task, list, isFree));
  const brands = BRANDS.filter((b) => Object.hasOwn(task.world.sites, `${b.toLowerCase()}.example`) && !keep.has(b));
  Object.assign(out, wordRenames(rng, brands, BRANDS, isFree));
  const lines = LINES.filter((l) => occursIn(text, l) && !keep.has(l));
  Object.assign(out, wordRenames(rng, lines, LINES, isFree));
  return presentRenames(text, out);
}

/** Whether every line after a page's first is a record (`Label: value`, `Name: price · …`). */
function isRecordList(text: string): boolean {
  const lines = text.split('\n');
  return lines.length >= 3 && lines.slice(1).every((l) => /^[^.]*\S: \S/.test(l) && !l.endsWith('.'));
}

/** The page a plan step's `follow_link` starts from, or null (placeholders hide the page). */
function followedFrom(step: PlanStep): string | null {
  if (step.action.type !== 'tool' || step.action.tool !== 'follow_link') return null;
  const url = step.action.args['url'];
  if (typeof url !== 'string' || url.includes('{{')) return '?';
  const p = parseUrl(url);
  return p.ok ? p.url : '?';
}

function reorder(task: Task<WebState>, rng: Rng): Task<WebState> {
  // Link numbers are what follow_link takes: a page's links move only if the plan can follow them.
  const linkable = !task.plan.some((s) => followedFrom(s) === '?');
  const moved = new Map<string, number[]>();
  const sites: Record<string, WebState['sites'][string]> = {};
  for (const [host, site] of Object.entries(task.world.sites)) {
    const pages: Record<string, WebPage> = {};
    for (const [path, page] of Object.entries(site.pages)) {
      const url = path ? `${host}/${path}` : host;
      let next = page;
      if (linkable && page.links.length >= 2 && rng.chance(0.5)) {
        const order = shuffleVisibly(
          rng,
          page.links.map((_, i) => i),
        );
        moved.set(url, order);
        next = { ...next, links: order.map((i) => page.links[i] as WebPage['links'][number]) };
      }
      if (isRecordList(page.text)) {
        const [head, ...records] = page.text.split('\n');
        next = { ...next, text: [head, ...shuffleVisibly(rng, records)].join('\n') };
      }
      pages[path] = next;
    }
    sites[host] = { ...site, pages };
  }
  const plan = task.plan.map((step) => {
    const from = followedFrom(step);
    const order = from === null ? undefined : moved.get(from);
    if (!order || step.action.type !== 'tool') return step;
    const link = Number(step.action.args['link']);
    return { ...step, action: { ...step.action, args: { ...step.action.args, link: order.indexOf(link - 1) + 1 } } };
  });
  return { ...task, world: { ...task.world, sites }, plan };
}

/** The mock-web world's variants. */
export const mockWebVariants: WorldVariants<WebState> = { renames, reorder };
