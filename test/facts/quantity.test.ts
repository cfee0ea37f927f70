/**
 * A quantity fact in a unit of a known dimension qualifies only the numbers of a text that some
 * unit of the dimension turns into its amount (`numbersWhere` in `src/facts/scan.ts`), not every
 * number. It must find exactly what its definition finds: every number mention of the text,
 * qualified, that states the amount (`numberMatches`) — checked on texts of amounts in every unit
 * of the dimension, near misses, negative and rounded values, and numbers that are no quantity.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { findFact } from '../../src/facts/index.js';
import { numberMatches } from '../../src/facts/match.js';
import { readOnce } from '../../src/facts/scan.js';
import { classify } from '../../src/facts/value.js';
import { runs } from '../support/sizes.js';

/** The definition: every mention of the text qualified, then compared. */
function byDefinition(text: string, value: string): { start: number; end: number }[] {
  const fact = classify(value);
  if (!('number' in fact)) throw new Error(`${value} is not a numeric fact`);
  return readOnce(text)
    .numbers.filter((m) => numberMatches(fact, m))
    .map((m) => ({ start: m.start, end: m.end }));
}

const FACTS = ['890 Wh', '4,200 Mbps', '85 km', '1.5 kg', '250 ms', '500 m²', '12 GB', '3 hours', '0.5 l', '2 GHz'];

const amount = fc.constantFrom(
  '890',
  '0.89',
  '890,000',
  '4,200',
  '4.2',
  '4200000000',
  '85',
  '85,000',
  '85000',
  '0.085',
  '1.5',
  '1,500',
  '1500',
  '250',
  '0.25',
  '500',
  '0.0005',
  '12',
  '12,000',
  '0.012',
  '3',
  '180',
  '10,800',
  '0.5',
  '500',
  '2',
  '2,000',
  '2000000000',
  '-85',
  '890.0000000001',
  'eighty-five',
  'two',
  'three',
);
const unit = fc.constantFrom(
  '',
  ' ',
  ' Wh',
  ' kWh',
  ' watt-hours',
  ' Mbps',
  ' Gbps',
  ' bps',
  ' megabits per second',
  ' km',
  ' m',
  ' metres',
  ' mm',
  ' kg',
  ' g',
  ' grams',
  ' ms',
  ' s',
  ' seconds',
  ' min',
  ' hours',
  ' h',
  ' m²',
  ' square metres',
  ' km²',
  ' GB',
  ' MB',
  ' KB',
  ' TB',
  ' l',
  ' ml',
  ' L',
  ' GHz',
  ' MHz',
  ' Hz',
  '%',
  ' users',
  ' £',
  ' EUR',
);
const before = fc.constantFrom('', ' ', 'v', '$', '£', '-', 'about ', '2026-03-', 'x', ' 14:');
const after = fc.constantFrom('', ' ', '.', ', ', '\n', '.5', 'x', '-day', ' **');
const text = fc
  .array(fc.tuple(before, amount, unit, after), { maxLength: 8 })
  .map((parts) => parts.map(([b, a, u, z]) => `${b}${a}${u}${z}`).join(' '));

describe('a quantity fact finds what qualifying every number finds', () => {
  test.prop([fc.constantFrom(...FACTS), text], { numRuns: runs(500, 5_000) })('on generated text', (value, t) => {
    expect(findFact(t, value)).toEqual(byDefinition(t, value));
  });

  it('on texts that state the amount in other units', () => {
    const cases: [string, string][] = [
      ['890 Wh', 'The pack holds 0.89 kWh (890 watt-hours), 890 Wh nominal, not 980 Wh or 890 W.'],
      ['4,200 Mbps', 'Up to 4.2 Gbps, i.e. 4,200 Mbps or 4200000000 bps; 4.2 GB is storage.'],
      ['85 km', 'Range: 85 km (85,000 m, eighty-five kilometres); -85 km is nonsense; 85 miles is not.'],
      ['500 m²', 'Floor area 500 square metres, 0.0005 km², 500 m2, not 500 m.'],
      // Rounding noise is the same amount (within a billionth); a ten-millionth more is not.
      ['890 Wh', '890.0000000001 Wh, that is 0.8900000000001 kWh, not 890.001 Wh.'],
      ['1.5 kg', '1500.0000001 g, 1.5000000000001 kg, not 1500.01 g.'],
    ];
    for (const [value, t] of cases) {
      const found = findFact(t, value);
      expect(found, `${value} in ${t}`).toEqual(byDefinition(t, value));
      expect(found.length, `${value} in ${t}`).toBeGreaterThanOrEqual(2);
    }
  });
});
