/**
 * The environment variables a job has a worker read its API keys from. A job names, for each
 * provider, the variable holding its key, and the worker sends that variable's value as the
 * bearer token of every request. Even to an endpoint the worker chose (job-endpoints.ts), a job
 * naming `AWS_SECRET_ACCESS_KEY` would send that secret, and a provider's answer to a wrong key
 * (OpenAI's 401 shows its first and last characters) would bring part of it back in the episode's
 * error. So a worker reads only `OPENAI_API_KEY` and the variables it was given with
 * `faultline worker --api-key-env NAME`; a job naming another is refused before it runs, as one
 * naming an endpoint the worker did not choose is.
 */
import { DEFAULT_API_KEY_ENV } from '../llm/team-config.js';
import { modelSetupValues } from './job-endpoints.js';
import type { PortableSetup } from './portable-modules.js';

/** Every key variable a job's teams and model proxy name (see `modelSetupValues`). */
export function jobKeyVariables(setup: readonly PortableSetup[]): string[] {
  return modelSetupValues(setup, 'apiKeyEnv');
}

/** The variables a worker reads keys from: `OPENAI_API_KEY` and `given` (its `--api-key-env` values). */
export function workerKeyVariables(given: readonly string[]): ReadonlySet<string> {
  return new Set([DEFAULT_API_KEY_ENV, ...given]);
}

/**
 * Why this worker refuses a job whose setup names the key variables `names`, or null when it
 * reads every one (`allowed`: {@link workerKeyVariables}).
 */
export function refusedKeyVariables(names: readonly string[], allowed: ReadonlySet<string>): string | null {
  const missing = names.filter((n) => !allowed.has(n));
  if (missing.length === 0) return null;
  const list = (names: Iterable<string>) => [...names].map((n) => JSON.stringify(n)).join(', ');
  return `this worker reads API keys only from the variables it chose (here: ${list(allowed)}, OPENAI_API_KEY and its --api-key-env); the run's teams name ${list(missing)}. Start a worker with ${missing.map((n) => `--api-key-env ${JSON.stringify(n)}`).join(' ')} if that variable holds the provider's key`;
}
