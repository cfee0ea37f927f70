/**
 * A request's identity: what stays the same when the same request is sent again (a retry) and
 * differs between requests, whatever order concurrent requests arrive in. Fault decisions and
 * default ids hash it, never the arrival order.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonical.js';
import type { ScriptedChatRequest } from './types.js';

/**
 * The identity of a chat request: its episode and call ordinal when the faultline headers give
 * them, otherwise its body's canonical JSON (then two identical requests share an identity).
 */
export function requestIdentity(request: Pick<ScriptedChatRequest, 'episode' | 'call' | 'body'>): string {
  if (request.episode !== undefined && request.call !== undefined)
    return `episode:${request.episode}#call:${request.call}`;
  return `body:${canonicalJson(request.body)}`;
}

/** A short hex hash of an identity (12 hex chars), for ids. */
export function identityHash(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 12);
}

/** A number in [0, 1) drawn from `parts` by hashing: the same parts always give the same number. */
export function uniformOf(...parts: readonly (string | number)[]): number {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 13);
  // 52 bits: exactly representable, so the draw is the same on every platform.
  return parseInt(hex, 16) / 2 ** 52;
}
