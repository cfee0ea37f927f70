/**
 * The size cap on what an agent sends. An action is measured as the UTF-8 length of its canonical
 * JSON; one over the cap is never stepped or recorded as it is: the env is stepped with — and the
 * trajectory keeps — a small stand-in naming its size, the cap and its hash, which the env turns
 * into an error observation. So a 50 MB action costs a hash, not 50 MB in every record, digest
 * and message between threads, and its episode ends the same way on any number of workers.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { InvalidArgumentError } from '../core/errors.js';
import { plainJsonCopy } from '../core/json-copy.js';

/** The most UTF-8 bytes of JSON an env accepts as one action, whatever the cap. */
export const MAX_ACTION_BYTES = 256 * 1024;
/** The default cap on one action: 256 KiB of canonical JSON, the most an env accepts. */
export const DEFAULT_MAX_ACTION_BYTES: number = MAX_ACTION_BYTES;
/** The smallest cap that still lets every valid action through (a handoff of a few facts). */
export const MIN_MAX_ACTION_BYTES = 1024;

/** What is stepped and recorded instead of an action over the cap. */
export interface OversizedAction {
  readonly oversized: true;
  /** UTF-8 bytes of the action's canonical JSON. */
  readonly bytes: number;
  /** The cap it exceeded. */
  readonly limit: number;
  /** Hex SHA-256 of the action's JSON text as sent (UTF-8): tells equal oversized actions from others. */
  readonly sha256: string;
}

/** The shape of {@link OversizedAction}, exactly (the env recognises it by this). */
export const OversizedActionSchema = z
  .object({
    oversized: z.literal(true),
    bytes: z.number().int().positive(),
    limit: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

/**
 * Checks a cap on action size: a whole number of bytes from {@link MIN_MAX_ACTION_BYTES} to
 * {@link DEFAULT_MAX_ACTION_BYTES} (an env rejects larger actions whatever the cap).
 *
 * @throws InvalidArgumentError naming `field` otherwise.
 */
export function assertMaxActionBytes(value: unknown, field: string): asserts value is number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < MIN_MAX_ACTION_BYTES ||
    value > DEFAULT_MAX_ACTION_BYTES
  )
    throw new InvalidArgumentError(
      field,
      value,
      `a whole number of bytes from ${MIN_MAX_ACTION_BYTES} to ${DEFAULT_MAX_ACTION_BYTES}`,
      `pass e.g. ${DEFAULT_MAX_ACTION_BYTES} (the default)`,
    );
}

/**
 * Turns whatever an agent returned into the JSON value the env will be stepped with and the
 * trajectory will record: the action itself (a JSON copy, so the agent cannot change it
 * afterwards), an {@link OversizedAction} when its canonical JSON is over `limit` bytes, or a
 * descriptive string for a value that is not JSON (which the env rejects as an invalid action).
 */
export function boundedAction(raw: unknown, limit: number = DEFAULT_MAX_ACTION_BYTES): unknown {
  if (raw === undefined) return null;
  // Plain data small enough for certain is copied by walking it: the same value as the round trip
  // through its text below, without writing and parsing the text.
  const plain = plainJsonCopy(raw);
  if (plain !== null && plain.maxBytes <= limit) return plain.value;
  let text: string | undefined;
  try {
    text = JSON.stringify(raw);
  } catch (e) {
    return `[unserializable action: ${e instanceof Error ? e.message || e.name : 'it threw while being read'}]`;
  }
  if (text === undefined) return `[unserializable action: ${typeof raw}]`;
  // Canonical JSON differs from this text only in key order, so its length is the same. A text
  // of n UTF-16 units is at most 3n UTF-8 bytes: short ones need no counting.
  const bytes = text.length > limit / 3 ? Buffer.byteLength(text, 'utf8') : text.length;
  if (bytes <= limit) return JSON.parse(text) as unknown;
  // Neither parsed nor canonicalized: an oversized action is never read, only measured and hashed.
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  return { oversized: true, bytes, limit, sha256 } satisfies OversizedAction;
}

/** The error an env answers an {@link OversizedAction} with: the size, the cap, and what to do. */
export function oversizedMessage(action: OversizedAction): string {
  return `the action is ${action.bytes} bytes of JSON (sha256 ${action.sha256.slice(0, 16)}…); the limit is ${action.limit} bytes, so it was not read. Send smaller actions: split large content over several tool calls or handoffs`;
}
