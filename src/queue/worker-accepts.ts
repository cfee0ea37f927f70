/**
 * What a worker accepts to run for a job: the agent programs it was given, the model endpoints it
 * sends its API keys to and the variables it reads them from. Every job names these (its setup's
 * commands, base URLs and key variables); a job naming anything else is refused before any of it
 * runs, so whoever can write to the queue cannot choose what a worker runs or where its secrets go.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { displayUrl } from '../llm/gateway/redact.js';
import { jobCommands, refusedCommands } from './job-commands.js';
import { jobBaseUrls, refusedEndpoints, workerEndpoints } from './job-endpoints.js';
import { jobKeyVariables, refusedKeyVariables, workerKeyVariables } from './job-key-variables.js';
import type { PortableSetup } from './portable-modules.js';

/** A worker's own choices, as `faultline worker` flags give them. */
export interface WorkerChoices {
  /**
   * The agent programs this worker may start for a run's command teams, each exactly as the run
   * names it (`--team-cmd`, a team file's commands); a job naming any other is refused (see
   * job-commands.ts). @defaultValue [] (no command team runs here)
   */
  readonly teamCommands?: readonly string[];
  /**
   * Model endpoints (base URLs) this worker may send its API keys to, besides the one its
   * environment names (`OPENAI_BASE_URL`, else OpenAI's); a job naming another is refused (see
   * job-endpoints.ts). @defaultValue []
   */
  readonly baseUrls?: readonly string[];
  /**
   * Environment variables this worker may read API keys from, besides `OPENAI_API_KEY`; a job
   * naming another is refused (see job-key-variables.ts). @defaultValue []
   */
  readonly apiKeyEnvs?: readonly string[];
}

/** What a worker accepts (see the module comment). */
export class WorkerAccepts {
  readonly #commands: ReadonlySet<string>;
  readonly #endpoints: ReadonlyMap<string, string>;
  readonly #keyVariables: ReadonlySet<string>;

  /** The worker's choices, each checked: a bad one is an error naming its flag. */
  constructor(choices: WorkerChoices, env: NodeJS.ProcessEnv = process.env) {
    const commands = checked(choices.teamCommands, '--team-cmd', (c) => c.trim() !== '', {
      expected: 'a command line of an agent program, as the run names it',
      hint: 'pass e.g. --team-cmd "node my-agent.mjs --mcp {mcp_url}" (repeat the flag for several programs)',
    });
    const urls = checked(choices.baseUrls, '--base-url', isHttpUrl, {
      expected: 'the http(s) base URL of an OpenAI-compatible API, as the run names it',
      hint: 'pass e.g. --base-url http://127.0.0.1:11434/v1 (repeat the flag for several endpoints)',
    });
    const names = checked(choices.apiKeyEnvs, '--api-key-env', (n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n), {
      expected: 'the name of an environment variable holding an API key',
      hint: 'pass e.g. --api-key-env GROQ_API_KEY (repeat the flag for several variables)',
    });
    this.#commands = new Set(commands);
    this.#endpoints = workerEndpoints(urls, env);
    this.#keyVariables = workerKeyVariables(names);
  }

  /** Why a job with this setup is refused here, or null when the worker accepts all it names. */
  refusal(setup: readonly PortableSetup[]): string | null {
    return (
      refusedCommands(jobCommands(setup), this.#commands) ??
      refusedEndpoints(jobBaseUrls(setup), this.#endpoints) ??
      refusedKeyVariables(jobKeyVariables(setup), this.#keyVariables)
    );
  }

  /** What the worker accepts, as `faultline queue status --json` shows it (endpoints without credentials). */
  info(): { programs: string[]; modelEndpoints: string[]; keyVariables: string[] } {
    return {
      programs: [...this.#commands],
      modelEndpoints: [...this.#endpoints.values()].map(displayUrl),
      keyVariables: [...this.#keyVariables],
    };
  }
}

/** `values` when every one is a string `valid` accepts; otherwise an error naming `flag`. */
function checked(
  values: readonly unknown[] | undefined,
  flag: string,
  valid: (value: string) => boolean,
  message: { readonly expected: string; readonly hint: string },
): string[] {
  for (const value of values ?? [])
    if (typeof value !== 'string' || !valid(value))
      throw new InvalidArgumentError(flag, value, message.expected, message.hint);
  return [...((values ?? []) as string[])];
}

/** Whether `value` is an http(s) URL. */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
