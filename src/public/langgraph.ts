/**
 * LangGraph.js teams (`@langchain/langgraph@1`, `@langchain/core@1`, optional peers): wrap a
 * compiled graph of agents as a faultline team, its `Command` handoffs measured as env handoffs.
 * Importing it registers the built-in envs (idempotent), as `faultline/serve` does.
 */
import { loadBuiltins } from '../builtins.js';

export * from '../adapters/langgraph/index.js';

loadBuiltins();
