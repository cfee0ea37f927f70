/**
 * One atomic write of a hash stamped with Redis's own clock. Workers and coordinators run on
 * different hosts whose clocks disagree; `seenAt` read from Redis `TIME` inside the write lets
 * `faultline queue status` say how long ago each was heard from without trusting any host's clock.
 */
import type { Redis } from 'ioredis';

/** Options of {@link writeStampedHash}. */
export interface StampedHashOptions {
  /** Delete the hash first, so no field (or expiry) of an earlier write survives. @defaultValue false */
  readonly replace?: boolean;
  /** Expire the hash this many ms after the write; `null` removes any expiry. @defaultValue keep the current expiry */
  readonly ttlMs?: number | null;
  /** A set that lists the hash: `member` is added to the set at `key` in the same write. */
  readonly listedIn?: { readonly key: string; readonly member: string };
}

// KEYS: the hash, the listing set. ARGV: replace (1/0), ttl (>0 pexpire, 0 keep, -1 persist),
// set member ('' for none), then field/value pairs. Returns the stamp in ms.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[1] == '1' then redis.call('DEL', KEYS[1]) end
redis.call('HSET', KEYS[1], 'seenAt', tostring(now), unpack(ARGV, 4))
local ttl = tonumber(ARGV[2])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) elseif ttl < 0 then redis.call('PERSIST', KEYS[1]) end
if ARGV[3] ~= '' then redis.call('SADD', KEYS[2], ARGV[3]) end
return now
`;

/**
 * Writes `fields` and `seenAt` (Redis time, ms since the epoch) to the hash at `key` in one
 * script, optionally replacing it, setting its expiry and listing it in a set. Resolves with the
 * stamp.
 */
export async function writeStampedHash(
  redis: Redis,
  key: string,
  fields: Readonly<Record<string, string>>,
  options: StampedHashOptions = {},
): Promise<number> {
  const ttl = options.ttlMs === undefined ? 0 : options.ttlMs === null ? -1 : Math.max(1, Math.round(options.ttlMs));
  const pairs = Object.entries(fields).flat();
  const listed = options.listedIn;
  const result = await redis.eval(
    SCRIPT,
    2,
    key,
    listed?.key ?? key,
    options.replace ? '1' : '0',
    String(ttl),
    listed?.member ?? '',
    ...pairs,
  );
  return Number(result);
}

/** Redis's clock now, in ms since the epoch (the clock every `seenAt` is stamped with). */
export async function redisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}
