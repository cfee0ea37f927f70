/**
 * Registering a task family as an env, for world authors. This is the seam where an authored
 * family is wired to the perturbation engine it runs with.
 */
export { registerTaskFamily } from '../team/team-env.js';
