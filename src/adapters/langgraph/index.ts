/**
 * LangGraph.js teams (`@langchain/langgraph@1`, `@langchain/core@1`, optional peers): wrap a
 * compiled graph of agents as a faultline team, its `Command` handoffs measured as env handoffs.
 * Importing it registers the built-in envs (idempotent), as `faultline/serve` does.
 */
import { loadBuiltins } from '../../builtins.js';

export {
  langGraphTeam,
  type LangGraphEpisode,
  type LangGraphFactory,
  type LangGraphTeamOptions,
  type InvokableGraph,
} from './team.js';
export { envTools, stepText, toolSchema } from './env-tools.js';
export { handoffCommand, handoffTool, updatePayload, type HandoffUpdate } from './handoff.js';
export { TurnRecorder } from './turn-recorder.js';

loadBuiltins();
