/**
 * The `data` of a `reset` message: OpenEnv's `ResetRequest` (`seed`, `episode_id`, extra fields
 * allowed) with faultline's fields — which env, which view, which perturbation profile.
 */
import * as z from 'zod';
import { MAX_ENV_ID_LENGTH } from '../../core/registry.js';
import { isSafeId, SAFE_ID_RULE } from '../../core/safe-id.js';
import { MAX_WORLD_SIZE } from '../../world/world-size.js';
import { ProtocolError } from './protocol.js';

/** The fields of a reset request. Unknown fields are ignored (OpenEnv allows extras) and reported. */
export const ResetRequestSchema = z.object({
  /** The episode seed (OpenEnv: an integer ≥ 0; faultline seeds are 32-bit). */
  seed: z.number().int().min(0).max(0xffff_ffff).optional(),
  /** The client's name for the episode; the server makes one up when absent. */
  episode_id: z.string().min(1).max(255).optional(),
  /** The env id (`world/family-vN`); the server's default env when absent. */
  env_id: z.string().min(1).max(MAX_ENV_ID_LENGTH).optional(),
  /** `single` (default): one role, `agent`, holds every tool. `team`: the task's roles take turns. */
  view: z.enum(['single', 'team']).optional(),
  /** The perturbation profile (`clean`, `production`, `chaos`, or one kind alone). @defaultValue 'clean' */
  perturb: z.string().min(1).max(64).optional(),
  /** The trial (attempt) number: trial 0 draws the profile's faults from the seed. @defaultValue 0 */
  trial: z.number().int().min(0).max(1_000_000).optional(),
  /** The task variant (0: the task as generated). @defaultValue 0 */
  variant: z.number().int().min(0).max(1_000).optional(),
  /**
   * The world size: `small` (100), `medium` (1,000), `large` (10,000) or an entity count. A sized
   * episode is another episode (its id carries the size). @defaultValue the server's `--world-size`, else the family's own
   */
  world_size: z.union([z.enum(['small', 'medium', 'large']), z.number().int().min(1).max(MAX_WORLD_SIZE)]).optional(),
  /**
   * The team id the episode is recorded under (a server with `--out` writes it into file names,
   * so it must be a safe id). @defaultValue 'openenv'
   */
  team_id: z
    .string()
    .refine(isSafeId, { message: `expected ${SAFE_ID_RULE}, e.g. "my-trainer"` })
    .optional(),
});

/** A validated reset request. */
export type ResetRequest = z.infer<typeof ResetRequestSchema>;

/** A reset request and the fields of it the server ignored. */
export interface ParsedResetRequest {
  readonly request: ResetRequest;
  readonly ignored: readonly string[];
}

/** Validates the `data` of a reset message; throws a `VALIDATION_ERROR` {@link ProtocolError}. */
export function parseResetRequest(data: unknown): ParsedResetRequest {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ProtocolError(
      'VALIDATION_ERROR',
      'Invalid reset: "data" must be an object like {"seed": 0, "env_id": "world/family-v1"}',
    );
  }
  const parsed = ResetRequestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'data';
    throw new ProtocolError('VALIDATION_ERROR', `Invalid reset: ${field}: ${issue?.message ?? 'invalid value'}`, {
      field,
    });
  }
  const known = new Set(Object.keys(ResetRequestSchema.shape));
  const ignored = Object.keys(data)
    .filter((k) => !known.has(k))
    .slice(0, 20)
    .map((k) => k.slice(0, 64));
  return { request: parsed.data, ignored };
}
