/**
 * The `mock-web` world: a seeded web of sites, dated pages, links and a ranked search engine, and
 * a report to write with citations, with the task families `mock-web/research-report-v1` and `mock-web/compare-products-v1`.
 */
import type { TaskFamily } from '../../src/team/world.js';
import type { WebState } from './state.js';
import { generateResearchReport, researchReportFamily } from './families/research-report.js';
import { compareProductsFamily, generateCompareProducts } from './families/compare-products.js';

export { mockWebWorld } from './world.js';
export { WEB_TOOLS } from './tools.js';
export { WEB_CHECKERS } from './checkers.js';
export {
  diffStates,
  parseUrl,
  wordCount,
  type WebState,
  type WebSite,
  type WebPage,
  type WebLink,
  type Report,
  type ReportSection,
} from './state.js';
export { researchReportFamily, generateResearchReport, compareProductsFamily, generateCompareProducts };

/** Every task family of the mock-web world. */
export const MOCK_WEB_FAMILIES: readonly TaskFamily<WebState>[] = [researchReportFamily, compareProductsFamily];
