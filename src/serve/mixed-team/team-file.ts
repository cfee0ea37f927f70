/**
 * Team files of mixed teams (`--team-file mixed.yaml`): a file whose roles say which `kind` of
 * agent plays each of them. Validated strictly, like LLM and command team files: an unknown
 * field or kind, a bad URL, a missing `defaults` for an `llm` role, or an API key is an error
 * naming the file, the field, the value, what was expected and the fix.
 *
 * ```yaml
 * id: mixed-a2a
 * description: oracle planner and reviewer, our executor over A2A
 * defaults: { model: gpt-4o-mini }          # the settings of llm roles (as an LLM team file's)
 * roles:
 *   planner:  { kind: oracle }
 *   executor: { kind: a2a, url: http://127.0.0.1:41241/.well-known/agent-card.json }
 *   reviewer: { kind: llm, model: gpt-4o }  # an llm role's fields go on top of the defaults
 *   # { kind: agent-protocol, url: http://127.0.0.1:8000 }   # base URL (/ap/v1/agent/tasks)
 *   # { kind: team, team: lossy-handoff }                    # that role of a registered team
 * remote: { timeoutSeconds: 300, retries: 2, maxRepliesWithoutAction: 3 }
 * ```
 */
import * as z from 'zod';
import { describeValue } from '../../core/errors.js';
import { isSafeId, SAFE_ID_RULE } from '../../core/safe-id.js';
import {
  FIELD_HELP as LLM_FIELD_HELP,
  findSecretField,
  LLM_ROLE_FIELDS,
  TeamFileError,
  teamFileConfig,
  valueAt,
  type TeamFile,
} from '../../llm/team-file.js';
import { assertPlaceholders } from '../command-team/placeholders.js';
import { shellWords } from '../command-team/shell-words.js';
import { ROLE_KINDS, type MixedRoleSpec, type MixedTeamConfig } from './config.js';

const ROLE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const HTTP_URL = z.url({ protocol: /^https?$/ });

const RoleSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('oracle') }),
  z.strictObject({ kind: z.literal('team'), team: z.string().refine(isSafeId) }),
  z.strictObject({ kind: z.literal('llm'), ...LLM_ROLE_FIELDS }),
  z.strictObject({ kind: z.literal('a2a'), url: HTTP_URL }),
  z.strictObject({ kind: z.literal('agent-protocol'), url: HTTP_URL }),
  z.strictObject({ kind: z.literal('cmd'), command: z.string().min(1).max(10_000) }),
]);

/** The schema of a mixed team file. */
export const MixedTeamFileSchema = z.strictObject({
  id: z.string().refine(isSafeId),
  description: z.string().max(2000).optional(),
  defaults: z.strictObject({ ...LLM_ROLE_FIELDS, model: z.string().min(1).max(200) }).optional(),
  roles: z.record(z.string().regex(ROLE_ID), RoleSpecSchema),
  remote: z
    .strictObject({
      timeoutSeconds: z.int().min(1).max(2_147_483).optional(),
      retries: z.int().min(0).max(10).optional(),
      maxRepliesWithoutAction: z.int().min(1).max(20).optional(),
    })
    .optional(),
  maxTextReplies: z.int().min(1).max(20).optional(),
  contextBudget: z.int().min(1000).optional(),
});

/** A mixed team file, as validated. */
export type MixedTeamFile = z.infer<typeof MixedTeamFileSchema>;

/** The fields each kind of role takes. */
const KIND_FIELDS: Readonly<Record<(typeof ROLE_KINDS)[number], readonly string[]>> = {
  oracle: ['kind'],
  team: ['kind', 'team'],
  llm: ['kind', ...Object.keys(LLM_ROLE_FIELDS)],
  a2a: ['kind', 'url'],
  'agent-protocol': ['kind', 'url'],
  cmd: ['kind', 'command'],
};

const FIELD_HELP: Readonly<Record<string, readonly [expected: string, fix: string]>> = {
  ...LLM_FIELD_HELP,
  roles: [
    'an object mapping role ids (letters, digits, _ and -) to { kind, ... }',
    'write e.g. roles: { planner: { kind: oracle }, executor: { kind: a2a, url: "http://127.0.0.1:41241/.well-known/agent-card.json" } }',
  ],
  kind: [`one of ${ROLE_KINDS.join(', ')}`, 'write e.g. kind: oracle'],
  team: [
    `the id of a registered team (${SAFE_ID_RULE})`,
    'write e.g. team: lossy-handoff (see faultline list for the ids)',
  ],
  url: [
    'an http(s) URL: the Agent Card URL of an A2A agent, or the base URL of an Agent Protocol agent',
    'write e.g. url: http://127.0.0.1:41241/.well-known/agent-card.json (A2A) or url: http://127.0.0.1:8000 (Agent Protocol)',
  ],
  command: [
    'a command line, e.g. "my-agent --mcp {mcp_url} --prompt {prompt_file}"',
    'write e.g. command: "my-agent --mcp {mcp_url} --prompt {prompt_file} --role {role}"',
  ],
  remote: [
    'an object { timeoutSeconds?, retries?, maxRepliesWithoutAction? }',
    'write e.g. remote: { timeoutSeconds: 300, retries: 2 }',
  ],
  timeoutSeconds: ['a whole number of seconds >= 1 (per remote turn)', 'write e.g. timeoutSeconds: 300'],
  retries: ['an integer from 0 to 10', 'write e.g. retries: 2'],
  maxRepliesWithoutAction: ['an integer from 1 to 20', 'write e.g. maxRepliesWithoutAction: 3'],
  defaults: [
    'an object with at least "model" (the settings of llm roles)',
    'write e.g. defaults: { model: gpt-4o-mini }',
  ],
};

/**
 * Whether parsed team-file data describes a mixed team: some role has a `kind` (neither an LLM
 * nor a command team file has one).
 */
export function isMixedTeamData(raw: unknown): boolean {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return false;
  const roles = (raw as Record<string, unknown>)['roles'];
  return (
    roles !== null &&
    typeof roles === 'object' &&
    Object.values(roles).some((r) => r !== null && typeof r === 'object' && 'kind' in r)
  );
}

/** Validates mixed team file data; `file` names it in errors and `baseUrl` is the base URL of llm roles that name none. Throws `TeamFileError`. */
export function mixedTeamFileOf(raw: unknown, file: string): MixedTeamFile {
  const secret = findSecretField(raw, []);
  if (secret !== null)
    throw new TeamFileError(file, [
      `field ${secret}: an API key does not belong in a team file (it would end up in run records). Fix: put the key in an environment variable and name it with apiKeyEnv, e.g. apiKeyEnv: OPENAI_API_KEY.`,
    ]);
  const parsed = MixedTeamFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new TeamFileError(
      file,
      parsed.error.issues.map((i) => problem(i, raw)),
    );
  const llmRoles = Object.entries(parsed.data.roles)
    .filter(([, r]) => r.kind === 'llm')
    .map(([id]) => id);
  if (llmRoles.length > 0 && parsed.data.defaults === undefined)
    throw new TeamFileError(file, [
      `field defaults: got nothing, expected the model settings of the llm role${llmRoles.length > 1 ? 's' : ''} ${llmRoles.join(', ')} (an object with at least "model"). Fix: add defaults: { model: gpt-4o-mini }.`,
    ]);
  const problems: string[] = [];
  for (const [role, spec] of Object.entries(parsed.data.roles))
    if (spec.kind === 'cmd')
      try {
        assertPlaceholders(shellWords(spec.command, `roles.${role}.command`), `roles.${role}.command`, false);
      } catch (e) {
        problems.push((e as Error).message);
      }
  if (problems.length > 0) throw new TeamFileError(file, problems);
  return parsed.data;
}

/** The team a validated mixed team file describes; `baseUrl` is the base URL of llm roles that name none. */
export function mixedTeamConfigOf(file: MixedTeamFile, baseUrl: string): MixedTeamConfig {
  const roles: Record<string, MixedRoleSpec> = {};
  const llmRoles: NonNullable<TeamFile['roles']> = {};
  for (const [id, spec] of Object.entries(file.roles)) {
    if (spec.kind === 'llm') {
      const { kind: _kind, ...settings } = spec;
      llmRoles[id] = settings;
      roles[id] = { kind: 'llm' };
    } else roles[id] = spec;
  }
  const remote = file.remote;
  return {
    id: file.id,
    ...(file.description !== undefined ? { description: file.description } : {}),
    roles,
    ...(file.defaults !== undefined && Object.keys(llmRoles).length > 0
      ? {
          llm: teamFileConfig(
            {
              id: file.id,
              defaults: file.defaults,
              roles: llmRoles,
              ...(file.maxTextReplies !== undefined ? { maxTextReplies: file.maxTextReplies } : {}),
              ...(file.contextBudget !== undefined ? { contextBudget: file.contextBudget } : {}),
            },
            baseUrl,
          ),
        }
      : {}),
    ...(remote
      ? {
          remote: {
            ...(remote.timeoutSeconds !== undefined ? { timeoutMs: remote.timeoutSeconds * 1000 } : {}),
            ...(remote.retries !== undefined ? { retries: remote.retries } : {}),
            ...(remote.maxRepliesWithoutAction !== undefined
              ? { maxRepliesWithoutAction: remote.maxRepliesWithoutAction }
              : {}),
          },
        }
      : {}),
  };
}

function problem(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const where = path.length > 0 ? path.join('.') : 'the top level';
    return `field ${[...path, issue.keys[0] ?? ''].join('.')}: ${issue.keys.length === 1 ? 'an unknown field' : `unknown fields ${issue.keys.join(', ')}`} at ${where}, expected only ${knownFieldsAt(path, raw).join(', ')}. Fix: remove it or correct its spelling.`;
  }
  if (issue.code === 'invalid_key')
    return `field ${path.join('.')}: ${describeValue(path[path.length - 1])} is not a role id, expected letters, digits, _ and - starting with a letter. Fix: use the role's id as the env names it (e.g. "planner", "executor", "reviewer").`;
  if (path.length === 0)
    return `got ${describeValue(raw, 40)}, expected an object with "id" and "roles" (and optionally "description", "defaults", "remote"). Fix: write the file as one object.`;
  // A role whose kind is missing or unknown: the union names no field, so name `kind`.
  const unionMiss = issue.code === 'invalid_union' && path[0] === 'roles' && path.length === 2;
  const fieldPath = unionMiss ? [...path, 'kind'] : path;
  const name = fieldPath[fieldPath.length - 1] ?? '';
  const help = FIELD_HELP[name];
  const value = valueAt(raw, fieldPath);
  const got = value === undefined ? 'nothing' : describeValue(value);
  return `field ${fieldPath.join('.')}: got ${got}, expected ${help?.[0] ?? issue.message}. Fix: ${help?.[1] ?? 'correct the value'}.`;
}

/** The fields allowed at `path` (a role's depend on its kind). */
function knownFieldsAt(path: readonly string[], raw: unknown): readonly string[] {
  if (path.length === 0) return Object.keys(MixedTeamFileSchema.shape);
  if (path[0] === 'remote') return ['timeoutSeconds', 'retries', 'maxRepliesWithoutAction'];
  if (path[0] === 'defaults') return Object.keys(LLM_ROLE_FIELDS);
  if (path[path.length - 1] === 'prices') return ['input', 'output', 'cachedInput'];
  if (path[0] === 'roles' && path.length === 2) {
    const kind = valueAt(raw, [...path, 'kind']);
    if (typeof kind === 'string' && Object.hasOwn(KIND_FIELDS, kind))
      return KIND_FIELDS[kind as keyof typeof KIND_FIELDS];
  }
  return [];
}
