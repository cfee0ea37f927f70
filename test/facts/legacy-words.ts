/**
 * The identifier and phrase finder as it was before it stopped compiling a pattern per value:
 * one Unicode, case-insensitive regex per value (`legacyWordsPattern`), tried where the value's
 * first word occurs in the lower-cased text. Kept unchanged as the oracle the faster finder
 * (`src/facts/words.ts`) must agree with, span for span.
 */

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const BEFORE_WORD = '(?<![\\p{L}\\p{N}_]|[\\p{L}\\p{N}][\\-./@])';
const AFTER_WORD = '(?![\\p{L}\\p{N}_]|[\\-.@][\\p{L}\\p{N}_])';

/** The original pattern of an identifier or phrase (see `src/facts/match.ts` before the rewrite). */
export function legacyWordsPattern(raw: string): RegExp {
  const parts = raw.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? [];
  let src = '';
  parts.forEach((part, i) => {
    if (/^[\p{L}\p{N}]/u.test(part)) {
      src += escape(part);
      return;
    }
    const prev = parts[i - 1];
    const next = parts[i + 1];
    if (prev === undefined || next === undefined) {
      src +=
        next === undefined && part === '/'
          ? `(?:/|(?=[*_\`'"’]*\\s+(?:directory|folder|dir)(?![\\p{L}])))`
          : escape(part).replace(/\s+/g, '\\s*');
      return;
    }
    if (/^[\s_-]+$/.test(part)) {
      const letterDigit = /\p{L}$/u.test(prev) !== /^\p{L}/u.test(next);
      src += `[\\s_\\-*\`'"’‘“”]{${letterDigit ? 0 : 1},5}`;
      return;
    }
    src += escape(part.trim()).replace(/^/, '\\s*').replace(/$/, '\\s*');
  });
  const first = parts[0] ?? '';
  const lastPart = parts[parts.length - 1] ?? '';
  const before = /^[\p{L}\p{N}]/u.test(first) ? BEFORE_WORD : '(?<![\\p{L}\\p{N}_])';
  const after = /[\p{L}\p{N}]$/u.test(lastPart) ? AFTER_WORD : '';
  return new RegExp(`${before}${src}${after}`, 'giu');
}

/** Every span of `text` stating the identifier or phrase `value`, as the original finder found them. */
export function legacyFindWords(text: string, value: string): { start: number; end: number }[] {
  const raw = value.trim();
  const pattern = legacyWordsPattern(raw);
  const first = /^[\p{L}\p{N}]+/u.exec(raw)?.[0].toLowerCase();
  const all = () => [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (!first) return all();
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return all();
  const sticky = new RegExp(pattern.source, 'iuy');
  const out: { start: number; end: number }[] = [];
  let at = lower.indexOf(first);
  while (at !== -1) {
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (m) out.push({ start: at, end: at + m[0].length });
    at = lower.indexOf(first, m ? at + m[0].length : at + 1);
  }
  return out;
}
