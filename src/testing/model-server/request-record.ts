/**
 * What the server keeps of a request's headers: everything a test may want to look at, and no
 * credential, so `server.requests` can be printed or written to a file safely.
 */
import { FAULTLINE_HEADERS } from '../../llm/types.js';
import type { IncomingHttpHeaders } from 'node:http';

/** Header names that carry credentials (besides `authorization`), never kept. */
const CREDENTIAL_HEADER = /^(proxy-authorization|cookie|set-cookie)$|api[-_]?key|secret|password|token/i;

/** Lower-cased headers without `authorization` or any other credential header. */
export function keptHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || CREDENTIAL_HEADER.test(lower) || value === undefined) continue;
    kept[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/** The bearer key of a request, or undefined. */
export function bearerKey(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match?.[1]?.trim();
}

/** The faultline headers of a request, read into fields (absent when missing or not a whole number). */
export function faultlineFields(headers: Readonly<Record<string, string>>): {
  episode?: string;
  role?: string;
  step?: number;
  call?: number;
} {
  const episode = headers[FAULTLINE_HEADERS.episode];
  const role = headers[FAULTLINE_HEADERS.role];
  const step = wholeNumber(headers[FAULTLINE_HEADERS.step]);
  const call = wholeNumber(headers[FAULTLINE_HEADERS.call]);
  return {
    ...(episode !== undefined ? { episode } : {}),
    ...(role !== undefined ? { role } : {}),
    ...(step !== undefined ? { step } : {}),
    ...(call !== undefined ? { call } : {}),
  };
}

function wholeNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}
