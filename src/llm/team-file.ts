/**
 * Team files (`--team-file team.json|.yaml|.yml`): an LLM team described as data — its id, the
 * model settings of every role and of each role apart, the reminder and context limits — and
 * price tables (`--prices FILE`). Both are validated strictly: an unknown key is an error, an
 * `apiKey` field is refused (keys live in environment variables), and every error names the
 * file, the field, the value, what was expected and how to fix it.
 *
 * ```yaml
 * id: small-models            # a safe id: it names the run's files, and `faultline compare` matches on it
 * description: gpt-4o plans, gpt-4o-mini does the work
 * defaults:                   # every role
 *   model: gpt-4o-mini
 *   temperature: 0
 *   apiKeyEnv: OPENAI_API_KEY # the variable holding the key (never the key itself)
 *   prices: { input: 0.15, output: 0.6 }
 * roles:                      # per role, on top of the defaults
 *   planner:
 *     model: gpt-4o
 *     instructions: Hand the executor every number it needs.
 * maxTextReplies: 3
 * contextBudget: 32000
 * ```
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import type * as Yaml from 'yaml';
import * as z from 'zod';
import { describeValue, FaultlineError } from '../core/errors.js';
import { SAFE_ID_RULE, isSafeId } from '../core/safe-id.js';
import { DEFAULT_API_KEY_ENV, type LlmTeamConfig } from './team-config.js';
import type { RoleOverrides } from './team.js';
import type { Prices } from './types.js';

/** The largest team or price file read (they are a few hundred bytes in practice). */
const MAX_FILE_BYTES = 1_000_000;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ROLE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const PricesSchema = z.strictObject({
  input: z.number().min(0),
  output: z.number().min(0),
  cachedInput: z.number().min(0).optional(),
});

/** The model settings of a role (and of a team file's defaults), as zod fields; shared with mixed team files. */
export const LLM_ROLE_FIELDS = {
  model: z.string().min(1).max(200).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  apiKeyEnv: z.string().regex(ENV_NAME).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.int().min(1).optional(),
  topP: z.number().min(0).max(1).optional(),
  seed: z.int().optional(),
  instructions: z.string().max(20_000).optional(),
  prices: PricesSchema.optional(),
};

const RoleSchema = z.strictObject(LLM_ROLE_FIELDS);

/** The schema of a team file. */
export const TeamFileSchema = z.strictObject({
  id: z.string().refine(isSafeId),
  description: z.string().max(2000).optional(),
  defaults: z.strictObject({ ...LLM_ROLE_FIELDS, model: z.string().min(1).max(200) }),
  roles: z.record(z.string().regex(ROLE_ID), RoleSchema).optional(),
  maxTextReplies: z.int().min(1).max(20).optional(),
  contextBudget: z.int().min(1000).optional(),
});

/** A team file, as validated. */
export type TeamFile = z.infer<typeof TeamFileSchema>;

/** The schema of a price table: model name → prices in USD per million tokens. */
export const PriceTableSchema = z.record(z.string().min(1), PricesSchema);

/** What each field must be, and how to write it, for error messages. */
export const FIELD_HELP: Readonly<Record<string, readonly [expected: string, fix: string]>> = {
  id: [`a safe id (${SAFE_ID_RULE})`, 'name the team, e.g. "id": "my-team"'],
  description: ['a string', 'describe the team in a sentence'],
  defaults: ['an object with at least "model"', 'add "defaults": { "model": "gpt-4o-mini" }'],
  model: ['a model name (a non-empty string)', 'write e.g. "model": "gpt-4o-mini"'],
  baseUrl: [
    'the http(s) URL of an OpenAI-compatible API',
    'write e.g. "baseUrl": "http://127.0.0.1:11434/v1", or leave it out for OPENAI_BASE_URL / the OpenAI API',
  ],
  apiKeyEnv: [
    'the name of an environment variable (letters, digits, _)',
    'write e.g. "apiKeyEnv": "OPENAI_API_KEY", and set the key in that variable',
  ],
  temperature: ['a number from 0 to 2', 'write e.g. "temperature": 0'],
  maxTokens: ['an integer >= 1', 'write e.g. "maxTokens": 1024'],
  topP: ['a number from 0 to 1', 'write e.g. "topP": 1'],
  seed: ['an integer', 'write e.g. "seed": 0'],
  instructions: ['a string of at most 20000 characters', 'put the extra system instructions in one string'],
  prices: [
    'an object { "input", "output", "cachedInput"? } in USD per million tokens',
    'write e.g. "prices": { "input": 0.15, "output": 0.6 }',
  ],
  input: ['a number >= 0 (USD per million prompt tokens)', 'write e.g. "input": 0.15'],
  output: ['a number >= 0 (USD per million completion tokens)', 'write e.g. "output": 0.6'],
  cachedInput: [
    'a number >= 0 (USD per million cached prompt tokens)',
    'write e.g. "cachedInput": 0.075, or leave it out',
  ],
  roles: [
    'an object mapping role ids (letters, digits, _ and -) to role settings',
    'write e.g. "roles": { "planner": { "model": "gpt-4o" } }',
  ],
  maxTextReplies: ['an integer from 1 to 20', 'write e.g. "maxTextReplies": 3'],
  contextBudget: ['an integer >= 1000 (tokens)', 'write e.g. "contextBudget": 32000, or leave it out for no limit'],
};

const SECRET_KEY = /^api[-_]?key$/i;

/** An invalid team or price file: every problem, each naming the field, the value, what was expected and the fix. */
export class TeamFileError extends FaultlineError {
  override name = 'TeamFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      problems.length === 1
        ? `${file}: ${problems[0] ?? ''}`
        : `${file} has ${problems.length} problems:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
}

/** Reads and validates a team file (JSON, or YAML for `.yaml` / `.yml`). */
export function loadTeamFile(path: string): TeamFile {
  return parseTeamFile(readSmallFile(path), path);
}

/** Validates a team file's text; `file` names it in errors and chooses the syntax by its extension. */
export function parseTeamFile(text: string, file: string): TeamFile {
  const raw = parseData(text, file);
  const secret = findSecretField(raw, []);
  if (secret !== null)
    throw new TeamFileError(file, [
      `field ${secret}: an API key does not belong in a team file (it would end up in run records). Fix: put the key in an environment variable and name it with apiKeyEnv, e.g. "apiKeyEnv": "OPENAI_API_KEY".`,
    ]);
  const parsed = TeamFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new TeamFileError(
      file,
      parsed.error.issues.map((i) => problem(i, raw)),
    );
  return parsed.data;
}

/** Reads and validates a price table (`--prices FILE`, JSON: `{ "<model>": { input, output, cachedInput? } }`). */
export function loadPriceTable(path: string): Record<string, Prices> {
  const raw = parseData(readSmallFile(path), path);
  const parsed = PriceTableSchema.safeParse(raw);
  if (!parsed.success)
    throw new TeamFileError(
      path,
      parsed.error.issues.map((i) => problem(i, raw, 'prices')),
    );
  return parsed.data;
}

/**
 * The team a team file describes. `baseUrl` is the base URL of roles that name none (the
 * `--base-url` flag, `OPENAI_BASE_URL` or the OpenAI API, resolved by the caller).
 */
export function teamFileConfig(file: TeamFile, baseUrl: string): LlmTeamConfig {
  const { defaults } = file;
  const roles: Record<string, RoleOverrides> = {};
  for (const [id, r] of Object.entries(file.roles ?? {})) {
    roles[id] = {
      ...settingsOf(r),
      ...(r.model !== undefined ? { model: r.model } : {}),
      ...(r.baseUrl !== undefined || r.apiKeyEnv !== undefined
        ? {
            provider: {
              ...(r.baseUrl !== undefined ? { baseUrl: r.baseUrl } : {}),
              ...(r.apiKeyEnv !== undefined ? { apiKeyEnv: r.apiKeyEnv } : {}),
            },
          }
        : {}),
    };
  }
  return {
    id: file.id,
    ...(file.description !== undefined ? { description: file.description } : {}),
    defaults: {
      model: defaults.model,
      provider: { baseUrl: defaults.baseUrl ?? baseUrl, apiKeyEnv: defaults.apiKeyEnv ?? DEFAULT_API_KEY_ENV },
      ...settingsOf(defaults),
    },
    ...(Object.keys(roles).length > 0 ? { roles } : {}),
    ...(file.maxTextReplies !== undefined ? { maxTextReplies: file.maxTextReplies } : {}),
    ...(file.contextBudget !== undefined ? { contextBudget: file.contextBudget } : {}),
  };
}

function settingsOf(r: z.infer<typeof RoleSchema>): Omit<RoleOverrides, 'model' | 'provider'> {
  const out: Record<string, unknown> = {};
  for (const key of ['temperature', 'maxTokens', 'topP', 'seed', 'instructions', 'prices'] as const)
    if (r[key] !== undefined) out[key] = r[key];
  return out;
}

/** Reads a team or price file, refusing one over 1 MB. */
export function readSmallFile(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new FaultlineError(
      `Cannot read ${path}: ${(e as Error).message}. Fix: check the path (relative paths start from the current directory).`,
    );
  }
  if (size > MAX_FILE_BYTES)
    throw new TeamFileError(path, [
      `the file has ${size} bytes, expected at most ${MAX_FILE_BYTES}. Fix: check that it is the right file.`,
    ]);
  return readFileSync(path, 'utf8');
}

/** The `yaml` package, loaded at the first YAML file. */
let yamlModule: typeof Yaml | undefined;

/**
 * The `yaml` package. Loaded when first needed rather than imported: its 40-odd modules were
 * about 45 ms of the start-up of every `faultline run` (and of each command that imports team
 * files' helpers), and most runs read no YAML.
 */
function yaml(): typeof Yaml {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}

/** Parses a team file's text: YAML for `.yaml` / `.yml`, JSON for `.json`. */
export function parseData(text: string, file: string): unknown {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') {
    try {
      return yaml().parse(text, { maxAliasCount: 100 }) as unknown;
    } catch (e) {
      throw new TeamFileError(file, [
        `not valid YAML: ${(e as Error).message.split('\n')[0] ?? ''}. Fix: correct the YAML at that line.`,
      ]);
    }
  }
  if (ext !== '.json')
    throw new TeamFileError(file, [
      `the file name ends in "${ext}", expected .json, .yaml or .yml. Fix: rename it to say which syntax it is written in.`,
    ]);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new TeamFileError(file, [`not valid JSON: ${(e as Error).message}. Fix: correct the JSON syntax there.`]);
  }
}

/** The path of the first field named like an API key, or null. */
export function findSecretField(value: unknown, path: readonly string[]): string | null {
  if (value === null || typeof value !== 'object' || path.length > 4) return null;
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) return [...path, key].join('.');
    const inner = findSecretField(v, [...path, key]);
    if (inner !== null) return inner;
  }
  return null;
}

function problem(issue: z.core.$ZodIssue, raw: unknown, tableField?: string): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const where = path.length > 0 ? path.join('.') : 'the top level';
    const known = Object.keys(knownFieldsAt(path, tableField !== undefined));
    return `field ${[...path, issue.keys[0] ?? ''].join('.')}: ${issue.keys.length === 1 ? 'an unknown field' : `unknown fields ${issue.keys.join(', ')}`} at ${where}, expected only ${known.join(', ')}. Fix: remove it or correct its spelling.`;
  }
  if (issue.code === 'invalid_key')
    return `field ${path.join('.')}: ${describeValue(path[path.length - 1])} is not a role id, expected letters, digits, _ and - starting with a letter. Fix: use the role's id as the env names it (e.g. "planner", "executor", "reviewer").`;
  if (path.length === 0)
    return `got ${describeValue(raw, 40)}, expected ${tableField !== undefined ? 'an object mapping model names to prices { "input", "output", "cachedInput"? }' : 'an object with "id" and "defaults" (and optionally "description", "roles", "maxTextReplies", "contextBudget")'}. Fix: write the file as one object.`;
  const name = tableField !== undefined && path.length <= 1 ? tableField : (path[path.length - 1] ?? '');
  const help = FIELD_HELP[name];
  const value = valueAt(raw, path);
  const field = path.join('.');
  const got = value === undefined ? 'nothing' : describeValue(value);
  const expected = help?.[0] ?? issue.message;
  const fix = help?.[1] ?? 'correct the value';
  return `field ${field}: got ${got}, expected ${expected}. Fix: ${fix}.`;
}

function knownFieldsAt(path: readonly string[], priceTable: boolean): Record<string, unknown> {
  if (priceTable || path[path.length - 1] === 'prices') return PricesSchema.shape;
  return path.length === 0 ? TeamFileSchema.shape : LLM_ROLE_FIELDS;
}

/** The value at `path` in parsed team-file data (undefined where the path leads nowhere), for error messages. */
export function valueAt(raw: unknown, path: readonly string[]): unknown {
  let v = raw;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
