/**
 * The world-authoring kit: everything needed to write a world and its task families — tools from
 * one zod schema, task families from their seeded content, the plan builder, the memo of
 * generated tasks, seeded request wording, checker-param readers, the helpers of a world's task
 * variants, and registering a family as an env.
 */
export { defineTool, type ToolDefinitionOptions } from './define-tool.js';
export {
  defineTaskFamily,
  type DefinedTaskFamily,
  type TaskContent,
  type TaskFamilyOptions,
} from './define-task-family.js';
export { fail } from './fail.js';
export { own } from './own.js';
export { PlanBuilder, fact, rolesFromPlan, type RoleTemplate, type StepOptions } from './plan-builder.js';
export { memoizeGenerator } from './memoize.js';
export { sentence, shuffledSentences } from './wording.js';
export { occursIn, permuteNames, presentRenames, renameWithin, shuffleVisibly, taskText } from './variation.js';
export { stringParam, stringListParam, escapeRegExp } from './checker-params.js';
export { registerTaskFamily } from './register.js';
export { registerTaskFamilies } from './register-families.js';
export {
  MAX_WORLD_SIZE,
  WORLD_SIZES,
  parseWorldSize,
  worldSizeOf,
  type WorldSizeInput,
  type WorldSizeName,
} from './world-size.js';
