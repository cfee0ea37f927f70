/**
 * The Agent Protocol's wire objects (agentprotocol.ai, OpenAPI `v1`), as zod schemas of what a
 * client receives: a `Task` (answer to `POST /ap/v1/agent/tasks`, `GET …/tasks/{task_id}`) and a
 * `Step` (answer to `POST …/tasks/{task_id}/steps`, `GET …/steps/{step_id}`). Fields the spec
 * marks required and the client relies on are required here; the rest are checked for type when
 * present, and unknown fields pass (agents add their own).
 */
import { z } from 'zod';

/** The path prefix of every Agent Protocol endpoint. */
export const AGENT_PROTOCOL_PREFIX = '/ap/v1/agent';

const artifact = z.looseObject({
  artifact_id: z.string(),
  agent_created: z.boolean().optional(),
  file_name: z.string().optional(),
  relative_path: z.string().nullable().optional(),
});

/** A task: created once, then stepped. */
export const taskSchema = z.looseObject({
  task_id: z.string().min(1),
  input: z.string().nullable().optional(),
  additional_input: z.unknown().optional(),
  artifacts: z.array(artifact).optional(),
});

/** What a client reads of a task. */
export type AgentProtocolTask = z.infer<typeof taskSchema>;

/** The states of a step: only `completed` carries its output. */
export const STEP_STATUSES = ['created', 'running', 'completed'] as const;

/** One step of a task. */
export const stepSchema = z.looseObject({
  task_id: z.string().min(1),
  step_id: z.string().min(1),
  status: z.enum(STEP_STATUSES),
  name: z.string().nullable().optional(),
  input: z.string().nullable().optional(),
  output: z.string().nullable().optional(),
  // `StepOutput` is an object ("any value is allowed" inside it), or null.
  additional_output: z.record(z.string(), z.unknown()).nullable().optional(),
  artifacts: z.array(artifact).optional(),
  is_last: z.boolean().optional(),
});

/** What a client reads of a step. */
export type AgentProtocolStep = z.infer<typeof stepSchema>;

/** The body of `POST /ap/v1/agent/tasks` and of `POST …/tasks/{task_id}/steps`. */
export interface AgentProtocolRequestBody {
  readonly input: string | null;
  readonly additional_input: Readonly<Record<string, unknown>>;
}

/** The issues of a failed parse, short, for an error message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 4)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
