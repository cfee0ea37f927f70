/**
 * What `GET /schema` and `GET /metadata` return: the JSON Schemas of an action, an observation
 * and the state (OpenEnv's `SchemaResponse`), and the server's description (`EnvironmentMetadata`).
 */
import * as z from 'zod';
import { listEnvs } from '../../core/registry.js';
import { ActionSchema } from '../../team/actions.js';
import { ResetRequestSchema } from './reset-request.js';

/** A JSON Schema, as plain JSON. */
export type JsonSchemaObject = Readonly<Record<string, unknown>>;

/** OpenEnv's combined schema response. */
export interface SchemaResponse {
  readonly action: JsonSchemaObject;
  readonly observation: JsonSchemaObject;
  readonly state: JsonSchemaObject;
  /** faultline's addition: the `data` of a reset message. */
  readonly reset: JsonSchemaObject;
}

const str = { type: 'string' } as const;
const int = { type: 'integer', minimum: 0 } as const;
const bool = { type: 'boolean' } as const;
const nullable = (schema: JsonSchemaObject): JsonSchemaObject => ({ anyOf: [schema, { type: 'null' }] });

/** The observation of the role whose turn it is (`TeamObservation`) with OpenEnv's `metadata`. */
const OBSERVATION_SCHEMA: JsonSchemaObject = {
  type: 'object',
  description:
    "The acting role's view. `text` renders all of it for an LLM. `metadata` carries the episode id at every step and, once done, the outcome, grade and failure-mode metrics.",
  properties: {
    env: str,
    step: int,
    clock: int,
    role: str,
    request: nullable(str),
    inbox: { type: 'array', items: { type: 'object' } },
    last: nullable({ type: 'object' }),
    tools: { type: 'array', items: str },
    teammates: { type: 'array', items: str },
    canFinish: bool,
    restarted: bool,
    done: bool,
    text: str,
    metadata: { type: 'object' },
  },
  required: ['env', 'step', 'clock', 'role', 'inbox', 'tools', 'teammates', 'canFinish', 'done', 'text', 'metadata'],
};

/** The state reply's data: OpenEnv's `State` (`episode_id`, `step_count`) with faultline's fields. */
const STATE_SCHEMA: JsonSchemaObject = {
  type: 'object',
  additionalProperties: true,
  properties: {
    episode_id: nullable(str),
    step_count: int,
    env_id: nullable(str),
    seed: int,
    view: { enum: ['single', 'team'] },
    perturb: str,
    trial: int,
    variant: int,
    task_id: nullable(str),
    active_role: nullable(str),
    clock: int,
    done: bool,
    outcome: nullable(str),
  },
  required: ['episode_id', 'step_count'],
};

/** The schemas of `GET /schema`. */
export function schemaResponse(): SchemaResponse {
  return {
    action: z.toJSONSchema(ActionSchema, { io: 'input' }),
    observation: OBSERVATION_SCHEMA,
    state: STATE_SCHEMA,
    reset: z.toJSONSchema(ResetRequestSchema, { io: 'input' }),
  };
}

/** OpenEnv's `EnvironmentMetadata`, with the env ids a reset may name. */
export function metadataResponse(defaultEnv: string | null, version: string | null): Record<string, unknown> {
  return {
    name: 'faultline',
    description:
      'Deterministic, seeded simulated worlds in which agents (one, or a team taking turns) solve tasks under reproducible faults. Reset with {seed, env_id, perturb, view}; step with a faultline action.',
    version,
    default_env: defaultEnv,
    envs: listEnvs().map((s) => ({ id: s.id, description: s.description, max_episode_steps: s.maxEpisodeSteps })),
  };
}

/**
 * The OpenAPI document of the HTTP routes, as OpenEnv's runtime validator reads it: `info.version`
 * is the OpenEnv HTTP API version this server follows, and the paths (no `/reset`, `/step` or
 * `/state`: episodes run over `/ws`) place it in OpenEnv's production mode.
 */
export function openApiResponse(): Record<string, unknown> {
  const get = (summary: string) => ({
    get: { summary, responses: { '200': { description: 'OK', content: { 'application/json': {} } } } },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'faultline OpenEnv server',
      version: '1.0.0',
      description: 'Episodes run over the WebSocket /ws (reset, step, state, close), one env per connection.',
    },
    paths: {
      '/health': get('Health check'),
      '/schema': get('JSON Schemas of an action, an observation, the state and a reset'),
      '/metadata': get('The server and the env ids a reset may name'),
    },
  };
}
