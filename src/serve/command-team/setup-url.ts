/** The URL of the command teams' setup module (serve/command-team/setup), without loading it. */
import { siblingModuleUrl } from '../../core/sibling-module.js';

/** The URL of the command teams' setup module, for a run's `setup` list (works from the sources and from dist). */
export const COMMAND_TEAM_SETUP: string = siblingModuleUrl(import.meta.url, 'setup');
