/**
 * The date, time and version scans skip their patterns when a text lacks what every match holds
 * (a month's first letters, minutes or a meridiem, a dotted number). They must find exactly what
 * the patterns find. The reference is the same scan of the text with a tail that passes every
 * test (after a NUL, which no pattern crosses or looks through as a digit or a letter), keeping
 * the tokens of the text itself.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { scanDates, scanTimes } from '../../src/facts/calendar.js';
import { scanVersions } from '../../src/facts/scan.js';
import { runs } from '../support/sizes.js';

/** Passes every skip test; after a NUL, so nothing of it joins the text's own tokens. */
const TAIL = '\u0000Jan 1.1.1 2:30 pm';

const SCANS: Record<string, (text: string) => readonly { start: number; end: number }[]> = {
  dates: scanDates,
  times: scanTimes,
  versions: scanVersions,
};

function reference(scan: (text: string) => readonly { start: number; end: number }[], text: string): unknown[] {
  return scan(text + TAIL).filter((t) => t.end <= text.length);
}

const piece = fc.constantFrom(
  '14',
  '2026',
  '3',
  ' ',
  '\n',
  ', ',
  '-',
  '/',
  '.',
  ':',
  ':30',
  ':5',
  'st',
  ' of ',
  'March',
  'MAR',
  'Sept',
  'ſept',
  'Oct.',
  'may',
  'june',
  'pm',
  ' a.m.',
  'PM',
  'am',
  'p',
  'm',
  ' UTC',
  '+01:00',
  'v',
  'version ',
  'release ',
  '1.2',
  '3.5.2',
  '-rc1',
  ' Oct 5, 2026',
  '14 dec 2026',
  ' 10 a.m.',
  '7pm',
  ' version 2.1',
  '4.0',
  'x',
  'é',
  '𝐀',
  '٣',
);
const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));

describe('a scan that skips its pattern finds what the pattern finds', () => {
  for (const [name, scan] of Object.entries(SCANS)) {
    test.prop([text], { numRuns: runs(500, 5_000) })(name, (t) => {
      expect(scan(t)).toEqual(reference(scan, t));
    });
  }

  it('on texts with and without what each scan needs', () => {
    const texts = [
      'Released on 14 March 2026, March 14, 2026 and ſept 3, 2026; 2026-03-14 and 14/03/2026.',
      'Released on 2026-03-14 and 14/03/2026, nothing else.',
      'At 2:30 pm, 14:30 UTC, 9am, 10 a.m. and 7 PM.',
      'At 14h, 2 and 3, no minutes.',
      'v3.5.2, version 2.1, release 4.0.0-rc1, 3.5.2.1',
      'v3, version 2, 1. 2',
      // One of each kind alone: nothing else in the text passes the skip test for it.
      'On Oct 5, 2026.',
      'On 5 dec. 2026.',
      'At 10 a.m.',
      'At 7pm.',
      'At 7 p.m.',
      'Now version 2.1.',
      'Now 3.5.2.',
    ];
    for (const [name, scan] of Object.entries(SCANS))
      for (const t of texts) expect(scan(t), `${name}: ${t}`).toEqual(reference(scan, t));
    // "ſept 3, 2026" matches the pattern (ſ folds onto s) but names no month the reader knows.
    expect(scanDates(texts[0] as string)).toHaveLength(4);
    expect(scanTimes(texts[2] as string)).toHaveLength(4);
    expect(scanVersions(texts[4] as string)).toHaveLength(4);
    for (const t of ['On Oct 5, 2026.', 'On 5 dec. 2026.']) expect(scanDates(t), t).toHaveLength(1);
    for (const t of ['At 10 a.m.', 'At 7pm.', 'At 7 p.m.']) expect(scanTimes(t), t).toHaveLength(1);
    for (const t of ['Now version 2.1.', 'Now 3.5.2.']) expect(scanVersions(t), t).toHaveLength(1);
  });
});
