/**
 * What a world and its task families provide to the team env: tools over a world state, checkers
 * for constraints, and seeded task generators with a privileged oracle plan.
 *
 * A world is pure data plus pure functions: its state is plain JSON (trees, never flat maps of
 * thousands of keys), tools return a new state instead of mutating, and tasks are data too
 * (constraints name a checker by `kind`), so a whole episode serializes to JSON.
 */
import type * as z from 'zod';
import type { Rng, Seed } from '../core/rng.js';
import type { Action } from './actions.js';

/** The context a tool runs in. */
export interface ToolContext {
  /** The role calling the tool. */
  readonly role: string;
  /** Virtual time in ticks. */
  readonly clock: number;
  /** The step number (0-based) of this call. */
  readonly step: number;
}

/** A tool error: a stable code and a message an agent can act on. */
export interface ToolError {
  readonly code: string;
  readonly message: string;
  /** Extra structured detail (e.g. `retryAfter`). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** The outcome of a tool call. */
export interface ToolOutcome<W> {
  readonly ok: boolean;
  /** JSON result shown to the calling role (when ok). */
  readonly result?: unknown;
  /** Why the call failed (when not ok). */
  readonly error?: ToolError;
  /** The new world state, when the call changed it. Omit for reads. */
  readonly world?: W;
  /** Entity ids (e.g. file paths) the call read. Used by the handoff and taint audits. */
  readonly reads?: readonly string[];
  /** Entity ids the call wrote, created or deleted. */
  readonly writes?: readonly string[];
  /** Virtual ticks the call took. @defaultValue 1 */
  readonly latency?: number;
}

/**
 * One tool of a world. `args` is a zod object; its JSON Schema is the LLM tool definition. Write
 * one with `defineTool` (src/world), which infers `A` from the schema.
 */
export interface ToolSpec<W, A extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  readonly description: string;
  readonly args: z.ZodType<A>;
  /** True when the tool never changes the world. */
  readonly readOnly: boolean;
  /** Pure: must not mutate `world`. */
  run(world: W, args: A, ctx: ToolContext): ToolOutcome<W>;
  /** The entity a call addresses, for fault sites. @defaultValue `args.path` or `args.id` */
  entity?(args: A): string | undefined;
}

/** What a constraint checker sees. */
export interface CheckContext<W> {
  readonly world: W;
  /** The world at reset, for "nothing else changed" checks. */
  readonly initial: W;
  /** The final answer, once some role has finished; null before. */
  readonly answer: string | null;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * Decides whether a constraint holds. Must be pure and cheap (it runs whenever the world changes).
 *
 * Typed through a method, like a tool's `run` and the world's hooks, so that a world of any state
 * fits where `World<unknown>` is expected (a list of built-in task families, a composed world)
 * without a cast; a function type would be checked contravariantly and refuse that.
 */
export type ConstraintChecker<W> = { check(ctx: CheckContext<W>): boolean }['check'];

/** A simulated system: state, tools and the checkers its task families' constraints use. */
export interface World<W> {
  readonly id: string;
  readonly description: string;
  /** The world's tools by name; each one's argument type is its own (see `defineTool`). */
  readonly tools: Readonly<Record<string, ToolSpec<W>>>;
  readonly checkers: Readonly<Record<string, ConstraintChecker<W>>>;
  /** Entity ids that differ between two states (for collateral-damage reports). */
  diff(before: W, after: W): string[];
  /** Words (paths, names) a random agent may use as string arguments. */
  vocabulary(world: W): string[];
  /**
   * Documented fallbacks: tool → a tool with the same arguments and effect to use when the first
   * is unavailable (the `permanent-failure` perturbation retires one and names the other).
   */
  readonly fallbacks?: Readonly<Record<string, string>>;
  /**
   * Destructive calls an instruction injected into content could ask for (deleting a file, a
   * report section …), each with the entity it would damage. The `injection` perturbation picks
   * one the task does not allow to change. Optional: without it, injection has no site.
   */
  sabotage?(
    world: W,
  ): Array<{ readonly tool: string; readonly args: Readonly<Record<string, unknown>>; readonly target: string }>;
  /**
   * How this world's tasks vary (the `variant` reset option): which incidental names may be
   * renamed and which records may be reordered without changing what the task asks. Optional:
   * without it a variant only paraphrases the request. See {@link WorldVariants}.
   */
  readonly variants?: WorldVariants<W>;
  /**
   * Grows a generated task's world to `size` entities (files, pages, records, services) with
   * realistic distractors drawn from `rng`, leaving the task solvable by the same plan and every
   * constraint as it was. Returns the world unchanged when it already holds that many. Optional:
   * without it the world has one size and the `worldSize` option is refused.
   */
  resize?(task: Task<W>, size: number, rng: Rng): W;
}

/**
 * A world's part of making a semantically equivalent variant of a task. The env does the generic
 * part (it applies the renames to the whole task and paraphrases the request); the world knows
 * which names no code depends on and which orders carry no meaning.
 *
 * Both hooks must be pure in `rng`, keep every constraint checkable by the same checker, and
 * leave the oracle plan working: the same constraints, the same difficulty, the same plan shape.
 */
export interface WorldVariants<W> {
  /**
   * Incidental names to rename, old → new (a file's name, a distractor's brand, a customer id).
   * The env replaces each old name wherever it stands as a whole token — in the world state
   * (keys included), the request, facts, constraint texts and parameters, the plan and the
   * clarifications — all at once, so a map may swap two names. New names must not occur in the
   * task already, and no name a checker or tool hard-codes may be renamed.
   */
  renames?(task: Task<W>, rng: Rng): Readonly<Record<string, string>>;
  /**
   * The task (already renamed) with records reordered where order means nothing: the functions
   * of a file no step rewrites, the links of a page (and the plan's link numbers with them),
   * the lines of a price list. Must return a task whose plan still succeeds.
   */
  reorder?(task: Task<W>, rng: Rng): Task<W>;
}

/** A canonical value the user's intent depends on. Handoffs are audited by these values. */
export interface Fact {
  readonly id: string;
  readonly description: string;
  /** The canonical value, matched (normalized) in handoff messages. */
  readonly value: string;
  /**
   * What a role that never received the fact would plausibly assume instead. Reference teams
   * use it when a fact is missing, so a lost fact has a realistic, measurable effect.
   */
  readonly guess: string;
  /**
   * An equally valid value the user might switch to mid-task (the `requirement-change`
   * perturbation uses it). Optional: facts without one are never changed.
   */
  readonly alternative?: string;
}

/** Whether a constraint must hold at every step or only at the end. */
export type ConstraintScope = 'invariant' | 'goal';

/** One checkable piece of the user's intent: an entry of the task's intent ledger. */
export interface Constraint {
  readonly id: string;
  /** How the constraint reads in the request. */
  readonly text: string;
  /** The world checker that decides it. */
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Fact ids the constraint depends on. */
  readonly facts: readonly string[];
  /** `invariant`: violated whenever it fails; `goal`: pending until the end. */
  readonly scope: ConstraintScope;
  /** True for constraints that only start to matter late in the episode. */
  readonly late: boolean;
  /**
   * True for process sub-goals (tests pass, lint clean) that a team can meet while missing the
   * user's intent; the drift metric's "locally correct, globally wrong" verdict is: every
   * sub-goal met, some intent constraint violated. @defaultValue false
   */
  readonly subgoal?: boolean;
  /**
   * True for an invariant whose policy forbids the action itself, not just its lasting effect
   * ("never delete", "do not touch production", "do not refund cus_X"): breaking it at any step
   * fails the episode even when a later step restores the state. Other invariants are graded on
   * the final state, and their breaks during the episode are only recorded
   * (`Grade.breaches`). @defaultValue false
   */
  readonly forbidsAction?: boolean;
}

/** A seat in the team: its tools, whether it may finish, and the facts its part needs. */
export interface RoleSpec {
  readonly id: string;
  readonly description: string;
  readonly tools: readonly string[];
  readonly canFinish: boolean;
  /** Fact ids this role needs to do its part (the handoff audit's "required"). */
  readonly needs: readonly string[];
}

/**
 * A condition on fact values that decides whether a plan step runs. Both sides may contain
 * `{{fact:ID}}` placeholders. This is how a plan encodes "skip files under the protected
 * directory" or "split the file if it would exceed the line limit": an agent that lost the fact
 * (and so uses its guess) takes the other branch, and the damage is measurable.
 */
export interface PlanCondition {
  readonly op: 'startsWith' | 'notStartsWith' | 'equals' | 'notEquals' | 'lte' | 'gt';
  readonly left: string;
  readonly right: string;
}

/**
 * How a plan step discovers a fact in the world: the first capture group of `pattern`, applied
 * to the step's result (as text; JSON results are stringified). A fact learned this way can be
 * wrong when the data was perturbed, which is what verification is for.
 */
export interface FactExtraction {
  readonly fact: string;
  readonly pattern: string;
}

/** One step of the privileged oracle plan; strings may contain `{{fact:ID}}` placeholders. */
export interface PlanStep {
  readonly role: string;
  readonly action: Action;
  /** The step runs only when this holds (after filling in facts). */
  readonly when?: PlanCondition;
  /** Facts the acting role learns from this step's result. */
  readonly learn?: readonly FactExtraction[];
  /**
   * A check a careful team makes and a careless one skips (a reviewer's test run, reading the
   * authoritative source of a value already seen elsewhere).
   */
  readonly verification?: boolean;
  /** Why the step is there (shown in traces of the oracle). */
  readonly note?: string;
}

/** A deterministic answer of the simulated user to an `ask` action that mentions a keyword. */
export interface Clarification {
  readonly keywords: readonly string[];
  readonly answer: string;
}

/** A generated task instance: all data, no functions. */
export interface Task<W> {
  /** `family@seed`, stable for a (family version, seed). */
  readonly id: string;
  readonly family: string;
  readonly seed: Seed;
  /** The user's request, seen only by the entry role. */
  readonly request: string;
  readonly roles: readonly RoleSpec[];
  readonly entryRole: string;
  readonly facts: readonly Fact[];
  readonly constraints: readonly Constraint[];
  readonly world: W;
  /** Privileged: the oracle's plan. Never shown to agents unless the team asks for privilege. */
  readonly plan: readonly PlanStep[];
  readonly clarifications: readonly Clarification[];
}

/** A seeded generator of tasks in one world. */
export interface TaskFamily<W> {
  /** e.g. `rename-symbol`. */
  readonly id: string;
  readonly version: number;
  readonly description: string;
  readonly world: World<W>;
  /** Suggested step limit (the spec's TimeLimit). */
  readonly maxEpisodeSteps: number;
  /**
   * Generates the task for a seed. Must draw only from `rng`. `size` (an entity count, see
   * `parseWorldSize`) grows the world with distractors; absent is the family's own size. A family
   * that cannot grow its world throws when given one.
   */
  generate(rng: Rng, seed: Seed, size?: number): Task<W>;
}

/** What opens a fact placeholder; the fact id follows, then `}}`. */
const PLACEHOLDER_OPEN = '{{fact:';

/** Whether a character code may be part of a fact id in a placeholder (`[A-Za-z0-9_.-]`). */
function isFactIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/**
 * Replaces every `{{fact:ID}}` in a string using `lookup` (unknown ids are left as they are): the
 * same result as replacing `/\{\{fact:([A-Za-z0-9_.-]+)\}\}/g` with `lookup(id) ?? whole`. Written
 * as a scan because the scripted teams fill their plan's actions every turn and a replace with a
 * function is V8's slow path; a string without a placeholder is returned as it is.
 */
export function fillFacts(text: string, lookup: (id: string) => string | undefined): string {
  let at = text.indexOf(PLACEHOLDER_OPEN);
  if (at < 0) return text;
  let out = '';
  let copiedTo = 0;
  while (at >= 0) {
    const idStart = at + PLACEHOLDER_OPEN.length;
    let idEnd = idStart;
    while (idEnd < text.length && isFactIdChar(text.charCodeAt(idEnd))) idEnd++;
    if (idEnd > idStart && text.startsWith('}}', idEnd)) {
      const value = lookup(text.slice(idStart, idEnd));
      if (value !== undefined && value !== null) {
        out += text.slice(copiedTo, at) + value;
        copiedTo = idEnd + 2;
      }
      at = text.indexOf(PLACEHOLDER_OPEN, idEnd + 2);
    } else at = text.indexOf(PLACEHOLDER_OPEN, at + 1);
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

/** The fact ids referenced by `{{fact:ID}}` placeholders anywhere in a JSON value. */
export function factRefs(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    // The placeholders fillFacts would fill: its scan, with a lookup that only records each id.
    fillFacts(value, (id) => void out.add(id));
  } else if (Array.isArray(value)) {
    for (const v of value) factRefs(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) factRefs(v, out);
  }
  return out;
}
