/**
 * The model endpoints a job has a worker send its API keys to. A run's LLM teams and model proxy
 * travel in its jobs with their providers' base URLs and the names of the variables holding the
 * keys; the worker reads the key from its own environment and sends it with every request. A job
 * naming any URL and any variable could then have a worker send any secret of its environment to
 * any server. So a worker calls only the endpoints it chose: its own `OPENAI_BASE_URL` (else
 * OpenAI's) and those it was given with `faultline worker --base-url`; a job naming another is
 * refused before its episode starts, and another worker, given that endpoint, can take it.
 */
import { defaultBaseUrl, endpointKey } from '../llm/gateway/client.js';
import { displayUrl } from '../llm/gateway/redact.js';
import type { PortableSetup } from './portable-modules.js';
import { replaysOnly } from './job-cassette.js';

/** How deep into a setup entry's options base URLs and key variables are looked for. */
const MAX_DEPTH = 64;

/** The setup modules whose options name model endpoints. */
const MODEL_SETUPS: ReadonlySet<PortableSetup['module']> = new Set(['llm', 'team-cmd']);

/**
 * Every value of `key` (`baseUrl`, `apiKeyEnv`) at any depth of the options of a job's `llm` and
 * `team-cmd` entries, in order, without repeats: a team's defaults, a role's overrides, the model
 * proxy's provider, and any place a later version might put one. A value that is not a string is
 * listed as its JSON. An entry whose model gateway replays a cassette calls no model (a miss ends
 * the episode), so it is left out: a replay runs on any worker.
 */
export function modelSetupValues(setup: readonly PortableSetup[], key: 'baseUrl' | 'apiKeyEnv'): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object') return;
    // Options are parsed JSON: no cycles, but a hostile one may be deep. No setup reads that deep,
    // and what is not looked at is not let through.
    if (depth > MAX_DEPTH) {
      found.add(`(options nested over ${MAX_DEPTH} levels deep)`);
      return;
    }
    for (const [name, member] of Object.entries(value)) {
      if (name === key) found.add(typeof member === 'string' ? member : (JSON.stringify(member) ?? 'undefined'));
      else visit(member, depth + 1);
    }
  };
  for (const entry of setup) if (MODEL_SETUPS.has(entry.module) && !replaysOnly(entry)) visit(entry.options, 0);
  return [...found];
}

/** Every base URL a job's teams and model proxy may call ({@link modelSetupValues}). */
export function jobBaseUrls(setup: readonly PortableSetup[]): string[] {
  return modelSetupValues(setup, 'baseUrl');
}

/**
 * The endpoints a worker calls: `given` (its `--base-url` values) and the one its environment
 * names (`OPENAI_BASE_URL`, else OpenAI's), each in the form {@link endpointKey} compares.
 */
export function workerEndpoints(
  given: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ReadonlyMap<string, string> {
  const endpoints = new Map<string, string>();
  for (const url of [defaultBaseUrl(undefined, env), ...given]) endpoints.set(endpointKey(url), url);
  return endpoints;
}

/**
 * Why this worker refuses a job whose setup names `urls`, or null when it calls every one of them
 * (`endpoints`: {@link workerEndpoints}).
 */
export function refusedEndpoints(urls: readonly string[], endpoints: ReadonlyMap<string, string>): string | null {
  const missing = urls.filter((u) => !endpoints.has(endpointKey(u)));
  if (missing.length === 0) return null;
  // Shown without credentials: the message reaches Redis, the run's output and its logs.
  const quoted = (list: Iterable<string>) => [...list].map((u) => JSON.stringify(displayUrl(u))).join(', ');
  const flags = missing.map((u) => `--base-url ${JSON.stringify(displayUrl(u))}`).join(' ');
  return `this worker sends model requests (with its API keys) only to the endpoints it chose (here: ${quoted(endpoints.values())}, from its OPENAI_BASE_URL or OpenAI's and its --base-url); the run's teams call ${quoted(missing)}. Start a worker with ${flags} (or with OPENAI_BASE_URL set to it)`;
}
