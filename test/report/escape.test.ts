import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { escapeAttr, escapeHtml, excerpt, neutralize } from '../../src/report/html/escape.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '</style><script>alert(1)</script>',
  '</textarea></title><!--',
  ']]><![CDATA[',
  '`${alert(1)}`',
  '&lt;already&gt; &amp;',
];

describe('escapeHtml', () => {
  it.each(HOSTILE)('leaves no markup in %s', (s) => {
    const out = escapeHtml(s);
    expect(out).not.toMatch(/[<>"'`]/);
    expect(out).not.toContain('<script');
    // Escaping is reversible: decoding the entities gives the text back.
    expect(decode(out)).toBe(s);
  });

  it('escapes ampersands first, so existing entities stay text', () => {
    expect(escapeHtml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  it('keeps ordinary unicode (accents, CJK, emoji, typographic quotes) as it is', () => {
    const s = 'naïve 東京 🚀 “quoted” — ok';
    expect(escapeHtml(s)).toBe(s);
  });

  it('shows bidi overrides, controls and lone surrogates as visible code points', () => {
    expect(escapeHtml('abc\u202Edcba')).toBe('abc⟨U+202E⟩dcba');
    expect(escapeHtml('a\u0000b\u001Bc')).toBe('a⟨U+0000⟩b⟨U+001B⟩c');
    expect(escapeHtml('x\uD800y')).toBe('x⟨U+D800⟩y');
    expect(escapeHtml('tab\tnewline\n')).toBe('tab\tnewline\n');
    expect(neutralize('🚀')).toBe('🚀');
  });

  it('stringifies non-strings', () => {
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('null');
  });

  test.prop([fc.string({ unit: 'binary' })])('never lets a markup character through, for any string', (s) => {
    expect(escapeAttr(s)).not.toMatch(/[<>"'`]/);
  });
});

describe('excerpt', () => {
  it('cuts by code points, never inside a surrogate pair, and says how much was left out', () => {
    expect(excerpt('🚀🚀🚀', 2)).toBe('🚀🚀… (+1 chars)');
    expect(excerpt('short', 10)).toBe('short');
  });
});

function decode(s: string): string {
  return s.replace(
    /&(lt|gt|quot|#39|#96|amp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`', amp: '&' })[e] as string,
  );
}
