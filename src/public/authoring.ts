/**
 * `faultline/authoring`: what a world author needs to write a world and its task families outside
 * this repository — the world and task types, registering a family as an env, the plan builder,
 * generator memoization, wording and variation helpers, checker parameters, and world composition.
 * Importing it registers nothing: register your families with `registerTaskFamily`.
 */
export type {
  World,
  WorldVariants,
  ToolSpec,
  ToolContext,
  ToolError,
  ToolOutcome,
  CheckContext,
  ConstraintChecker,
  Constraint,
  ConstraintScope,
  Fact,
  RoleSpec,
  PlanCondition,
  FactExtraction,
  PlanStep,
  Clarification,
  Task,
  TaskFamily,
} from '../team/world.js';
export { fillFacts, factRefs } from '../team/world.js';
export { resolvePlanStep, partialKnowledge, fullKnowledge, type FactLookup } from '../team/plan.js';
export { registerTaskFamily, type RegisterTaskFamilyOptions } from '../world/register.js';
export { familyEnvId } from '../team/team-env.js';
export {
  defineTool,
  defineTaskFamily,
  registerTaskFamilies,
  fail,
  own,
  type ToolDefinitionOptions,
  type DefinedTaskFamily,
  type TaskContent,
  type TaskFamilyOptions,
} from '../world/index.js';
export { PlanBuilder, fact, rolesFromPlan, type RoleTemplate, type StepOptions } from '../world/plan-builder.js';
export { memoizeGenerator } from '../world/memoize.js';
export {
  MAX_WORLD_SIZE,
  WORLD_SIZES,
  parseWorldSize,
  type WorldSizeInput,
  type WorldSizeName,
} from '../world/world-size.js';
export { sentence, shuffledSentences } from '../world/wording.js';
export { occursIn, permuteNames, presentRenames, renameWithin, shuffleVisibly, taskText } from '../world/variation.js';
export { stringParam, stringListParam, escapeRegExp } from '../world/checker-params.js';
export {
  composeWorlds,
  composedTool,
  composedEntity,
  composedChecker,
  liftPlanStep,
  type WorldParts,
  type ComposedState,
  type ComposeOptions,
} from '../team/compose.js';
export { Rng, type Seed } from '../core/rng.js';
// A value that fits a tool's JSON Schema: for fuzzing a world's tools, and for random agents.
export { sampleJsonSchema, type JsonSchema } from '../core/spaces.js';
