/**
 * The Lua scripts of the request limiter shared through Redis (see `redis-limiter.ts`). Each runs
 * atomically in Redis and reads Redis's own clock (`TIME`): the machines of a queue disagree about
 * the time, the one Redis server does not disagree with itself. Times are milliseconds (floats).
 *
 * KEYS of both scripts: 1 the rate key (GCRA's theoretical arrival time), 2 the tokens key (a hash
 * `tokens`, `at`), 3 the leases key (a ZSET of lease ids scored by their expiry).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script and its SHA-1, for EVALSHA. */
export interface LimiterScript {
  readonly lua: string;
  readonly sha: string;
}

function script(lua: string): LimiterScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

// Redis's clock in ms; shared by both scripts. Every key gets a TTL so a provider left idle leaves
// nothing behind: the rate key once its arrival time has passed, the bucket once it is full again,
// the leases once the last one has expired.
const CLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local tpm = tonumber(ARGV[2])
local function bucket()
  local state = redis.call('HMGET', KEYS[2], 'tokens', 'at')
  local tokens = tonumber(state[1]) or tpm
  local at = tonumber(state[2]) or now
  return math.min(tpm, tokens + math.max(0, now - at) * tpm / 60000)
end
local function store_bucket(tokens)
  redis.call('HSET', KEYS[2], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[2], math.ceil((tpm - tokens) * 60000 / tpm) + 1000)
end
`;

/**
 * ARGV: 1 interval between requests (ms; 0: no rpm), 2 tpm (0: none), 3 maxInFlight (0: none),
 * 4 tokens charged, 5 lease id, 6 lease duration (ms).
 * Returns `{1, 0}` when the request may go (everything is charged), else `{0, ms to wait}` (nothing
 * charged). A full set of leases answers with the time until the earliest expires: a release may
 * free a slot sooner, which the caller learns by asking again.
 */
export const ACQUIRE = script(`${CLOCK}
local interval = tonumber(ARGV[1])
local max_in_flight = tonumber(ARGV[3])
local charged = tonumber(ARGV[4])
local wait = 0
if max_in_flight > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  if redis.call('ZCARD', KEYS[3]) >= max_in_flight then
    local first = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
    wait = math.max(wait, tonumber(first[2]) - now)
  end
end
local tat = now
if interval > 0 then
  tat = math.max(now, tonumber(redis.call('GET', KEYS[1]) or 0))
  -- GCRA with a tolerance of one interval: a request may go at most one interval ahead of the
  -- schedule, so a waiter that comes back a little late loses nothing and bursts stay at two.
  if tat - now > interval then wait = math.max(wait, tat - interval - now) end
end
local tokens = 0
if tpm > 0 then
  tokens = bucket()
  if tokens < charged then wait = math.max(wait, (charged - tokens) * 60000 / tpm) end
end
if wait > 0 then return {0, math.max(1, math.ceil(wait))} end
if max_in_flight > 0 then
  local expiry = now + tonumber(ARGV[6])
  redis.call('ZADD', KEYS[3], expiry, ARGV[5])
  local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', KEYS[3], math.ceil(tonumber(last[2]) - now) + 1000)
end
if interval > 0 then
  redis.call('SET', KEYS[1], tostring(tat + interval), 'PX', math.ceil(tat + interval - now) + 1000)
end
if tpm > 0 then store_bucket(tokens - charged) end
return {1, 0}
`);

/**
 * ARGV: 1 lease id, 2 tpm (0: none), 3 tokens charged at acquire, 4 tokens really used.
 * Removes the lease and corrects the bucket by what the request used beyond (or short of) its
 * charge; the bucket may go below zero, which later requests wait out. Announces the release on
 * the channel named like the leases key, so waiting processes ask again at once. Returns 1.
 */
export const RELEASE = script(`${CLOCK}
redis.call('ZREM', KEYS[3], ARGV[1])
if tpm > 0 then
  store_bucket(math.min(tpm, bucket() + tonumber(ARGV[3]) - tonumber(ARGV[4])))
end
redis.call('PUBLISH', KEYS[3], 'released')
return 1
`);

/** Runs `s` by its SHA-1, loading it first when this Redis has not seen it (or was restarted). */
export async function runScript(
  redis: Redis,
  s: LimiterScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(s.lua, keys.length, ...keys, ...args);
  }
}
