/**
 * The OpenEnv-compatible env server for trainers: one faultline env per `/ws` connection,
 * spoken in OpenEnv's WebSocket protocol, with its HTTP `/health`, `/schema` and `/metadata`.
 */
export {
  startOpenEnvServer,
  CLOSE_CODES,
  type OpenEnvServer,
  type OpenEnvServerOptions,
  type OpenEnvRecordOptions,
} from './server.js';
export {
  claimTrial,
  recordEnded,
  depart,
  type EpisodeRecording,
  type ClaimedKey,
  type RecordMetadata,
  type Departure,
} from './recording.js';
export { OpenEnvSession, type SessionOptions } from './session.js';
export {
  parseClientMessage,
  errorMessage,
  ProtocolError,
  WS_ERROR_CODES,
  type WsErrorCode,
  type ClientMessage,
  type ServerMessage,
  type ObservationData,
  type ErrorData,
} from './protocol.js';
export { ResetRequestSchema, parseResetRequest, type ResetRequest, type ParsedResetRequest } from './reset-request.js';
export { EpisodeLog, type EpisodeLogSetup } from './episode-log.js';
export {
  schemaResponse,
  metadataResponse,
  openApiResponse,
  type SchemaResponse,
  type JsonSchemaObject,
} from './schemas.js';
