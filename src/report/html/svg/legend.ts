/**
 * Chart legends, as HTML below the chart: they wrap with the page width, stay selectable, and
 * name every series and colour the chart uses.
 */
import { escapeAttr, escapeHtml } from '../escape.js';

/** One legend entry. `style` draws the swatch as a filled box, a line or a dashed line. */
export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  readonly style?: 'box' | 'line' | 'dashed' | 'band';
}

/** A legend list. */
export function legend(items: readonly LegendItem[]): string {
  const entries = items.map((item) => {
    const style = item.style ?? 'box';
    return `<li><span class="swatch swatch-${style}" style="--c:${escapeAttr(item.colour)}"></span>${escapeHtml(item.label)}</li>`;
  });
  return `<ul class="legend">${entries.join('')}</ul>`;
}

/** A chart with its title, legend and an optional note, as a figure. */
export function figure(title: string, chart: string, legendHtml: string, note?: string): string {
  const caption = `<figcaption>${escapeHtml(title)}</figcaption>`;
  return `<figure class="fig">${caption}${chart}${legendHtml}${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}</figure>`;
}
