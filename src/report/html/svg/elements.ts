/**
 * A minimal SVG writer: elements as strings with every attribute and text escaped, coordinates
 * rounded to one decimal (so output is compact and identical across platforms).
 */
import { escapeAttr, escapeHtml } from '../escape.js';

/** Attribute values; `undefined` and `false` leave the attribute out. */
export type Attrs = Readonly<Record<string, string | number | undefined | false>>;

/** A coordinate or length rounded to one decimal, without `-0`. */
export function coord(x: number): string {
  const r = Math.round(x * 10) / 10;
  return String(r === 0 ? 0 : r);
}

function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === false) continue;
    out += ` ${k}="${escapeAttr(typeof v === 'number' ? coord(v) : v)}"`;
  }
  return out;
}

/** An element with children (already rendered markup). */
export function el(name: string, a: Attrs, children: readonly string[] | string = []): string {
  const inner = typeof children === 'string' ? children : children.join('');
  return `<${name}${attrs(a)}>${inner}</${name}>`;
}

/** An empty element, self-closed. */
export function leaf(name: string, a: Attrs): string {
  return `<${name}${attrs(a)}/>`;
}

/** A text element; the content is escaped. */
export function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return el('text', { x, y, ...a }, escapeHtml(content));
}

/** A native tooltip (shown on hover without any script). */
export function tooltip(content: string): string {
  return el('title', {}, escapeHtml(content));
}

/** A polyline through points. */
export function polyline(points: ReadonlyArray<readonly [number, number]>, a: Attrs): string {
  return leaf('polyline', { points: points.map(([x, y]) => `${coord(x)},${coord(y)}`).join(' '), fill: 'none', ...a });
}

/** A filled polygon. */
export function polygon(points: ReadonlyArray<readonly [number, number]>, a: Attrs): string {
  return leaf('polygon', { points: points.map(([x, y]) => `${coord(x)},${coord(y)}`).join(' '), ...a });
}

/** The root element of a chart; `label` is its accessible name. */
export function svgRoot(width: number, height: number, label: string, children: readonly string[]): string {
  // Charts fill their card, up to a third larger than drawn, so small multiples stay readable.
  return el(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      style: `max-width:${coord(width * 1.35)}px`,
      role: 'img',
      'aria-label': label,
      class: 'chart',
    },
    [tooltip(label), ...children],
  );
}

/** A linear map from a domain to a range. */
export function linear(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 === 0 ? 1 : d1 - d0;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}
