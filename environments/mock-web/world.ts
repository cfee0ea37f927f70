/**
 * The `mock-web` world: a small seeded web (sites of pages with dates and links, and a ranked,
 * paginated search engine) a research team browses, and the report it writes from what it read.
 */
import { resizeWeb } from './distractors.js';
import type { World } from '../../src/team/world.js';
import type { WebState } from './state.js';
import { allUrls, diffStates, sectionEntity } from './state.js';
import { WEB_TOOLS } from './tools.js';
import { WEB_CHECKERS } from './checkers.js';
import { mockWebVariants } from './variants.js';

/** Most words {@link mockWebWorld}'s vocabulary returns. */
const VOCABULARY_LIMIT = 80;

/** The mock-web world. Entity ids are page URLs (`host/path`) and report sections (`report/<heading>`). */
export const mockWebWorld: World<WebState> = {
  id: 'mock-web',
  description:
    'A seeded web of sites and dated pages with links, a ranked and paginated search engine, and a report to write with citations. Tools: search, open_page (open_cached is its documented fallback), follow_link, list_site, read_report, write_report, delete_section.',
  tools: WEB_TOOLS,
  checkers: WEB_CHECKERS,
  fallbacks: { open_page: 'open_cached' },
  variants: mockWebVariants,
  resize: resizeWeb,
  diff(before, after) {
    return diffStates(before, after).sort();
  },
  sabotage(world) {
    return world.report.sections.map((section) => ({
      tool: 'delete_section',
      args: { section: section.heading },
      target: sectionEntity(section.heading),
    }));
  },
  vocabulary(world) {
    const words = [
      ...Object.keys(world.sites).sort(),
      ...allUrls(world),
      ...world.report.sections.map((s) => s.heading),
    ];
    return [...new Set(words)].slice(0, VOCABULARY_LIMIT);
  },
};
