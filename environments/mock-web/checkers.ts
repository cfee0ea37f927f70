/**
 * Constraint checkers of the mock-web world, by `kind`. Each is pure and cheap (the report holds
 * a handful of sections). Text matches are case-insensitive substrings, so a free-text report
 * written by an LLM is graded the same way as the oracle's.
 *
 * Parameters come from the task's constraint (`params`); a checker given malformed parameters
 * says the constraint does not hold rather than throwing.
 */
import type { ConstraintChecker } from '../../src/team/world.js';
import { answerAsserts } from '../../src/facts/index.js';
import { stringParam as str, stringListParam as strs } from '../../src/world/checker-params.js';
import { allowListParam } from '../../src/world/allow-list.js';
import type { WebState } from './state.js';
import { diffStates, getSection, pageAt, parseUrl, wordCount } from './state.js';

/** `section-mentions` {heading, mentions}: the section exists and its text contains every string. */
export const sectionMentions: ConstraintChecker<WebState> = (ctx) => {
  const heading = str(ctx, 'heading');
  const mentions = strs(ctx, 'mentions');
  if (!heading || !mentions) return false;
  const section = getSection(ctx.world.report, heading);
  if (!section) return false;
  const text = section.text.toLowerCase();
  return mentions.every((m) => text.includes(m.toLowerCase()));
};

/** `section-cites` {heading, urls}: the section exists and cites every URL. */
export const sectionCites: ConstraintChecker<WebState> = (ctx) => {
  const heading = str(ctx, 'heading');
  const urls = strs(ctx, 'urls');
  if (!heading || !urls) return false;
  const section = getSection(ctx.world.report, heading);
  return !!section && urls.every((u) => section.citations.includes(u));
};

/** `excluded-source` {host}: no section cites a page of the site `host`. */
export const excludedSource: ConstraintChecker<WebState> = (ctx) => {
  const host = str(ctx, 'host');
  if (!host) return false;
  return ctx.world.report.sections.every((s) =>
    s.citations.every((c) => {
      const p = parseUrl(c);
      return !p.ok || p.host !== host;
    }),
  );
};

/** `report-excludes` {forbidden}: no section's text mentions any of the strings. */
export const reportExcludes: ConstraintChecker<WebState> = (ctx) => {
  const forbidden = strs(ctx, 'forbidden');
  if (!forbidden) return false;
  const needles = forbidden.map((f) => f.toLowerCase());
  return ctx.world.report.sections.every((s) => {
    const text = s.text.toLowerCase();
    return needles.every((n) => !text.includes(n));
  });
};

/**
 * `max-words` {max, headings?}: no section (or none of `headings`, when given) is longer than
 * `max` words. `max` is a number or a numeric string (a string follows a change of requirement).
 */
export const maxWords: ConstraintChecker<WebState> = (ctx) => {
  const max = Number(ctx.params['max']);
  if (!Number.isFinite(max)) return false;
  const headings = strs(ctx, 'headings');
  return ctx.world.report.sections.every(
    (s) => (headings && !headings.includes(s.heading)) || wordCount(s.text) <= max,
  );
};

/** `section-excludes` {heading, forbidden}: the section, if present, mentions none of the strings. */
export const sectionExcludes: ConstraintChecker<WebState> = (ctx) => {
  const heading = str(ctx, 'heading');
  const forbidden = strs(ctx, 'forbidden');
  if (!heading || !forbidden) return false;
  const section = getSection(ctx.world.report, heading);
  if (!section) return true;
  const text = section.text.toLowerCase();
  return forbidden.every((f) => !text.includes(f.toLowerCase()));
};

/** `section-order` {headings}: every heading is a section, in this relative order (other sections may sit between). */
export const sectionOrder: ConstraintChecker<WebState> = (ctx) => {
  const headings = strs(ctx, 'headings');
  if (!headings) return false;
  const sections = ctx.world.report.sections;
  let at = -1;
  for (const h of headings) {
    const i = sections.findIndex((s) => s.heading === h);
    if (i <= at) return false;
    at = i;
  }
  return true;
};

/** `all-cited` {headings}: every one of these sections exists and cites at least one page, and every citation is a page of the web. */
export const allCited: ConstraintChecker<WebState> = (ctx) => {
  const headings = strs(ctx, 'headings');
  if (!headings) return false;
  for (const h of headings) {
    const s = getSection(ctx.world.report, h);
    if (!s || s.citations.length === 0) return false;
  }
  return ctx.world.report.sections.every((s) => s.citations.every((c) => pageAt(ctx.world, c) !== undefined));
};

/**
 * `no-collateral` {allow}: every entity that differs from the start (report sections as
 * `report/<heading>`) is allowed by an entry of `allow` (exact ids, or prefixes ending with `/`).
 */
export const noCollateral: ConstraintChecker<WebState> = (ctx) => {
  const allow = allowListParam(ctx, 'allow');
  if (!allow) return false;
  return diffStates(ctx.initial, ctx.world).every((id) => allow.allows(id));
};

/**
 * `answer-mentions` {mentions}: the final answer asserts every value — states it in any form a
 * careful reader accepts, and does not hedge it among competing values ("X or Y").
 */
export const answerMentions: ConstraintChecker<WebState> = (ctx) => {
  const mentions = strs(ctx, 'mentions');
  if (ctx.answer === null || !mentions) return false;
  const answer = ctx.answer;
  return mentions.every((m) => answerAsserts(answer, m));
};

/** Every checker of the world, by constraint kind. */
export const WEB_CHECKERS: Readonly<Record<string, ConstraintChecker<WebState>>> = {
  'section-mentions': sectionMentions,
  'section-cites': sectionCites,
  'excluded-source': excludedSource,
  'report-excludes': reportExcludes,
  'max-words': maxWords,
  'section-excludes': sectionExcludes,
  'section-order': sectionOrder,
  'all-cited': allCited,
  'no-collateral': noCollateral,
  'answer-mentions': answerMentions,
};
