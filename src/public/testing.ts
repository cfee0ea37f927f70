/**
 * `faultline/testing`: test doubles and fixtures for property-based robustness tests — fault plans
 * as fast-check arbitraries, the env checker, and the reproduction recipe to print on failure.
 *
 * Importing this entry registers the built-in envs, the perturbation catalog and the reference
 * teams (idempotent), since fault plans are materialized against registered envs.
 */
import { loadBuiltins } from '../builtins.js';

export * from '../testing/index.js';

loadBuiltins();
