/**
 * `docs/checks.md` is generated from the checker's rule table (`faultline docs --checks
 * docs/checks.md`); this fails when it is stale, and checks that every issue the checker reports
 * names its rule and a fix.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, CHECK_RULES, checkEnv, type CheckIssue } from '../../src/core/checker.js';
import { checksDoc } from '../../src/report/checks-doc.js';
import * as broken from '../fixtures/broken-envs.js';

describe('docs/checks.md', () => {
  it('is up to date with the rule table', () => {
    const doc = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');
    expect(doc, 'run `npx faultline docs --checks docs/checks.md`').toBe(checksDoc());
  });

  it('documents every check, with an id the check name starts with, a description and a fix', () => {
    expect(Object.keys(CHECK_RULES)).toEqual(Object.keys(CHECKS));
    for (const [key, rule] of Object.entries(CHECK_RULES)) {
      expect(rule.check).toBe(CHECKS[key as keyof typeof CHECKS]);
      expect(rule.check.startsWith(`${rule.id} `), rule.check).toBe(true);
      expect(rule.checks.length).toBeGreaterThan(40);
      expect(rule.fix.length).toBeGreaterThan(40);
      expect(checksDoc()).toContain(`<a id="${rule.id.toLowerCase()}"></a>`);
    }
  });
});

describe('checker messages', () => {
  const FAST = { numSteps: 30 } as const;
  let issues: CheckIssue[] = [];
  beforeAll(() => {
    issues = [
      broken.mathRandomDrift,
      broken.sharedCurrentDrift,
      broken.laxOrderDrift,
      broken.nonJsonObservationDrift,
      broken.throwsOnGarbageDrift,
      broken.goodDrift,
    ]
      .map((factory) => checkEnv(factory, FAST))
      .flatMap((r) => [...r.errors, ...r.warnings]);
  });

  it('name their rule id and its section of docs/checks.md, and give a fix', () => {
    expect(issues.length).toBeGreaterThan(5);
    for (const issue of issues) {
      const rule = Object.values(CHECK_RULES).find((r) => r.check === issue.check);
      expect(rule, issue.check).toBeDefined();
      expect(issue.message).toContain(`(rule ${rule?.id}, docs/checks.md#${rule?.id.toLowerCase()})`);
      expect(issue.message).toMatch(/Likely fix:|Fix: /);
    }
  });

  it("carry the rule's fix when the message has no specific one", () => {
    const general = issues.filter((i) => !/Likely fix:/.test(i.message));
    expect(general.length, 'the sample has issues without a specific fix').toBeGreaterThan(0);
    for (const issue of general) {
      const rule = Object.values(CHECK_RULES).find((r) => r.check === issue.check);
      expect(issue.message).toContain(`Fix: ${rule?.fix}`);
    }
  });
});
