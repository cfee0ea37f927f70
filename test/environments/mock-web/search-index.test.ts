/**
 * The web's search counts a query's terms in each page when the query asks, instead of counting
 * every token of every page when the index is built. Its results must be exactly those of the
 * token counts (kept below as the oracle): same pages, same order, same snippets, on the webs of
 * both web families and on queries made of the pages' own words, with case and punctuation changed.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { make } from '../../../src/core/registry.js';
import { teamStateOf } from '../../../src/team/team-env.js';
import type { WebPage, WebState } from '../../../environments/mock-web/state.js';
import { SEARCH_PAGE_SIZE, WEB_TOOLS, tokens } from '../../../environments/mock-web/tools.js';
import { runs } from '../../support/sizes.js';

loadBuiltins();

interface Shown {
  readonly url: string;
  readonly title: string;
  readonly date: string;
  readonly snippet: string;
}

/** The ranking as it was: every page's tokens counted, title tokens in a set. */
function byTokenCounts(sites: WebState['sites'], query: string): Shown[] {
  const docs = Object.keys(sites)
    .sort()
    .flatMap((host) => {
      const site = sites[host]!;
      return Object.keys(site.pages)
        .sort()
        .map((path) => {
          const page = site.pages[path] as WebPage;
          const counts = new Map<string, number>();
          for (const t of tokens(`${page.title} ${page.text}`)) counts.set(t, (counts.get(t) ?? 0) + 1);
          const text = page.text.replace(/\s+/g, ' ');
          return {
            url: path ? `${host}/${path}` : host,
            title: page.title,
            date: page.date,
            snippet: text.length > 140 ? `${text.slice(0, 140)}…` : text,
            titleTokens: new Set(tokens(page.title)),
            counts,
          };
        });
    });
  const terms = [...new Set(tokens(query))];
  return docs
    .map((doc) => ({
      doc,
      score: terms.reduce((sum, t) => sum + (doc.titleTokens.has(t) ? 3 : 0) + Math.min(5, doc.counts.get(t) ?? 0), 0),
    }))
    .filter((s) => s.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.doc.date < b.doc.date ? 1 : a.doc.date > b.doc.date ? -1 : 0) ||
        (a.doc.url < b.doc.url ? -1 : 1),
    )
    .map(({ doc }) => ({ url: doc.url, title: doc.title, date: doc.date, snippet: doc.snippet }));
}

const ctx = { role: 'executor', clock: 0, step: 1 };

/** Every result of `query`, page after page, as the tool returns them. */
function searched(state: WebState, query: string): Shown[] {
  const out: Shown[] = [];
  for (let page = 1; ; page++) {
    const outcome = WEB_TOOLS.search.run(state, { query, page }, ctx) as {
      ok: boolean;
      result?: { pages: number; results: Shown[] };
    };
    if (!outcome.ok || !outcome.result) return out;
    out.push(...outcome.result.results.map(({ url, title, date, snippet }) => ({ url, title, date, snippet })));
    if (page >= outcome.result.pages) return out;
  }
}

function webOf(envId: string, seed: number): WebState {
  const env = make(envId);
  env.reset({ seed });
  const world = teamStateOf(env)!.world as WebState | { web: WebState };
  env.close();
  return 'sites' in world ? world : world.web;
}

const ENVS = ['mock-web/research-report-v1', 'mock-web/compare-products-v1'];

describe('search counts terms when asked, with the results of counting every token', () => {
  test.prop(
    [
      fc.constantFrom(...ENVS),
      fc.nat(10_000),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('', ' ', '  ', ', ', '-', '!', '.'), fc.boolean()), {
        minLength: 1,
        maxLength: 4,
      }),
      fc.constantFrom('', 'review', 'price', '2024', 'x', 'e-bike', 'the'),
    ],
    { numRuns: runs(60, 400) },
  )('on queries made of the pages’ words', (envId, seed, picks, extra) => {
    const web = webOf(envId, seed);
    const words = Object.values(web.sites).flatMap((site) =>
      Object.values(site.pages).flatMap((p) => `${p.title} ${p.text}`.split(/\s+/)),
    );
    const query =
      picks
        .map(([i, sep, upper]) => {
          const w = words[i % words.length] ?? 'x';
          return `${upper ? w.toUpperCase() : w}${sep}`;
        })
        .join(' ') + ` ${extra}`;
    if (tokens(query).length === 0) return;
    expect(searched(web, query)).toEqual(byTokenCounts(web.sites, query));
    // Asked again (the ranking is cached per query): the same.
    expect(searched(web, query)).toEqual(byTokenCounts(web.sites, query));
  });

  test.prop([fc.constantFrom(...ENVS), fc.nat(10_000)], { numRuns: runs(20, 100) })(
    'a query of a product name ranks its pages first, paged by SEARCH_PAGE_SIZE',
    (envId, seed) => {
      const web = webOf(envId, seed);
      const first = Object.values(web.sites)[0]!;
      const title = Object.values(first.pages)[0]!.title;
      const all = searched(web, title);
      expect(all).toEqual(byTokenCounts(web.sites, title));
      expect(all.length).toBeGreaterThan(0);
      const page1 = WEB_TOOLS.search.run(web, { query: title, page: 1 }, ctx) as { result: { results: unknown[] } };
      expect(page1.result.results.length).toBe(Math.min(SEARCH_PAGE_SIZE, all.length));
    },
  );
});

describe('search on a web made for its edges', () => {
  const page = (title: string, text: string, date: string): WebPage => ({ title, text, date, links: [] });
  const web: WebState = {
    sites: {
      'a.example': {
        name: 'A',
        pages: {
          many: page('Alpha', 'beta beta beta beta beta beta', '2020-01-01'),
          titled: page('Beta', 'gamma', '2024-01-01'),
          four: page('Delta', 'beta, Beta; BETA-beta', '2023-01-01'),
          inside: page('Epsilon', 'alphabeta betas beta2 2beta _beta_', '2025-01-01'),
        },
      },
    },
    report: { title: 'R', sections: [] },
  };

  test.prop([fc.constantFrom('beta', 'BETA!', 'beta gamma', 'alpha beta', 'beta2', '2beta', 'betas', 'beta_')])(
    'counts capped at five, title hits, and tokens inside longer ones',
    (query) => {
      expect(searched(web, query)).toEqual(byTokenCounts(web.sites, query));
    },
  );

  test.prop([fc.constant('beta')])('five hits outrank a title hit with one; "_beta_" holds the token', (query) => {
    // many: 6 hits, capped at 5; titled: 3 for the title and 1 for it in the text; four: 4 (newer
    // wins the tie); inside: only "_beta_" (an underscore is no token character).
    expect(searched(web, query).map((r) => r.url)).toEqual([
      'a.example/many',
      'a.example/titled',
      'a.example/four',
      'a.example/inside',
    ]);
  });
});
