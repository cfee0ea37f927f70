/**
 * The configuration of a command team — plain JSON, so it travels to worker threads in a run's
 * setup entry — and its validation, which names the field, the value and the fix.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertSafeId } from '../../core/safe-id.js';
import { assertPlaceholders } from './placeholders.js';
import { shellWords } from './shell-words.js';

/** Default wall-clock limit of one episode's programs: ten minutes. */
export const DEFAULT_TIMEOUT_MS = 600_000;
/** Default cap on what a program writes to stdout and stderr together: 10 MiB. */
export const DEFAULT_MAX_OUTPUT_BYTES = 10 * 1024 * 1024;
/** Default time between SIGTERM and SIGKILL. */
export const DEFAULT_KILL_GRACE_MS = 2_000;
/** Default time programs may take to exit by themselves once their episode has ended. */
export const DEFAULT_END_GRACE_MS = 2_000;

/** A team of agent programs: one command for the whole team, or one per role. */
export interface CommandTeamConfig {
  /** The team id (a safe id): episodes are recorded under it. */
  readonly id: string;
  readonly description?: string;
  /** One program that plays every role through the team's MCP endpoint `{mcp_url}`. */
  readonly command?: string;
  /** One program per role (role id → command), each given its own role's MCP endpoint. */
  readonly roles?: Readonly<Record<string, string>>;
  /** Wall-clock ms the programs of one episode may take in all. @defaultValue 600000 */
  readonly timeoutMs?: number;
  /** Most bytes one program may write to stdout and stderr together. @defaultValue 10 MiB */
  readonly maxOutputBytes?: number;
  /** Ms between SIGTERM and SIGKILL. @defaultValue 2000 */
  readonly killGraceMs?: number;
  /** Ms programs may take to exit by themselves once their episode has ended. @defaultValue 2000 */
  readonly endGraceMs?: number;
  /** Whether OPENAI_BASE_URL points the programs at the run's model proxy. */
  readonly modelProxy?: boolean;
}

/** A validated configuration: the commands split into arguments, the limits filled in. */
export interface CommandTeamPlan {
  readonly id: string;
  readonly description: string;
  /** The whole team's program (`role` null) or each role's. */
  readonly programs: readonly { readonly role: string | null; readonly argv: readonly string[] }[];
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly killGraceMs: number;
  readonly endGraceMs: number;
  readonly modelProxy: boolean;
}

const KEYS = new Set([
  'id',
  'description',
  'command',
  'roles',
  'timeoutMs',
  'maxOutputBytes',
  'killGraceMs',
  'endGraceMs',
  'modelProxy',
]);

function wholeMs(field: string, value: unknown, fallback: number, max = 2_147_483_647): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max)
    throw new InvalidArgumentError(field, value, `a whole number from 1 to ${max}`, `pass e.g. ${fallback}`);
  return value;
}

/** Checks `config` and splits its commands. Throws `InvalidArgumentError` naming the field. */
export function planCommandTeam(config: CommandTeamConfig, where = 'commandTeam(config)'): CommandTeamPlan {
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new InvalidArgumentError(where, config, 'an object { id, command | roles }', 'pass a CommandTeamConfig');
  const stray = Object.keys(config).find((k) => !KEYS.has(k));
  if (stray !== undefined)
    throw new InvalidArgumentError(`${where}.${stray}`, stray, `one of ${[...KEYS].join(', ')}`, 'remove or rename it');
  assertSafeId(`${where}.id`, config.id);
  const modelProxy = config.modelProxy ?? false;
  if (typeof modelProxy !== 'boolean')
    throw new InvalidArgumentError(`${where}.modelProxy`, modelProxy, 'true or false', 'pass true or omit it');
  const hasCommand = config.command !== undefined;
  const hasRoles = config.roles !== undefined;
  if (hasCommand === hasRoles)
    throw new InvalidArgumentError(
      where,
      hasCommand ? 'both command and roles' : 'neither command nor roles',
      'either `command` (one program plays the whole team) or `roles` (one program per role)',
      'keep exactly one of the two',
    );
  const programs: { role: string | null; argv: string[] }[] = [];
  const add = (field: string, role: string | null, command: unknown) => {
    if (typeof command !== 'string')
      throw new InvalidArgumentError(
        field,
        command,
        'a command line (a string)',
        'write e.g. "node agent.mjs --mcp {mcp_url}"',
      );
    const argv = shellWords(command, field);
    assertPlaceholders(argv, field, modelProxy);
    programs.push({ role, argv });
  };
  if (hasCommand) add(`${where}.command`, null, config.command);
  else {
    const roles = config.roles;
    if (typeof roles !== 'object' || roles === null || Array.isArray(roles) || Object.keys(roles).length === 0)
      throw new InvalidArgumentError(
        `${where}.roles`,
        roles,
        'an object of role id → command, with at least one role',
        'write e.g. roles: { planner: "node agent.mjs --mcp {mcp_url}" }',
      );
    for (const [role, command] of Object.entries(roles)) add(`${where}.roles.${role}`, role, command);
  }
  if (config.description !== undefined && typeof config.description !== 'string')
    throw new InvalidArgumentError(
      `${where}.description`,
      config.description,
      'a string',
      'describe the team in words',
    );
  return {
    id: config.id,
    description:
      config.description ??
      `Agent program${programs.length > 1 ? 's' : ''} outside faultline: ${programs.map((p) => (p.role ? `${p.role}: ` : '') + p.argv.join(' ')).join('; ')}`,
    programs,
    timeoutMs: wholeMs(`${where}.timeoutMs`, config.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxOutputBytes: wholeMs(`${where}.maxOutputBytes`, config.maxOutputBytes, DEFAULT_MAX_OUTPUT_BYTES, 2 ** 40),
    killGraceMs: wholeMs(`${where}.killGraceMs`, config.killGraceMs, DEFAULT_KILL_GRACE_MS),
    endGraceMs: wholeMs(`${where}.endGraceMs`, config.endGraceMs, DEFAULT_END_GRACE_MS),
    modelProxy,
  };
}
