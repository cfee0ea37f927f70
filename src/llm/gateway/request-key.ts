/**
 * The key of a model call: a hash of its canonical request (model, messages, tools, sampling
 * parameters) with the episode id and the call's ordinal, so the k trials of one task, and two
 * identical requests within an episode, stay distinct. The provider (base URL, key variable) is
 * left out on purpose: a cassette recorded against one server replays against none.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonical.js';
import { canonicalRequest } from './canonical-request.js';
import type { ChatCall } from '../types.js';

/** Bumped when what the key covers changes, so old cassettes miss instead of answering wrongly. */
const KEY_VERSION = 1;

/** A call's key and the size of its canonical request (the limiter's token estimate uses it). */
export interface HashedRequest {
  /** 32 hex characters (128 bits of SHA-256). */
  readonly key: string;
  /** Characters of the canonical request JSON. */
  readonly chars: number;
}

/** Hashes a call once, for its key and its size. */
export function hashRequest(call: Pick<ChatCall, 'episodeId' | 'ordinal' | 'request'>): HashedRequest {
  const request = canonicalRequest(call.request);
  const key = createHash('sha256')
    .update(canonicalJson({ v: KEY_VERSION, episode: call.episodeId, ordinal: call.ordinal }))
    .update('\n')
    .update(request)
    .digest('hex')
    .slice(0, 32);
  return { key, chars: request.length };
}

/** The request key of a call (see the module comment for what it covers). */
export function requestKey(call: Pick<ChatCall, 'episodeId' | 'ordinal' | 'request'>): string {
  return hashRequest(call).key;
}
