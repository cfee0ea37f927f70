/** The URL of the mixed teams' setup module (serve/mixed-team/setup), without loading it. */
import { siblingModuleUrl } from '../../core/sibling-module.js';

/** The URL of the mixed teams' setup module, for a run's `setup` list (works from the sources and from dist). */
export const MIXED_TEAM_SETUP: string = siblingModuleUrl(import.meta.url, 'setup');
