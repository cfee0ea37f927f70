/**
 * Vercel AI SDK (`ai@6`) teams: {@link aiSdkTeam} plays a faultline episode with one AI SDK tool
 * loop per role; {@link TurnRecorder} records its model calls as step turns.
 */
export { aiSdkTeam } from './team.js';
export type { AiSdkRole, AiSdkTeamConfig } from './config.js';
export { roleTools } from './tools.js';
export { TurnRecorder, type RecorderCassette } from './recorder.js';
