/** The URL of the LLM teams' setup module (llm/setup), without loading it. */
import { siblingModuleUrl } from '../core/sibling-module.js';

/** The URL of the LLM teams' setup module, for a run's `setup` list (works from the sources and from dist). */
export const LLM_SETUP: string = siblingModuleUrl(import.meta.url, 'setup');
