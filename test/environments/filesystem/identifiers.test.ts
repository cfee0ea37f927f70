/**
 * The whole-identifier scan of the generators (families/codegen.ts) reads text exactly as the
 * regular expression `(?<![\w$])name(?![\w$])` does: where a name stands alone, and what renaming
 * it writes.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  indexOfIdentifier,
  mentionsIdentifier,
  renameIdentifier,
} from '../../../environments/filesystem/families/codegen.js';

/** The regular expression the scan stands for. */
const pattern = (name: string, flags = '') => new RegExp(`(?<![\\w$])${name.replace(/[$]/g, '\\$')}(?![\\w$])`, flags);

// Texts of names, their neighbours and separators, so that near misses are common.
const piece = fc.constantFrom(
  'fooBar',
  'fooBar2',
  '_fooBar',
  'xfooBar',
  '$fooBar',
  'fooBar$',
  'foo',
  'Bar',
  ' ',
  '(',
  '.',
  '\n',
  'é',
  '—',
  '{{x}}',
);
const text = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));

describe('whole identifiers', () => {
  test.prop([text])('are found where the regular expression finds them', (t) => {
    expect(indexOfIdentifier(t, 'fooBar')).toBe(t.search(pattern('fooBar')));
    expect(mentionsIdentifier(t, 'fooBar')).toBe(pattern('fooBar').test(t));
  });

  test.prop([text, fc.constantFrom('bazQux', 'x', '', 'fooBar fooBar')])(
    'are renamed as the regular expression renames them',
    (t, replacement) => {
      expect(renameIdentifier(t, 'fooBar', replacement)).toBe(t.replace(pattern('fooBar', 'g'), replacement));
    },
  );

  it('are told from longer names and names with $', () => {
    expect(renameIdentifier('fooBar(fooBar2, $fooBar, fooBar$, a.fooBar)', 'fooBar', 'baz')).toBe(
      'baz(fooBar2, $fooBar, fooBar$, a.baz)',
    );
    expect(mentionsIdentifier('fooBarBaz xfooBar', 'fooBar')).toBe(false);
    expect(indexOfIdentifier('fooBar', 'fooBar', 1)).toBe(-1);
    expect(indexOfIdentifier('anything', '')).toBe(-1);
  });
});
