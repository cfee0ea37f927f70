/**
 * The report of a mixed run, opened in a real browser (the system's Chromium, driven by
 * playwright-core; nothing downloads a browser): it opens without console errors, every chart
 * renders and draws what it says, every link to a drill-down lands on the episode, and a model's
 * text with markup shows as text. Screenshots of the first screen at 1400 px, of the whole page
 * and of a drill-down are kept in test-output/browser/ for a person to look at.
 *
 * Full suite only (`npm run test:full`); without a Chromium it fails saying how to install one.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorId } from '../../src/report/html/sections/common.js';
import type { EpisodeRecord } from '../../src/run/records.js';
import { chromiumExecutable } from '../support/chromium.js';
import { MARKUP_MESSAGE, MIXED_RUN, MODEL_TEAM, makeMixedReport, type MixedReport } from './browser/mixed-run.js';
import { followLinks } from './browser/follow-links.js';
import {
  chartFacts,
  inPageLinks,
  markupEffects,
  overflowsSideways,
  reveal,
  type ChartFacts,
  type LinkFacts,
} from './browser/page-facts.js';
import { openReport, VIEWPORT, type ReportPage } from './browser/session.js';

/** Where the screenshots go (ignored by git), emptied at the start of the run. */
const OUTPUT = fileURLToPath(new URL('../../test-output/browser/', import.meta.url));

/**
 * Each test's limit: on 2 cores busy with the rest of the full suite Chromium runs several times
 * slower than alone (about 3 s a test).
 */
const TEST_MS = 120_000;

/** How long a followed link may take to land (smooth scrolling, a script opening the target). */
const LANDING_MS = 5_000;

/** The part of the model's message that would have become elements had it not been escaped. */
const LITERAL_MARKUP = '<b>bold</b><script>window.__pwned=1</script>';

let root: string;
let run: MixedReport;
let url: string;
let browser: Browser | undefined;

beforeAll(async () => {
  // First, so a machine without Chromium fails at once with the way to install it.
  const executablePath = chromiumExecutable();
  root = mkdtempSync(join(tmpdir(), 'faultline-browser-'));
  run = await makeMixedReport(root);
  url = pathToFileURL(run.reportPath).href;
  rmSync(OUTPUT, { recursive: true, force: true });
  mkdirSync(OUTPUT, { recursive: true });
  browser = await chromium.launch({ executablePath, timeout: 60_000 });
}, TEST_MS);

afterAll(async () => {
  await browser?.close();
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

/** Opens the report in a fresh page, runs `use`, then checks the page stayed quiet, and closes it. */
async function withReport(use: (report: ReportPage) => Promise<void>): Promise<void> {
  if (browser === undefined) throw new Error('Chromium did not start (see the error of beforeAll)');
  const report = await openReport(browser, url);
  try {
    await use(report);
    expect(report.consoleErrors, 'console errors').toEqual([]);
    expect(report.pageErrors, 'uncaught page errors').toEqual([]);
    // Self-contained: the page asks for nothing but itself (an injected <img src=x> would ask for x).
    expect(
      report.requests.filter((r) => r !== url),
      'requests besides the report',
    ).toEqual([]);
  } finally {
    await report.close();
  }
}

/** Saves a screenshot under {@link OUTPUT} and prints its path. */
async function screenshot(report: ReportPage, name: string, fullPage = false): Promise<string> {
  const path = join(OUTPUT, name);
  await report.page.screenshot({ path, fullPage });
  console.log(`browser test screenshot: ${path}`);
  return path;
}

const failed = (): EpisodeRecord[] => run.records.filter((r) => !r.success);
const cellKey = (env: string, team: string) => `${env} ${team}`;

/** Episodes and successes per (env, team) of the run. */
function cellCounts(): Map<string, { successes: number; episodes: number }> {
  const counts = new Map<string, { successes: number; episodes: number }>();
  for (const r of run.records) {
    const key = cellKey(r.envId, r.team);
    const c = counts.get(key) ?? { successes: 0, episodes: 0 };
    counts.set(key, { successes: c.successes + (r.success ? 1 : 0), episodes: c.episodes + 1 });
  }
  return counts;
}

/** The charts whose label matches `pattern`, failing with every label when there is none. */
function chartsLabelled(charts: readonly ChartFacts[], pattern: RegExp): ChartFacts[] {
  const found = charts.filter((c) => pattern.test(c.label));
  if (found.length === 0)
    throw new Error(`no chart labelled ${pattern}; the charts are: ${charts.map((c) => c.label).join(' | ')}`);
  return found;
}

describe('the report of a mixed run in Chromium', { timeout: TEST_MS }, () => {
  it('comes from a mixed run: the oracle, flawed teams, a baseline and a model team, failures among them', () => {
    const teams = new Set(run.records.map((r) => r.team));
    expect([...teams].sort()).toEqual([...MIXED_RUN.teams].sort());
    expect(run.records).toHaveLength(
      MIXED_RUN.envs.length * MIXED_RUN.teams.length * MIXED_RUN.seeds.length * MIXED_RUN.trials,
    );
    expect(run.records.filter((r) => r.team === 'oracle').every((r) => r.success)).toBe(true);
    expect(failed().some((r) => r.team === 'brittle' || r.team === 'lossy-handoff')).toBe(true);
    // The model wrote its markup and then finished early: every episode of it failed.
    expect(run.records.filter((r) => r.team === MODEL_TEAM).every((r) => !r.success)).toBe(true);
    expect(run.modelRequests).toBeGreaterThanOrEqual(2 * run.records.filter((r) => r.team === MODEL_TEAM).length);
    console.log(
      `browser test run: ${run.records.length} episodes (${failed().length} failed), ${run.modelRequests} model requests; report ${run.reportPath}`,
    );
  });

  it('opens without console errors, page errors or requests beyond itself, and fits 1400 px (screenshots kept)', async () => {
    await withReport(async (report) => {
      await screenshot(report, 'first-screen-1400.png');
      await screenshot(report, 'full-page-1400.png', true);
      expect(await report.page.title()).not.toBe('');
      const { scrollWidth, clientWidth } = await overflowsSideways(report.page);
      expect(scrollWidth, `the page scrolls sideways at ${VIEWPORT.width} px`).toBeLessThanOrEqual(clientWidth);
    });
  });

  it('renders every chart: a box, drawn shapes, a drawn mark per datum, and marks for every team its legend names', async () => {
    await withReport(async (report) => {
      const charts = await chartFacts(report.page);
      const inSource = readFileSync(run.reportPath, 'utf8').match(/<svg[\s>]/g)?.length ?? 0;
      // Every chart of the HTML is a chart in the page: none was lost to a parsing error.
      expect(charts.length).toBe(inSource);
      expect(charts.length).toBeGreaterThan(5);
      const teams = new Set<string>(MIXED_RUN.teams);
      const problems: string[] = [];
      for (const [i, c] of charts.entries()) {
        const name = `chart ${i + 1} "${c.label}"`;
        if (!(c.width > 0 && c.height > 0)) problems.push(`${name} has an empty box (${c.width} × ${c.height})`);
        if (c.drawn === 0) problems.push(`${name} draws nothing (${c.shapes} shapes, none with a box)`);
        if (c.marks.length === 0) problems.push(`${name} has no marks (groups with a title)`);
        for (const m of c.marks)
          if (!(m.width > 0 || m.height > 0)) problems.push(`${name}: mark "${m.title}" has an empty box`);
        for (const team of c.legend.filter((item) => teams.has(item)))
          if (!c.marks.some((m) => m.title.includes(team)))
            problems.push(`${name}: the legend names ${team}, but no mark is ${team}'s`);
      }
      expect(problems).toEqual([]);
      const marks = charts.reduce((n, c) => n + c.marks.length, 0);
      const drawn = charts.reduce((n, c) => n + c.drawn, 0);
      console.log(`browser test charts: ${charts.length} charts, ${marks} marks, ${drawn} drawn shapes`);
    });
  });

  it('draws the counts of the run: one success bar per cell, and each team’s episodes in how the episodes ended', async () => {
    await withReport(async (report) => {
      const charts = await chartFacts(report.page);
      const counts = cellCounts();
      const [success] = chartsLabelled(charts, /success rate/i);
      expect(success?.marks).toHaveLength(counts.size);
      for (const [key, c] of counts) {
        const [env = '', team = ''] = key.split(' ');
        const bars = success?.marks.filter((m) => m.title.includes(env) && m.title.includes(`${team}:`)) ?? [];
        expect(
          bars.map((b) => b.title),
          `the success bar of ${key}`,
        ).toHaveLength(1);
        expect(bars[0]?.title).toContain(`${c.successes} of ${c.episodes}`);
      }
      const ended = chartsLabelled(charts, /how the episodes ended/i);
      expect(ended).toHaveLength(MIXED_RUN.envs.length);
      for (const env of MIXED_RUN.envs) {
        const chart = ended.find((c) => c.label.includes(env));
        expect(chart, `how the episodes of ${env} ended`).toBeDefined();
        for (const team of MIXED_RUN.teams) {
          const shown = (chart?.marks ?? [])
            .filter((m) => m.title.startsWith(`${team} `))
            .reduce((n, m) => n + Number(/(\d+) of \d+/.exec(m.title)?.[1] ?? NaN), 0);
          expect(shown, `episodes of ${team} on ${env} in "${chart?.label}"`).toBe(
            counts.get(cellKey(env, team))?.episodes,
          );
        }
      }
    });
  });

  it('has a link to every drill-down, and every link lands on its episode, opened and in view', async () => {
    await withReport(async (report) => {
      const { page } = report;
      const links = await inPageLinks(page);
      expect(
        links.filter((l) => !l.targetExists).map((l) => l.href),
        'links to nothing',
      ).toEqual([]);
      const drilldowns = new Set<string>();
      for (const r of failed()) {
        const id = anchorId('ep', r.id);
        if (await page.locator(`[id="${id}"]`).count()) drilldowns.add(id);
      }
      expect(drilldowns.size, 'drill-downs of failed episodes in the report').toBeGreaterThan(0);
      const visible = links.filter((l) => l.visible);
      // A link leads to a drill-down when it points at it or into it.
      const leadsTo = (l: LinkFacts) => l.within.find((id) => drilldowns.has(id));
      const unlinked = [...drilldowns].filter((id) => !visible.some((l) => leadsTo(l) === id));
      expect(unlinked, 'drill-downs no link on the page (as it opens) leads to').toEqual([]);

      let shot = false;
      const problems = await followLinks(page, visible, {
        timeoutMs: LANDING_MS,
        after: async (link) => {
          // What a reader sees after following a link to the model team's episode.
          if (shot || !leadsTo(link)?.includes(MODEL_TEAM)) return;
          shot = true;
          await screenshot(report, 'drilldown-after-link-1400.png');
        },
      });
      expect(problems, 'links that did not land on their target').toEqual([]);
      const toDrilldowns = visible.filter((l) => leadsTo(l) !== undefined).length;
      console.log(
        `browser test links: ${new Set(visible.map((l) => l.href)).size} in-page links followed (${toDrilldowns} to ${drilldowns.size} drill-downs), all landed`,
      );
    });
  });

  it("shows a model's text with markup as text: no element, no script, no request made from it", async () => {
    await withReport(async (report) => {
      const { page } = report;
      const episode = failed().find((r) => r.team === MODEL_TEAM);
      expect(episode).toBeDefined();
      expect(await reveal(page, anchorId('ep', episode?.id ?? '')), 'the model team’s drill-down').toBe(true);
      // The run has no blame.json: the opened drill-down says, in one visible line, how to get blame.
      const blameHint = page.locator(`[id="${anchorId('ep', episode?.id ?? '')}"] .blame`).filter({ visible: true });
      expect(await blameHint.textContent()).toBe(
        'Blame by intervention: not computed. Run faultline blame DIR to find the role and step whose correction flips this failure.',
      );
      const literal = page.getByText(LITERAL_MARKUP, { exact: false }).filter({ visible: true });
      expect(await literal.count(), `visible text "${LITERAL_MARKUP}"`).toBeGreaterThan(0);
      // The whole message arrived as text, the image tag and its handler included.
      expect(await literal.first().textContent()).toContain(MARKUP_MESSAGE);
      expect(await markupEffects(page)).toEqual({
        pwned: 'undefined',
        boldElements: 0,
        injectedImages: 0,
        injectedScripts: 0,
      });
      await literal.first().scrollIntoViewIfNeeded();
      await screenshot(report, 'markup-message-1400.png');
    });
  });
});
