/**
 * The HTML document around the sections: doctype, charset, a Content-Security-Policy that
 * forbids every external resource and every script but the report's own (so even a mistake
 * elsewhere could not load or run anything), the inline stylesheet, and the inline script.
 */
import { escapeHtml } from './escape.js';
import { SCRIPT_CSP_SOURCE, scriptElement } from './script.js';
import { STYLE } from './style.js';

/**
 * Nothing may be fetched: no connections, no frames, images only inline (`data:`), styles only
 * the inline sheet; and no script runs but the one whose hash is listed (script.ts).
 */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; script-src ${SCRIPT_CSP_SOURCE}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;

/** Wraps the body markup in a complete document. */
export function page(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="faultline report">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body>${body}${scriptElement()}</body>`,
    '</html>',
    '',
  ].join('\n');
}
