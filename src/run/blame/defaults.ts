/** Defaults of blame that its command declares without loading blame itself. */

/** The default bound on interventions per episode (re-runs, role swaps included). */
export const DEFAULT_MAX_INTERVENTIONS = 200;
