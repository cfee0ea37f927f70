/**
 * The proxy's paths: `/e/EPISODE/ROLE/v1/chat/completions`, `/e/EPISODE/ROLE/v1/models` and
 * `/e/EPISODE/ROLE/v1/models/MODEL`. The
 * episode and role in the path attribute each call (a program is given the base URL of its own
 * episode and role as `OPENAI_BASE_URL`); both must be safe ids, since the episode id names the
 * cassette file.
 */
import { SAFE_ID_RULE, isSafeId, suggestId } from '../../core/safe-id.js';
import { ProxyHttpError } from './errors.js';

/** What a path asks for. */
export interface ProxyRoute {
  readonly endpoint: 'chat' | 'models' | 'model';
  readonly episodeId: string;
  readonly role: string;
  /** The model asked about (`model` only; percent-decoded, it may hold a slash). */
  readonly model?: string;
}

const ENDPOINTS: ReadonlyMap<string, ProxyRoute['endpoint']> = new Map([
  ['chat/completions', 'chat'],
  ['models', 'models'],
]);

/** The endpoint and model of the path after `/v1/`, or undefined. */
function endpointOf(rest: string): { endpoint: ProxyRoute['endpoint']; model?: string } | undefined {
  const endpoint = ENDPOINTS.get(rest);
  if (endpoint !== undefined) return { endpoint };
  if (!rest.startsWith('models/')) return undefined;
  try {
    return { endpoint: 'model', model: decodeURIComponent(rest.slice('models/'.length)) };
  } catch {
    return undefined;
  }
}

/** The path of an episode's role, without the endpoint: `/e/EPISODE/ROLE/v1`. */
export function basePath(episodeId: string, role: string): string {
  return `/e/${episodeId}/${role}/v1`;
}

/** The route of a request URL (its query string is ignored). Throws a 404 or a 400 otherwise. */
export function routeOf(url: string): ProxyRoute {
  const path = (url.split('?')[0] ?? '').replace(/\/+$/, '');
  const match = /^\/e\/([^/]*)\/([^/]*)\/v1\/(.+)$/.exec(path);
  const found = match !== null ? endpointOf(match[3] ?? '') : undefined;
  if (match === null || found === undefined)
    throw new ProxyHttpError(
      404,
      `Unknown path ${JSON.stringify(shortPath(path))}: the model proxy serves POST /e/EPISODE/ROLE/v1/chat/completions ` +
        "and GET /e/EPISODE/ROLE/v1/models[/MODEL]. Fix: set OPENAI_BASE_URL (or the client's baseURL) to the URL faultline gave the program, ending in /v1.",
      'unknown_url',
    );
  const [, episodeId = '', role = ''] = match;
  checkId('episode id', episodeId);
  checkId('role', role);
  return { ...found, episodeId, role };
}

function checkId(field: string, id: string): void {
  if (isSafeId(id)) return;
  throw new ProxyHttpError(
    400,
    `The ${field} in the path is ${JSON.stringify(shortPath(id))}, expected ${SAFE_ID_RULE}. ` +
      `Fix: use the base URL faultline gave the program, or a safe ${field} such as ${JSON.stringify(suggestId(id))}.`,
    'invalid_id',
  );
}

function shortPath(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
