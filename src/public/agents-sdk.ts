/**
 * faultline adapter for the OpenAI Agents SDK (`@openai/agents`, an optional peer dependency):
 * run a team of SDK agents, with their handoffs, on faultline's envs. Importing this entry
 * registers the built-in envs and reference teams (idempotent), as `faultline/serve` does.
 */
import { loadBuiltins } from '../builtins.js';

export * from '../adapters/agents-sdk/index.js';

loadBuiltins();
