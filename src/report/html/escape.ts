/**
 * HTML escaping for everything the report prints. Agents write free text (tool arguments,
 * handoff messages, answers) and the env echoes some of it in error messages, so every string
 * that reaches the page goes through {@link escapeHtml} or {@link escapeAttr} — no exceptions, not
 * even for ids, which embed team names chosen by users.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Characters that would make the document invalid or misleading: C0/C1 controls (other than tab,
 * newline, carriage return), lone surrogates, noncharacters, and the bidirectional overrides and
 * isolates that can make text display in another order than it reads ("Trojan source").
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces unsafe characters with a visible code-point label, e.g. `⟨U+202E⟩`. */
export function neutralize(text: string): string {
  return text.replace(UNSAFE, (c) => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** Escapes text for an HTML (or SVG) text node. Accepts any value; non-strings are stringified. */
export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return neutralize(text).replace(/[&<>"'`]/g, (c) => ENTITIES[c] as string);
}

/**
 * Escapes a value for a double-quoted attribute. The same set as text: quoting `<` and `>` too
 * costs nothing and keeps `</script>`-style sequences out of attributes as well.
 */
export function escapeAttr(value: unknown): string {
  return escapeHtml(value);
}

/**
 * Shortens text to at most `max` code points (never splitting a surrogate pair), marking the cut
 * with `…` and the number of characters left out. Cut before escaping, so an entity is never
 * split in half.
 */
export function excerpt(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join('')}… (+${chars.length - max} chars)`;
}

/** A value as compact JSON (for tool arguments), or its string form when it is not JSON-able. */
export function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
