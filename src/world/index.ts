/**
 * Helpers for writing worlds' task families: the plan builder, roles derived from the plan,
 * a memo of generated tasks, seeded request wording, and the helpers of a world's task variants.
 */
export { PlanBuilder, fact, rolesFromPlan, type RoleTemplate, type StepOptions } from './plan-builder.js';
export { memoizeGenerator } from './memoize.js';
export { sentence, shuffledSentences } from './wording.js';
export { occursIn, permuteNames, presentRenames, renameWithin, shuffleVisibly, taskText } from './variation.js';
