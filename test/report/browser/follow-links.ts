/**
 * Following the report's in-page links as a reader does: from the page as it opened, click the
 * link, and see whether its target came into view, opened.
 */
import type { Page } from 'playwright-core';
import { landed, openDetails, restoreView, waitForLanding, type LinkFacts } from './page-facts.js';

/** How {@link followLinks} follows. */
export interface FollowOptions {
  /** How long a link may take to land (smooth scrolling, a script opening the target). */
  readonly timeoutMs: number;
  /** Called after each link has been followed (and has landed or not), e.g. for a screenshot. */
  readonly after?: (link: LinkFacts) => Promise<void>;
}

/**
 * Follows each distinct link of `links` (each visible on `page`, just opened) and returns one
 * line per link that did not land: its text, href and where its target was.
 */
export async function followLinks(page: Page, links: readonly LinkFacts[], options: FollowOptions): Promise<string[]> {
  const problems: string[] = [];
  const followed = new Set<string>();
  const atLoad = await openDetails(page);
  for (const link of links) {
    if (followed.has(link.href)) continue;
    followed.add(link.href);
    // From the page as it opened: what an earlier link opened or scrolled must not help. (Put
    // back in place: a reload per link costs a second each on a busy machine.)
    await restoreView(page, atLoad);
    await page
      .locator(`a[href="${link.href}"]`)
      .filter({ visible: true })
      .first()
      .click({ timeout: options.timeoutMs });
    const at = await waitForLanding(page, link.target, options.timeoutMs);
    if (!landed(at)) {
      const where = at.exists
        ? `<${at.tag}> ${at.open ? 'open' : 'closed (or inside a closed <details>)'}, ${at.visible ? 'visible' : 'hidden'}, ${at.uncovered ? 'uncovered' : 'covered by another element at its top'}, top ${Math.round(at.top)} px of a ${at.viewportHeight} px viewport, height ${Math.round(at.height)} px`
        : 'no such element';
      problems.push(`"${link.text}" (${link.href}; hash now ${at.hash || 'empty'}): ${where}`);
    }
    await options.after?.(link);
  }
  return problems;
}
