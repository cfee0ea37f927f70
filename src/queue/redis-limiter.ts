import type { Redis } from 'ioredis';
import type { LimiterSettings, RequestLimiter } from '../llm/types.js';
import { createRequestLimiter } from '../llm/limiter.js';
export function createRedisLimiter(_redis: Redis, s: LimiterSettings): RequestLimiter {
  return createRequestLimiter(s);
}
