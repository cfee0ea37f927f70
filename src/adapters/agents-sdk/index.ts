/** The OpenAI Agents SDK adapter's exports; `src/public/agents-sdk.ts` is the package entry. */
export { agentsSdkTeam, type AgentsSdkTeamConfig } from './team.js';
export type { PlayingTeam } from '../../serve/playing-team.js';
export { envFunctionTools, stepText, type NonStrictSchema, type OnEnvStep } from './env-tools.js';
export { handoffMessage, handoffItems, itemText } from './handoff-payload.js';
export { ScriptedAgentModel, type ScriptedTurn } from './scripted-model.js';
export { recordingModel, TurnLedger } from './recording-model.js';
