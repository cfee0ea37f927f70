/**
 * Escaping text for XML 1.0: the five markup characters, and the characters XML 1.0 cannot hold
 * at all (C0 controls but tab, newline and return; U+FFFE, U+FFFF; unpaired surrogates), which
 * an agent's message or an error may contain: written as a visible `\uXXXX` so the file stays
 * well-formed and the reader still sees what was there.
 */

/** Characters no XML 1.0 document may contain, even as character references. */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- matching the controls XML forbids is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const MARKUP: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function visible(text: string): string {
  return text.replace(FORBIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** `text` as XML character data. */
export function xmlText(text: string): string {
  return visible(text).replace(/[&<>]/g, (c) => MARKUP[c] as string);
}

/** `text` as a double-quoted attribute value; tabs and line breaks kept as character references. */
export function xmlAttr(text: string): string {
  return visible(text)
    .replace(/[&<>"']/g, (c) => MARKUP[c] as string)
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** `name="value" …` from the defined entries of `attrs`, in their order. */
export function xmlAttrs(attrs: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}="${xmlAttr(String(v))}"`)
    .join(' ');
}
