/**
 * Defining a world's tool from one zod schema: the schema is the argument type (`z.output`), the
 * JSON Schema an agent is shown, and the validation every call goes through, so no tool spells
 * its argument type by hand beside its schema.
 */
import * as z from 'zod';
import type { ToolContext, ToolOutcome, ToolSpec } from '../team/world.js';

/**
 * What {@link defineTool} takes: a {@link ToolSpec} whose argument type `A` is inferred from the
 * `args` schema's output (defaults applied), and whose state type `S` is `run`'s first parameter.
 */
export interface ToolDefinitionOptions<S, A extends Record<string, unknown>> {
  /** The name agents call the tool by: lower-case words joined by `_`, e.g. `open_page`. */
  readonly name: string;
  /** What the tool does and returns, written for an agent choosing a tool. */
  readonly description: string;
  /** The arguments, e.g. `z.strictObject({ url: z.string().describe('the page URL') })`. */
  readonly args: z.ZodType<A>;
  /** True when the tool never changes the world. @defaultValue false */
  readonly readOnly?: boolean;
  /** The entity a call addresses, for fault sites. @defaultValue `args.path` or `args.id` */
  readonly entity?: (args: A) => string | undefined;
  /**
   * Runs a validated call. Pure: returns the new state in `world` and never mutates `state`.
   * The state type of the world is taken from this parameter's annotation.
   */
  readonly run: (state: S, args: A, ctx: ToolContext) => ToolOutcome<NoInfer<S>>;
}

/** Tool names an LLM tool-calling API accepts and the composed worlds can prefix. */
const TOOL_NAME = /^[a-z][a-z0-9_]{0,47}$/;

/**
 * A world's tool from one zod schema. Annotate `run`'s state parameter once
 * (`run(state: WebState, args)`); `args` and `entity`'s parameter are inferred from the schema.
 *
 * @example
 * ```ts
 * export const openPage = defineTool({
 *   name: 'open_page',
 *   description: 'Open a web page by URL.',
 *   args: z.strictObject({ url: z.string().max(500).describe('the page URL') }),
 *   readOnly: true,
 *   entity: (args) => args.url,
 *   run(state: WebState, args) {
 *     const page = own(state.pages, args.url);
 *     return page ? { ok: true, result: page, reads: [args.url] } : fail('not_found', `no page "${args.url}"`);
 *   },
 * });
 * ```
 * @throws Error when the name is not a valid tool name or `args` is not a zod object schema.
 */
export function defineTool<S, A extends Record<string, unknown>>(options: ToolDefinitionOptions<S, A>): ToolSpec<S, A> {
  const { name, description, args, readOnly = false, entity, run } = options;
  if (!TOOL_NAME.test(name))
    throw new Error(
      `defineTool: name "${name}" is not a tool name; use 1-48 lower-case letters, digits or "_", starting with a letter (${TOOL_NAME.source}), e.g. "open_page"`,
    );
  if (!((args as unknown) instanceof z.ZodObject))
    throw new Error(
      `defineTool("${name}"): args must be a zod object schema (its JSON Schema is the tool's parameters); got ${args.constructor.name}. Wrap the arguments: z.strictObject({ ... })`,
    );
  // `entity` is set only when given: the team model falls back to `args.path`/`args.id` without it.
  return { name, description, args, readOnly, run, ...(entity ? { entity } : {}) };
}
