/**
 * World composition: two (or more) worlds side by side in one episode, each on its own part of
 * the state, so a task family can span them (research on the web, then write into a project)
 * without either world knowing about the other.
 *
 * Naming keeps the parts apart and stays valid everywhere a name goes:
 * - tools are `<prefix>_<tool>` (`web_search`, `fs_write_file`), valid LLM tool names;
 * - entity ids are `<prefix>:<id>` (`web:corvid.example/pricing`, `fs:src/index.ts`), in tool
 *   `reads`/`writes`/`entity()`, `diff` and sabotage targets alike, so handoff and taint audits,
 *   fault sites and collateral checks see one consistent namespace;
 * - checker kinds are `<prefix>:<kind>` (`fs:tests-pass`), each run on its part of the state.
 *
 * The composed world also has a `no-collateral` checker over the composed diff (grading and the
 * injection perturbation find a task's allowed changes by that kind), and takes cross-world
 * checkers of its own. Vocabulary words are tool arguments, which go to the part unchanged, so
 * they are not prefixed. Task variants come from the parts' own `variants` hooks (see
 * compose-variants.ts).
 */
import type { Action } from './actions.js';
import type { CheckContext, ConstraintChecker, PlanStep, ToolOutcome, ToolSpec, World } from './world.js';
import { composedChecker, composedEntity, composedMentions, composedTool } from './compose-names.js';
import { composeVariants } from './compose-variants.js';
import { allowListParam } from '../world/allow-list.js';

export { composedChecker, composedEntity, composedTool };

/** The state type of a world (never for anything else). */
export type StateOf<X> = X extends World<infer S> ? S : never;

/**
 * The worlds to compose, by prefix (`{ web: mockWebWorld, fs: filesystemWorld }`): each entry a
 * world of its own state type. Used as the bound `P extends WorldParts<P>`.
 */
export type WorldParts<P> = { readonly [K in keyof P]: World<StateOf<P[K]>> };

/** The state of a composed world: each part's state under its prefix. */
export type ComposedState<P extends WorldParts<P>> = { readonly [K in keyof P]: StateOf<P[K]> };

/**
 * The parts with their state types forgotten. Sound because a part is only ever handed its own
 * state (the composed state's entry under its prefix), never another part's.
 */
function opaqueParts<P extends WorldParts<P>>(parts: P): Readonly<Record<string, World<unknown>>> {
  return parts;
}

/** Options of {@link composeWorlds}. */
export interface ComposeOptions<S> {
  /** The composed world's id. @defaultValue the parts' ids joined with `+` */
  readonly id?: string;
  /** @defaultValue the parts' descriptions, each after its prefix */
  readonly description?: string;
  /** Cross-world checkers, by kind (unprefixed kinds; they see the whole composed state). */
  readonly checkers?: Readonly<Record<string, ConstraintChecker<S>>>;
}

/** Prefixes must be short lower-case words, so every composed name stays a valid tool name. */
const PREFIX = /^[a-z][a-z0-9]{0,15}$/;
/** What LLM tool-calling APIs accept as a tool name. */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Composes worlds into one. Each tool runs on its part of the state and returns a new composed
 * state only when its part changed; a part never sees another's state. Throws when a prefix or a
 * composed tool name is invalid.
 */
export function composeWorlds<P extends WorldParts<P>>(
  typedParts: P,
  options: ComposeOptions<ComposedState<P>> = {},
): World<ComposedState<P>> {
  type S = ComposedState<P>;
  const parts = opaqueParts(typedParts);
  const prefixes = Object.keys(parts);
  if (prefixes.length === 0)
    throw new Error('composeWorlds: give at least one world, e.g. { web: mockWebWorld, fs: filesystemWorld }');
  for (const p of prefixes)
    if (!PREFIX.test(p))
      throw new Error(
        `composeWorlds: prefix "${p}" must be a short lower-case word (${PREFIX.source}), e.g. "web" or "fs"`,
      );

  const tools: Record<string, ToolSpec<S>> = {};
  const checkers: Record<string, ConstraintChecker<S>> = {};
  const fallbacks: Record<string, string> = {};
  for (const prefix of prefixes) {
    const world = partOf(parts, prefix);
    for (const tool of Object.values(world.tools)) {
      const name = composedTool(prefix, tool.name);
      if (!TOOL_NAME.test(name))
        throw new Error(
          `composeWorlds: "${name}" is not a valid tool name (${TOOL_NAME.source}); use a shorter prefix than "${prefix}"`,
        );
      tools[name] = liftTool<S>(prefix, world.id, tool, composedMentions(prefix, Object.keys(world.tools)));
    }
    for (const [kind, checker] of Object.entries(world.checkers))
      checkers[composedChecker(prefix, kind)] = liftChecker<S>(prefix, checker);
    for (const [from, to] of Object.entries(world.fallbacks ?? {}))
      fallbacks[composedTool(prefix, from)] = composedTool(prefix, to);
  }

  const diff = (before: S, after: S): string[] => {
    const out: string[] = [];
    for (const prefix of prefixes) {
      const b = (before as Record<string, unknown>)[prefix];
      const a = (after as Record<string, unknown>)[prefix];
      if (a === b) continue;
      for (const id of partOf(parts, prefix).diff(b, a)) out.push(composedEntity(prefix, id));
    }
    return out.sort();
  };
  checkers['no-collateral'] = noCollateral(diff);
  Object.assign(checkers, options.checkers ?? {});

  const sabotaging = prefixes.filter((p) => partOf(parts, p).sabotage !== undefined);
  const variants = composeVariants<S>(parts);
  return {
    id: options.id ?? prefixes.map((p) => partOf(parts, p).id).join('+'),
    description: options.description ?? prefixes.map((p) => `[${p}] ${partOf(parts, p).description}`).join(' '),
    tools,
    checkers,
    ...(Object.keys(fallbacks).length > 0 ? { fallbacks } : {}),
    diff,
    vocabulary(state) {
      return prefixes.flatMap((p) => partOf(parts, p).vocabulary((state as Record<string, unknown>)[p]));
    },
    ...(variants ? { variants } : {}),
    ...(sabotaging.length > 0
      ? {
          sabotage(state: S) {
            return sabotaging.flatMap((p) =>
              (partOf(parts, p).sabotage?.((state as Record<string, unknown>)[p]) ?? []).map((s) => ({
                tool: composedTool(p, s.tool),
                args: s.args,
                target: composedEntity(p, s.target),
              })),
            );
          },
        }
      : {}),
  };
}

/** The entity a part's tool call addresses, as the team model would find it (`entity()`, else `path`/`id`). */
function partEntity(tool: ToolSpec<unknown>, args: Record<string, unknown>): string | undefined {
  if (tool.entity) return tool.entity(args);
  const candidate = args['path'] ?? args['id'];
  return typeof candidate === 'string' ? candidate : undefined;
}

/** Lists of reads or writes at least this long are lifted once per list (see {@link liftTool}). */
const LONG_LIST = 512;

function liftTool<S>(
  prefix: string,
  worldId: string,
  tool: ToolSpec<unknown>,
  mentions: (text: string) => string,
): ToolSpec<S> {
  // Long lists lifted, by the part's list: a whole-project test run or lint reads every module,
  // and the part hands out the same list for a task for as long as no module is created or
  // deleted, so each is lifted once, not at every call (at 10,000 modules lifting was most of a
  // step). Short lists (a file or two, new at every call) are lifted as they come: keeping them
  // would cost the collector more than lifting them again.
  const lifted = new WeakMap<readonly string[], string[]>();
  const lift = (ids: readonly string[] | undefined): string[] | undefined => {
    if (ids === undefined) return undefined;
    if (ids.length < LONG_LIST) return ids.map((id) => composedEntity(prefix, id));
    let out = lifted.get(ids);
    if (out === undefined) lifted.set(ids, (out = ids.map((id) => composedEntity(prefix, id))));
    return out;
  };
  return {
    name: composedTool(prefix, tool.name),
    // The part's texts name its sibling tools; the agent knows them only by composed names.
    description: `[${worldId}] ${mentions(tool.description)}`,
    args: tool.args,
    readOnly: tool.readOnly,
    entity(args) {
      const id = partEntity(tool, args);
      return id === undefined ? undefined : composedEntity(prefix, id);
    },
    run(state, args, ctx): ToolOutcome<S> {
      const part = (state as Record<string, unknown>)[prefix];
      const out = tool.run(part, args, ctx);
      const reads = lift(out.reads);
      const writes = lift(out.writes);
      const changed = out.world !== undefined && out.world !== part;
      return {
        ok: out.ok,
        ...(out.result !== undefined ? { result: out.result } : {}),
        ...(out.error ? { error: { ...out.error, message: mentions(out.error.message) } } : {}),
        ...(changed ? { world: { ...(state as object), [prefix]: out.world } as S } : {}),
        ...(reads ? { reads } : {}),
        ...(writes ? { writes } : {}),
        ...(out.latency !== undefined ? { latency: out.latency } : {}),
      };
    },
  };
}

function liftChecker<S>(prefix: string, checker: ConstraintChecker<unknown>): ConstraintChecker<S> {
  return (ctx) =>
    checker({
      world: (ctx.world as Record<string, unknown>)[prefix],
      initial: (ctx.initial as Record<string, unknown>)[prefix],
      answer: ctx.answer,
      params: ctx.params,
    });
}

/**
 * `no-collateral` {allow}: every composed entity that differs from the start is allowed by an
 * entry of `allow` (exact composed ids like `fs:CHANGELOG.md`, or prefixes ending with `/`).
 */
function noCollateral<S>(diff: (before: S, after: S) => string[]): ConstraintChecker<S> {
  return (ctx: CheckContext<S>) => {
    const allow = allowListParam(ctx, 'allow');
    if (!allow) return false;
    return diff(ctx.initial, ctx.world).every((id) => allow.allows(id));
  };
}

/**
 * A part world's plan step as a step of the composed world: its tool renamed
 * (`open_page` → `web_open_page`), optionally handed to another role. Facts, conditions and
 * verification marks are kept, so a sub-plan written for one world is reused as it is.
 */
export function liftPlanStep(prefix: string, step: PlanStep, role: string = step.role): PlanStep {
  const action: Action =
    step.action.type === 'tool' ? { ...step.action, tool: composedTool(prefix, step.action.tool) } : step.action;
  return { ...step, role, action };
}

/** The part under a prefix (every prefix of the composition has one). */
function partOf(parts: Readonly<Record<string, World<unknown>>>, prefix: string): World<unknown> {
  const part = parts[prefix];
  if (!part) throw new Error(`composeWorlds: no part world under the prefix "${prefix}"`);
  return part;
}
