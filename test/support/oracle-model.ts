/**
 * The scripted model server answering as the oracle would, with a hook told of every request
 * before it is answered: queue tests count the requests that reached the model, or time them.
 */
import { startScriptedModelServer, type ScriptedModelServer } from '../../src/testing/model-server/server.js';
import { oracleReplayResponder } from '../../src/testing/model-server/oracle-replay.js';

/** Starts the oracle-answering model server that accepts `apiKey`, calling `onRequest` before each answer. */
export function startOracleModel(apiKey: string, onRequest: () => void): Promise<ScriptedModelServer> {
  const replay = oracleReplayResponder();
  return startScriptedModelServer({
    apiKey,
    recordRequests: false,
    respond: (request, options) => {
      onRequest();
      return replay(request, options);
    },
  });
}
