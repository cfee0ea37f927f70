/**
 * The spaces of every team env: actions are the team action union (`tool`, `handoff`, `ask`,
 * `wait`, `finish`; a tool's own arguments are checked by the world at step time, so the space
 * admits any JSON object there) and observations are {@link TeamObservation}s.
 */
import * as z from 'zod';
import { space, type Space } from '../core/spaces.js';
import { ActionSchema, type Action } from './actions.js';
import type { TeamObservation } from './observation.js';

const InboxMessageSchema = z.object({ from: z.string(), step: z.number().int().min(0), message: z.unknown() });
const LastResultSchema = z.object({
  action: z.string(),
  ok: z.boolean(),
  result: z.unknown().optional(),
  error: z.unknown().optional(),
});

/** The shape of a team observation (the structured fields and their text rendering). */
export const TeamObservationSchema = z.object({
  env: z.string(),
  step: z.number().int().min(0),
  clock: z.number().min(0),
  role: z.string().min(1),
  request: z.string().nullable(),
  inbox: z.array(InboxMessageSchema),
  last: LastResultSchema.nullable(),
  tools: z.array(z.string()),
  teammates: z.array(z.string()),
  canFinish: z.boolean(),
  restarted: z.boolean(),
  done: z.boolean(),
  text: z.string(),
});

/** The observation space of every team env. */
export const teamObservationSpace: Space<TeamObservation> = space(
  TeamObservationSchema as unknown as z.ZodType<TeamObservation>,
);

/** The action space of every team env: the team action union. */
export const teamActionSpace: Space<Action> = space(ActionSchema as unknown as z.ZodType<Action>);
