/**
 * Hedged answers: an answer that offers the expected value among competing values of the same
 * kind does not assert it; one that mentions other values for other reasons, or paraphrases the
 * expected one, does.
 */
import { describe, expect, it } from 'vitest';
import { answerAsserts, readAnswer } from '../../src/facts/index.js';

describe('answerAsserts', () => {
  it.each([
    ['The culprit is payments-router or coupons-gateway.', 'payments-router'],
    ['The culprit is either coupons-gateway or payments-router.', 'payments-router'],
    ['It now runs v3.5.2/v3.5.3.', 'v3.5.2'],
    ['It now runs v3.5.2, maybe v3.5.3.', 'v3.5.2'],
    ['Probably v3.5.2, though v3.5.1 is possible too', 'v3.5.2'],
    ['Not sure: €549 or €669, the pricing page was unclear.', '€549'],
    ['The price is one of £149, £159', '£149'],
    ['Refunded 688.19 GBP, possibly 689.19 GBP.', '688.19'],
    ['Migrated 6 contacts, perhaps 7 contacts.', '6 contacts'],
    ['The winner might be the Arkwright Drift 6 or the Solenne Orbit 4.', 'Arkwright Drift 6'],
    ['Deployed on 14 March 2026 or 15 March 2026', '2026-03-14'],
    ['The culprit is payments-router, coupons-gateway or fraud-store.', 'payments-router'],
    ['At €549 (or €669).', '€549'],
  ])('a hedge does not assert: %s', (answer, expected) => {
    expect(answerAsserts(answer, expected)).toBe(false);
    expect(readAnswer(answer, expected).hedgedWith.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'The culprit was payments-router (its builds v3.5.3 and v3.5.4 return 500s to its callers). It now runs v3.5.2, deployed under CHG-25171 for INC-1646; reviews-sync, identity-api recovered.',
      ['payments-router', 'v3.5.2'],
    ],
    [
      'Recommended: the Petrel Nimbus 4, with the highest storage within the £400 budget, at £149 (petrel.example/pricing).',
      ['Petrel Nimbus 4', '£149'],
    ],
    [
      'Rolled out v1.6.0 to 6 services under CHG-61877; search-web stays on v1.5.1 (change freeze).',
      ['v1.6.0', 'CHG-61877'],
    ],
    [
      'Reconciled: refunded 3 duplicate charges totalling 688.19 GBP (ORD-2297, ORD-2221); ORD-2202 await approval.',
      ['688.19'],
    ],
    ['Migrated 6 contacts of wholesale; skipped 2 past the retention period and 1 without consent.', ['6 contacts']],
    ['It now runs version 4.4.5 (not 4.4.6 or 4.4.7, which fail).', ['v4.4.5']],
    ['The official price is 149.00 GBP, not £159 as the forum said.', ['£149']],
    ['It now runs **Version 3.5.2**; the culprit was the Payments Router service.', ['v3.5.2', 'payments-router']],
  ])('a committed answer asserts its values: %s', (answer, expected) => {
    for (const value of expected) expect(answerAsserts(answer, value), value).toBe(true);
  });

  it('a value the answer does not state is not asserted', () => {
    expect(answerAsserts('It now runs v3.5.3.', 'v3.5.2')).toBe(false);
    expect(readAnswer('It now runs v3.5.3.', 'v3.5.2')).toEqual({ mentioned: false, hedgedWith: [] });
  });

  it('an answer read again, or for another name of the same shape, gives each name its own rivals', () => {
    const answer = 'The culprit is payments-router or coupons-gateway; fraud-store is fine.';
    for (let round = 0; round < 2; round++) {
      expect(readAnswer(answer, 'payments-router').hedgedWith).toEqual(['coupons-gateway']);
      expect(readAnswer(answer, 'coupons-gateway').hedgedWith).toEqual(['payments-router']);
      expect(readAnswer(answer, 'fraud-store')).toEqual({ mentioned: true, hedgedWith: [] });
    }
    // The same name in another answer: its rivals are that answer's.
    expect(readAnswer('Either payments-router or fraud-store.', 'payments-router').hedgedWith).toEqual(['fraud-store']);
  });

  it('given competitors, only those count', () => {
    const answer = 'The culprit is payments-router or the load balancer.';
    expect(answerAsserts(answer, 'payments-router', ['coupons-gateway'])).toBe(true);
    expect(answerAsserts('payments-router or coupons-gateway', 'payments-router', ['coupons-gateway'])).toBe(false);
  });
});
