/**
 * `GET …/v1/models` and `GET …/v1/models/MODEL`: the proxy describes the model it is configured
 * with, so a program that checks its model at start finds it. A request may still name any model
 * the provider serves.
 */
import { PROXY_CREATED } from './completion.js';
import { ProxyHttpError } from './errors.js';
import type { ProxyRoute } from './route.js';

function modelEntry(id: string): unknown {
  return { id, object: 'model', created: PROXY_CREATED, owned_by: 'faultline-model-proxy' };
}

/** The body answering a models route, or a 404 for another model than `configured`. */
export function modelsAnswer(route: ProxyRoute, configured: string | undefined): unknown {
  if (route.endpoint === 'models')
    return { object: 'list', data: configured === undefined ? [] : [modelEntry(configured)] };
  if (route.model !== undefined && route.model === configured) return modelEntry(route.model);
  throw new ProxyHttpError(
    404,
    `The model ${JSON.stringify(route.model)} is not the proxy's model (${configured === undefined ? 'none is configured' : JSON.stringify(configured)}). ` +
      'Requests may still name any model the provider serves; this endpoint only describes the configured one.',
    'model_not_found',
    'model',
  );
}
