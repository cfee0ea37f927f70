import { describe, expect, it } from 'vitest';
import type { ToolOutcome } from '../../../src/team/world.js';
import { MAX_CITATIONS, MAX_SECTIONS, parseUrl, type WebState } from '../../../environments/mock-web/state.js';
import { SEARCH_PAGE_SIZE, WEB_TOOLS } from '../../../environments/mock-web/tools.js';
import { mockWebWorld } from '../../../environments/mock-web/world.js';

const page = (title: string, text: string, date = '2025-03-01', links: { text: string; url: string }[] = []) => ({
  title,
  date,
  text,
  links,
});

/** A small web: an official site, a review site, and a report with the user's notes. */
const web = (): WebState => ({
  sites: {
    'acme.example': {
      name: 'Acme',
      pages: {
        '': page('Acme', 'Acme makes rockets.', '2025-01-01', [
          { text: 'Rocket', url: 'acme.example/rocket' },
          { text: 'Broken', url: 'acme.example/gone' },
        ]),
        rocket: page('Acme Rocket 2', 'The Rocket 2 flies high. Thrust: 900 kN.', '2025-02-01', [
          { text: 'Specs', url: 'acme.example/rocket/specs' },
        ]),
        'rocket/specs': page('Rocket 2 specs', 'Thrust: 900 kN\nMass: 12 t'),
        pricing: page('Prices', 'Rocket 2: $1,999'),
      },
    },
    'reviews.example': {
      name: 'Reviews',
      pages: Object.fromEntries(
        Array.from({ length: 7 }, (_, i) => [
          `r${i}`,
          page(`Rocket review ${i}`, `Rocket ${i} review text rocket.`, `2025-0${(i % 9) + 1}-10`),
        ]),
      ),
    },
  },
  report: { title: 'Brief', sections: [{ heading: 'Notes', text: 'mine', citations: [] }] },
});

const ctx = { role: 'executor', clock: 0, step: 1 };

function run(state: WebState, tool: keyof typeof WEB_TOOLS, args: Record<string, unknown>): ToolOutcome<WebState> {
  const spec = WEB_TOOLS[tool];
  const parsed = spec.args.safeParse(args);
  if (!parsed.success) throw new Error(`bad args for ${tool}: ${parsed.error.message}`);
  return spec.run(state, parsed.data as never, ctx);
}

/** What `search` returns, as far as these tests read it. */
type Search = { total: number; pages: number; results: Array<{ title: string; rank: number; url: string }> };

function result<T = Record<string, unknown>>(o: ToolOutcome<WebState>): T {
  expect(o.ok, JSON.stringify(o.error)).toBe(true);
  return o.result as T;
}

function errorCode(o: ToolOutcome<WebState>): string | undefined {
  expect(o.ok).toBe(false);
  expect(o.world).toBeUndefined();
  expect(o.error?.message.length).toBeGreaterThan(10);
  return o.error?.code;
}

describe('urls', () => {
  it('normalizes schemes, case, trailing slashes, queries and fragments', () => {
    expect(parseUrl('https://ACME.example/rocket/')).toMatchObject({
      ok: true,
      url: 'acme.example/rocket',
      host: 'acme.example',
      path: 'rocket',
    });
    expect(parseUrl('acme.example#top')).toMatchObject({ ok: true, url: 'acme.example', path: '' });
    expect(parseUrl('acme.example/rocket?x=1')).toMatchObject({ ok: true, url: 'acme.example/rocket' });
    expect(parseUrl('not a url').ok).toBe(false);
    expect(parseUrl('rocket').ok).toBe(false);
    expect(parseUrl('x'.repeat(400)).ok).toBe(false);
  });
});

describe('browsing tools', () => {
  it('never return a new world, and the readOnly flags say so', () => {
    const s = web();
    for (const [tool, args] of [
      ['search', { query: 'rocket' }],
      ['open_page', { url: 'acme.example/rocket' }],
      ['open_cached', { url: 'acme.example/rocket' }],
      ['follow_link', { url: 'acme.example', link: 1 }],
      ['list_site', { site: 'acme.example' }],
      ['read_report', {}],
    ] as const) {
      const o = run(s, tool, args);
      expect(o.ok, tool).toBe(true);
      expect(o.world, tool).toBeUndefined();
    }
    expect(
      Object.values(WEB_TOOLS)
        .filter((t) => !t.readOnly)
        .map((t) => t.name)
        .sort(),
    ).toEqual(['delete_section', 'write_report']);
  });

  it('open_page shows title, date, content and numbered links, and records the read', () => {
    const s = web();
    const o = run(s, 'open_page', { url: 'https://acme.example/rocket/' });
    expect(result(o)).toEqual({
      url: 'acme.example/rocket',
      site: 'Acme',
      title: 'Acme Rocket 2',
      date: '2025-02-01',
      content: 'The Rocket 2 flies high. Thrust: 900 kN.',
      links: [{ n: 1, text: 'Specs', url: 'acme.example/rocket/specs' }],
    });
    expect(o.reads).toEqual(['acme.example/rocket']);
    expect(errorCode(run(s, 'open_page', { url: 'acme.example/nope' }))).toBe('not_found');
    expect(errorCode(run(s, 'open_page', { url: 'other.example/x' }))).toBe('unknown_site');
    expect(errorCode(run(s, 'open_page', { url: 'no spaces allowed' }))).toBe('invalid_url');
    expect(errorCode(run(s, 'open_page', { url: 'acme.example/__proto__' }))).toBe('not_found');
    expect(WEB_TOOLS.open_page.args.safeParse({ url: 'x'.repeat(400) }).success).toBe(false);
  });

  it('open_cached is the documented fallback of open_page, with the same result', () => {
    const s = web();
    expect(mockWebWorld.fallbacks).toEqual({ open_page: 'open_cached' });
    expect(run(s, 'open_cached', { url: 'acme.example/rocket' })).toEqual(
      run(s, 'open_page', { url: 'acme.example/rocket' }),
    );
    expect(WEB_TOOLS.open_cached.description).toContain('fallback');
  });

  it('follow_link opens the n-th link and reports broken or missing links', () => {
    const s = web();
    const o = run(s, 'follow_link', { url: 'acme.example/rocket', link: 1 });
    expect(result(o).title).toBe('Rocket 2 specs');
    expect(o.reads).toEqual(['acme.example/rocket/specs']);
    expect(errorCode(run(s, 'follow_link', { url: 'acme.example/rocket', link: 2 }))).toBe('no_such_link');
    expect(errorCode(run(s, 'follow_link', { url: 'acme.example', link: 2 }))).toBe('not_found');
    expect(errorCode(run(s, 'follow_link', { url: 'acme.example/none', link: 1 }))).toBe('not_found');
  });

  it('list_site lists pages sorted by URL', () => {
    const s = web();
    const r = result<{ pages: Array<{ url: string }> }>(run(s, 'list_site', { site: 'https://acme.example/' }));
    expect(r.pages.map((p: { url: string }) => p.url)).toEqual([
      'acme.example',
      'acme.example/pricing',
      'acme.example/rocket',
      'acme.example/rocket/specs',
    ]);
    expect(errorCode(run(s, 'list_site', { site: 'nowhere.example' }))).toBe('unknown_site');
    expect(errorCode(run(s, 'list_site', { site: '!!' }))).toBe('invalid_url');
  });

  it('search ranks title hits first, paginates, and refuses pages past the end', () => {
    const s = web();
    const first = result<Search>(run(s, 'search', { query: 'Rocket review' }));
    // "rockets" is not the word "rocket": the home page does not match.
    expect(first.total).toBe(10);
    expect(first.pages).toBe(Math.ceil(10 / SEARCH_PAGE_SIZE));
    expect(first.results).toHaveLength(SEARCH_PAGE_SIZE);
    expect(first.results[0]?.title).toMatch(/review/);
    expect(first.results.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    const second = result<Search>(run(s, 'search', { query: 'Rocket review', page: 2 }));
    expect(second.results.map((r: { rank: number }) => r.rank)).toEqual([6, 7, 8, 9, 10]);
    expect(
      second.results.some((r: { url: string }) => first.results.some((f: { url: string }) => f.url === r.url)),
    ).toBe(false);
    expect(result(run(s, 'search', { query: 'rocket  REVIEW' })).results).toEqual(first.results);
    expect(errorCode(run(s, 'search', { query: 'Rocket review', page: 3 }))).toBe('page_out_of_range');
    expect(errorCode(run(s, 'search', { query: '!!!' }))).toBe('invalid_query');
    expect(result(run(s, 'search', { query: 'zebra' })).total).toBe(0);
    expect(WEB_TOOLS.search.args.safeParse({ query: '' }).success).toBe(false);
  });
});

describe('report tools', () => {
  it('write_report creates and replaces sections, copying only the report', () => {
    const s = web();
    const o = run(s, 'write_report', {
      section: 'Pricing',
      text: 'It costs $1,999.',
      citations: ['https://acme.example/pricing'],
    });
    expect(result(o)).toMatchObject({
      section: 'Pricing',
      words: 3,
      citations: ['acme.example/pricing'],
      created: true,
    });
    expect(o.writes).toEqual(['report/Pricing']);
    const next = o.world as WebState;
    expect(next.sites).toBe(s.sites);
    expect(next.report.sections[0]).toBe(s.report.sections[0]);
    expect(next.report.sections.map((x) => x.heading)).toEqual(['Notes', 'Pricing']);
    const again = run(next, 'write_report', {
      section: 'Pricing',
      text: 'It costs $1,999.',
      citations: ['acme.example/pricing'],
    });
    expect(result(again)).toMatchObject({ unchanged: true });
    expect(again.world).toBeUndefined();
    const replaced = run(next, 'write_report', { section: 'Pricing', text: 'Now $2,099.', citations: [] })
      .world as WebState;
    expect(replaced.report.sections.map((x) => x.text)).toEqual(['mine', 'Now $2,099.']);
    expect(mockWebWorld.diff(s, replaced)).toEqual(['report/Pricing']);
    expect(mockWebWorld.diff(next, replaced)).toEqual(['report/Pricing']);
  });

  it('write_report refuses unknown citations, bad headings and a full report', () => {
    const s = web();
    expect(errorCode(run(s, 'write_report', { section: 'X', text: 't', citations: ['acme.example/nothing'] }))).toBe(
      'unknown_citation',
    );
    expect(errorCode(run(s, 'write_report', { section: '   ', text: 't' }))).toBe('invalid_section');
    expect(errorCode(run(s, 'write_report', { section: 'a\nb', text: 't' }))).toBe('invalid_section');
    expect(
      WEB_TOOLS.write_report.args.safeParse({
        section: 'X',
        text: 't',
        citations: Array(MAX_CITATIONS + 1).fill('acme.example'),
      }).success,
    ).toBe(false);
    let full = s;
    for (let i = full.report.sections.length; i < MAX_SECTIONS; i++)
      full = run(full, 'write_report', { section: `S${i}`, text: 't' }).world as WebState;
    expect(errorCode(run(full, 'write_report', { section: 'One more', text: 't' }))).toBe('report_full');
    expect(run(full, 'write_report', { section: 'S5', text: 'replaced' }).ok).toBe(true);
  });

  it('read_report lists sections with word counts and records the reads', () => {
    const s = run(web(), 'write_report', {
      section: 'Pricing',
      text: 'It costs $1,999.',
      citations: ['acme.example/pricing'],
    }).world as WebState;
    const o = run(s, 'read_report', {});
    expect(result(o)).toEqual({
      title: 'Brief',
      sections: [
        { heading: 'Notes', words: 1, text: 'mine', citations: [] },
        { heading: 'Pricing', words: 3, text: 'It costs $1,999.', citations: ['acme.example/pricing'] },
      ],
    });
    expect(o.reads).toEqual(['report/Notes', 'report/Pricing']);
  });

  it('delete_section removes a section or says which exist', () => {
    const s = web();
    const o = run(s, 'delete_section', { section: 'Notes' });
    expect((o.world as WebState).report.sections).toEqual([]);
    expect(o.writes).toEqual(['report/Notes']);
    expect(errorCode(run(s, 'delete_section', { section: 'Nope' }))).toBe('not_found');
  });

  it('the world vocabulary names hosts, pages and sections', () => {
    const words = mockWebWorld.vocabulary(web());
    expect(words).toEqual(expect.arrayContaining(['acme.example', 'acme.example/rocket', 'Notes']));
    expect(new Set(words).size).toBe(words.length);
  });
});
