/**
 * What the browser test reads from the report as Chromium laid it out: the charts with their
 * marks and legends, the in-page links, where a link landed, and what became of the markup a
 * model wrote. Each function runs one script in the page and returns plain data to assert on.
 * (The scripts are self-contained: Playwright sends their source to the page.)
 */
import type { Page } from 'playwright-core';
import type { PageElement, PageWindow } from './dom.js';

/** A drawn datum of a chart: an SVG group with its own `<title>` (its tooltip). */
export interface ChartMark {
  readonly title: string;
  readonly width: number;
  readonly height: number;
}

/** One `<svg>` of the report, as laid out. */
export interface ChartFacts {
  /** Its `aria-label`, else its own `<title>`. */
  readonly label: string;
  readonly width: number;
  readonly height: number;
  /** Shapes and texts with a non-empty box. */
  readonly drawn: number;
  /** Shapes and texts in all. */
  readonly shapes: number;
  readonly marks: readonly ChartMark[];
  /** The items of the legend of the figure the chart is in. */
  readonly legend: readonly string[];
}

/**
 * Every chart of the page, with every `<details>` opened first so charts in collapsed sections
 * are laid out too.
 */
export function chartFacts(page: Page): Promise<ChartFacts[]> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageWindow;
    for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
    return Array.from(document.querySelectorAll('svg')).map((svg) => {
      const box = svg.getBoundingClientRect();
      const shapes = Array.from(svg.querySelectorAll('rect, line, path, polyline, polygon, circle, ellipse, text'));
      const ownTitle = Array.from(svg.children).find((c) => c.tagName.toLowerCase() === 'title');
      const marks = Array.from(svg.querySelectorAll('g'))
        .map((g) => ({ g, title: Array.from(g.children).find((c) => c.tagName.toLowerCase() === 'title') }))
        .filter((m): m is { g: PageElement; title: PageElement } => m.title !== undefined)
        .map(({ g, title }) => {
          const r = g.getBoundingClientRect();
          return { title: title.textContent ?? '', width: r.width, height: r.height };
        });
      return {
        label: svg.getAttribute('aria-label') ?? ownTitle?.textContent ?? '',
        width: box.width,
        height: box.height,
        drawn: shapes.filter((s) => {
          const r = s.getBoundingClientRect();
          return r.width > 0 || r.height > 0;
        }).length,
        shapes: shapes.length,
        marks,
        legend: Array.from(svg.closest('figure')?.querySelectorAll('.legend li') ?? []).map((li) =>
          (li.textContent ?? '').trim(),
        ),
      };
    });
  });
}

/** An in-page link (`href="#…"`). */
export interface LinkFacts {
  readonly href: string;
  /** The id it points at (the fragment, decoded). */
  readonly target: string;
  readonly text: string;
  /** Whether a reader sees it on the page as loaded (not inside a collapsed section). */
  readonly visible: boolean;
  readonly targetExists: boolean;
  /** The ids of the target and of the elements around it, innermost first (a link may point into a drill-down). */
  readonly within: readonly string[];
}

/** Every in-page link of the page, as it is now. */
export function inPageLinks(page: Page): Promise<LinkFacts[]> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageWindow;
    return Array.from(document.querySelectorAll('a[href^="#"]')).map((a) => {
      const href = a.getAttribute('href') ?? '';
      const target = decodeURIComponent(href.slice(1));
      const box = a.getBoundingClientRect();
      const within: string[] = [];
      for (let at = target === '' ? null : document.getElementById(target); at !== null; at = at.parentElement)
        if (at.id !== '') within.push(at.id);
      return {
        href,
        target,
        text: (a.textContent ?? '').trim(),
        visible: a.checkVisibility() && box.width > 0 && box.height > 0,
        targetExists: within.length > 0,
        within,
      };
    });
  });
}

/** Where the element with an id is, for a reader who just followed a link to it. */
export interface Landing {
  readonly exists: boolean;
  readonly tag: string;
  readonly hash: string;
  /** It and every `<details>` around it are open (a `<details>` target must be open itself). */
  readonly open: boolean;
  readonly visible: boolean;
  /** What a reader sees at its top edge is it (not a sticky header or another element over it). */
  readonly uncovered: boolean;
  /** Its top edge, relative to the viewport. */
  readonly top: number;
  readonly height: number;
  readonly viewportHeight: number;
}

/** Where the element with `id` is now. */
export function landing(page: Page, id: string): Promise<Landing> {
  return page.evaluate((target) => {
    const w = globalThis as unknown as PageWindow;
    const el = w.document.getElementById(target);
    if (el === null)
      return {
        exists: false,
        tag: '',
        hash: w.location.hash,
        open: false,
        visible: false,
        uncovered: false,
        top: 0,
        height: 0,
        viewportHeight: w.innerHeight,
      };
    let open = true;
    for (let at: PageElement | null = el; at !== null; at = at.parentElement)
      if (at.tagName.toLowerCase() === 'details' && at.open !== true) open = false;
    const box = el.getBoundingClientRect();
    // A point just inside its top-left corner: the first line a reader looks at.
    const hit = w.document.elementFromPoint(
      box.left + Math.min(box.width / 2, 8),
      box.top + Math.min(box.height / 2, 4),
    );
    return {
      exists: true,
      tag: el.tagName.toLowerCase(),
      hash: w.location.hash,
      open,
      visible: el.checkVisibility(),
      uncovered: hit !== null && el.contains(hit),
      top: box.top,
      height: box.height,
      viewportHeight: w.innerHeight,
    };
  }, id);
}

/** Whether a reader who followed a link sees its target: open, visible, its top in the viewport and uncovered. */
export function landed(at: Landing): boolean {
  return (
    at.exists && at.open && at.visible && at.uncovered && at.height > 0 && at.top >= -2 && at.top < at.viewportHeight
  );
}

/**
 * Waits (polling) until the element with `id` has {@link landed}, up to `timeoutMs` (the page
 * may scroll smoothly or open the target from a script); returns where it is at the end.
 */
export async function waitForLanding(page: Page, id: string, timeoutMs: number): Promise<Landing> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const at = await landing(page, id);
    if (landed(at) || performance.now() > deadline) return at;
    await page.waitForTimeout(50);
  }
}

/** Opens the element with `id` and every `<details>` around it, and scrolls it to the top. */
export function reveal(page: Page, id: string): Promise<boolean> {
  return page.evaluate((target) => {
    const { document } = globalThis as unknown as PageWindow;
    const el = document.getElementById(target);
    if (el === null) return false;
    for (let at: PageElement | null = el; at !== null; at = at.parentElement)
      if (at.tagName.toLowerCase() === 'details') at.open = true;
    el.scrollIntoView({ block: 'start' });
    return true;
  }, id);
}

/** Which `<details>` of the page are open, in document order. */
export function openDetails(page: Page): Promise<boolean[]> {
  return page.evaluate(() =>
    Array.from((globalThis as unknown as PageWindow).document.querySelectorAll('details')).map((d) => d.open === true),
  );
}

/**
 * Puts the page back as it opened, without reloading it: the `<details>` open as in `open`
 * (from {@link openDetails} at load), scrolled to the top, no fragment in the URL.
 */
export function restoreView(page: Page, open: readonly boolean[]): Promise<void> {
  return page.evaluate((initial) => {
    const w = globalThis as unknown as PageWindow;
    Array.from(w.document.querySelectorAll('details')).forEach((d, i) => {
      d.open = initial[i] === true;
    });
    w.history.replaceState(null, '', w.location.pathname);
    w.scrollTo(0, 0);
  }, open);
}

/** What the markup of {@link MARKUP_MESSAGE} would have made, had the report not escaped it. */
export interface MarkupEffects {
  /** `window.__pwned`, set by the injected script or the image's error handler. */
  readonly pwned: string;
  /** `<b>` elements whose text is exactly "bold". */
  readonly boldElements: number;
  /** `<img src="x">` elements. */
  readonly injectedImages: number;
  /** `<script>` elements that mention `__pwned`. */
  readonly injectedScripts: number;
}

/** What the page holds of the injected markup's effects. */
export function markupEffects(page: Page): Promise<MarkupEffects> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    const all = (selector: string) => Array.from(w.document.querySelectorAll(selector));
    return {
      pwned: String(w.__pwned),
      boldElements: all('b').filter((b) => b.textContent === 'bold').length,
      injectedImages: all('img').filter((img) => img.getAttribute('src') === 'x').length,
      injectedScripts: all('script').filter((s) => (s.textContent ?? '').includes('__pwned')).length,
    };
  });
}

/** Whether the page scrolls sideways (something is wider than the viewport). */
export function overflowsSideways(page: Page): Promise<{ readonly scrollWidth: number; readonly clientWidth: number }> {
  return page.evaluate(() => {
    const { documentElement } = (globalThis as unknown as PageWindow).document;
    return { scrollWidth: documentElement.scrollWidth, clientWidth: documentElement.clientWidth };
  });
}
