/**
 * Team files of command teams (`--team-file agent.yaml`): a file with `command` (one program
 * plays the whole team) or `roles: { ROLE: { command } }` (one program per role) describes a team
 * of agent programs instead of an LLM team. Validated strictly: an unknown field, a bad command
 * line or placeholder, or an API key is an error naming the file, the field and the fix.
 *
 * ```yaml
 * id: my-agent
 * description: my coding agent, one process per role
 * roles:
 *   planner:  { command: "my-agent --mcp {mcp_url} --prompt {prompt_file} --role planner" }
 *   executor: { command: "my-agent --mcp {mcp_url} --prompt {prompt_file} --role executor" }
 * timeoutSeconds: 600     # per episode, all programs together
 * maxOutputMB: 10         # per program, stdout and stderr together
 * modelProxy: true        # OPENAI_BASE_URL points at the run's recording proxy
 * ```
 */
import * as z from 'zod';
import { describeValue } from '../../core/errors.js';
import { isSafeId, SAFE_ID_RULE } from '../../core/safe-id.js';
import { findSecretField, parseData, readSmallFile, TeamFileError, valueAt } from '../../llm/team-file.js';
import type { CommandTeamConfig } from './config.js';
import { planCommandTeam } from './config.js';

const ROLE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** The schema of a command team file. */
export const CommandTeamFileSchema = z.strictObject({
  id: z.string().refine(isSafeId),
  description: z.string().max(2000).optional(),
  command: z.string().min(1).max(10_000).optional(),
  roles: z.record(z.string().regex(ROLE_ID), z.strictObject({ command: z.string().min(1).max(10_000) })).optional(),
  timeoutSeconds: z.int().min(1).max(2_147_483).optional(),
  maxOutputMB: z.number().positive().max(1_000_000).optional(),
  modelProxy: z.boolean().optional(),
});

/** A command team file, as validated. */
export type CommandTeamFile = z.infer<typeof CommandTeamFileSchema>;

const FIELD_HELP: Readonly<Record<string, string>> = {
  id: `a safe id (${SAFE_ID_RULE})`,
  description: 'a string',
  command: 'a command line, e.g. "my-agent --mcp {mcp_url} --prompt {prompt_file}"',
  roles: 'an object of role id → { command }',
  timeoutSeconds: 'a whole number of seconds >= 1',
  maxOutputMB: 'a number of megabytes > 0',
  modelProxy: 'true or false',
};

/**
 * Whether parsed team-file data describes a command team: it has a top-level `command`, or a
 * role with a `command` (an LLM team file has neither).
 */
export function isCommandTeamData(raw: unknown): boolean {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return false;
  const data = raw as Record<string, unknown>;
  if ('command' in data) return true;
  const roles = data['roles'];
  return (
    roles !== null &&
    typeof roles === 'object' &&
    Object.values(roles).some((r) => r !== null && typeof r === 'object' && 'command' in r)
  );
}

/** Reads a team file's data (JSON or YAML), for {@link isCommandTeamData}. */
export function readTeamData(path: string): unknown {
  return parseData(readSmallFile(path), path);
}

/** Validates command team file data; `file` names it in errors. Throws `TeamFileError`. */
export function commandTeamConfigOf(raw: unknown, file: string, proxyByDefault = false): CommandTeamConfig {
  const secret = findSecretField(raw, []);
  if (secret !== null)
    throw new TeamFileError(file, [
      `field ${secret}: an API key does not belong in a team file (it would end up in run records). Fix: leave it in the environment the programs inherit, or use modelProxy: true.`,
    ]);
  const parsed = CommandTeamFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new TeamFileError(
      file,
      parsed.error.issues.map((issue) => {
        const path = issue.path.map(String);
        if (issue.code === 'unrecognized_keys')
          return `field ${[...path, issue.keys[0] ?? ''].join('.')}: unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ''}, expected only ${path.length === 0 ? Object.keys(CommandTeamFileSchema.shape).join(', ') : 'command'}. Fix: remove it or correct its spelling.`;
        const name = [...path].reverse().find((p) => FIELD_HELP[p] !== undefined) ?? '';
        return `field ${path.join('.') || '(top level)'}: got ${describeValue(valueAt(raw, path))}, expected ${FIELD_HELP[name] ?? issue.message}. Fix: correct the value.`;
      }),
    );
  const f = parsed.data;
  const config: CommandTeamConfig = {
    id: f.id,
    ...(f.description !== undefined ? { description: f.description } : {}),
    ...(f.command !== undefined ? { command: f.command } : {}),
    ...(f.roles !== undefined
      ? { roles: Object.fromEntries(Object.entries(f.roles).map(([role, r]) => [role, r.command])) }
      : {}),
    ...(f.timeoutSeconds !== undefined ? { timeoutMs: f.timeoutSeconds * 1000 } : {}),
    ...(f.maxOutputMB !== undefined ? { maxOutputBytes: Math.round(f.maxOutputMB * 1024 * 1024) } : {}),
    modelProxy: f.modelProxy ?? proxyByDefault,
  };
  try {
    planCommandTeam(config, file);
  } catch (e) {
    throw new TeamFileError(file, [(e as Error).message]);
  }
  return config;
}
