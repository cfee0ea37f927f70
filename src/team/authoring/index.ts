/**
 * Helpers for writing worlds' task families: the plan builder, roles derived from the plan,
 * a memo of generated tasks, and seeded request wording.
 */
export { PlanBuilder, fact, rolesFromPlan, type RoleTemplate, type StepOptions } from './plan-builder.js';
export { memoizeGenerator } from './memoize.js';
export { sentence, shuffledSentences } from './wording.js';
