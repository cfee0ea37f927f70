/**
 * Version comparison of the deploy world, checked against its definition written out with regexes
 * (the code keeps parsed tags per text): `compareVersions` orders tags by major, minor, patch with
 * non-versions first, and `compareLines` does the same with every patch read as 0.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { compareLines, compareVersions } from '../../../environments/deploy/state.js';

const VERSION = /^v(\d+)\.(\d+)\.(\d+)$/;

function byDefinition(a: string, b: string): number {
  const x = VERSION.exec(a);
  const y = VERSION.exec(b);
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  for (let i = 1; i <= 3; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  return 0;
}
const linesByDefinition = (a: string, b: string): number =>
  byDefinition(a.replace(/\.\d+$/, '.0'), b.replace(/\.\d+$/, '.0'));

const number = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(0, 7, 10, 99, 123456789012));
const tag = fc.oneof(
  fc.tuple(number, number, number).map(([a, b, c]) => `v${a}.${b}.${c}`),
  fc.constantFrom('v1.2', 'v1.2.3.4', '1.2.3', 'v01.2.3', 'v1.2.3-rc1', '', 'latest', 'v1.2.x', ' v1.2.3'),
  fc.string({ maxLength: 8 }),
);

describe('deploy version tags', () => {
  it('order by number, not by text, with non-versions first', () => {
    expect(Math.sign(compareVersions('v1.10.0', 'v1.9.3'))).toBe(1);
    expect(compareVersions('v2.0.1', 'v2.0.1')).toBe(0);
    expect(Math.sign(compareVersions('latest', 'v0.0.0'))).toBe(-1);
    expect(compareLines('v2.4.9', 'v2.4.0')).toBe(0);
    expect(Math.sign(compareLines('v2.5.0', 'v2.4.9'))).toBe(1);
  });

  test.prop([tag, tag], { numRuns: 2000 })('agree with the regex definition on any pair of tags', (a, b) => {
    expect(compareVersions(a, b)).toBe(byDefinition(a, b));
    expect(compareLines(a, b)).toBe(linesByDefinition(a, b));
  });
});
