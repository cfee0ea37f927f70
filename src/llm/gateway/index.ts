/**
 * The model gateway's entry: what the LLM team, the runner and the CLI use. See `gateway.ts` for
 * the flow of one call.
 */
export { createModelGateway, DEFAULT_REQUEST_TIMEOUT_MS, type ModelGatewayOptions } from './gateway.js';
export { assertProviderReady, defaultBaseUrl, apiKeyOf, OPENAI_BASE_URL } from './client.js';
export { costUsd } from './cost.js';
export { modelCallRecord } from './call-record.js';
export { requestKey, hashRequest, type HashedRequest } from './request-key.js';
export { Cassette, type CassetteEntry, type CassetteAnswer } from './cassette.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export { redact } from './redact.js';
