/**
 * faultline adapter for the OpenAI Agents SDK (`@openai/agents`, an optional peer dependency):
 * run a team of SDK agents, with their handoffs, on faultline's envs. Importing this entry
 * registers the built-in envs and reference teams (idempotent), as `faultline/serve` does.
 */
import { loadBuiltins } from '../../builtins.js';

export { agentsSdkTeam, type AgentsSdkTeamConfig, type PlayingTeam } from './team.js';
export { envFunctionTools, stepText, type NonStrictSchema, type OnEnvStep } from './env-tools.js';
export { handoffMessage, handoffItems, itemText } from './handoff-payload.js';
export { ScriptedAgentModel, type ScriptedTurn } from './scripted-model.js';
export { recordingModel, TurnLedger } from './recording-model.js';

loadBuiltins();
