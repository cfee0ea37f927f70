/** The LangGraph.js adapter's exports; `src/public/langgraph.ts` is the package entry. */
export {
  langGraphTeam,
  type LangGraphEpisode,
  type LangGraphFactory,
  type LangGraphTeamOptions,
  type InvokableGraph,
} from './team.js';
export { envTools, stepText, toolSchema } from './env-tools.js';
export { handoffCommand, handoffTool, updatePayload, type HandoffUpdate } from './handoff.js';
export { TurnRecorder, type TurnRecorderOptions } from './turn-recorder.js';
export { RecordedChatModel, modelName, type ModelSession, type RecordedCall } from './recorded-model.js';
