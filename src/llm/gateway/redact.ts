/**
 * Scrubs secrets from text that is about to reach an error, a trajectory or a cassette: the
 * provider's error bodies may echo the key (OpenAI's 401 shows part of it) or an Authorization
 * header, and a hostile server may send anything, of any size.
 */
import type { ModelMessage } from '../../team/turn.js';

/** The longest provider message kept in an error. */
const MAX_CHARS = 500;

/** Patterns that look like a credential wherever they appear. */
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(bearer|basic)\s+[^\s"',;]+/gi,
  /\b(authorization|api[-_]?key|x-api-key|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi,
  /\bsk-[A-Za-z0-9_*.-]{6,}/g,
  // A key a provider shows masked (`AKIAIOSF****MPLE`): its visible ends are still part of a
  // secret, whatever the key's shape (only OpenAI's own keys start with `sk-`).
  /[^\s"',;:=]*\*{4,}[^\s"',;.]*/g,
];

/**
 * `text` with every occurrence of the given secrets and anything credential-shaped replaced by
 * `[redacted]`, control characters removed, and cut to a readable length.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.length > 20 * MAX_CHARS ? text.slice(0, 20 * MAX_CHARS) : text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  out = out.replace(SECRET_PATTERNS[0] as RegExp, '$1 [redacted]');
  out = out.replace(SECRET_PATTERNS[1] as RegExp, '$1$2[redacted]');
  out = out.replace(SECRET_PATTERNS[2] as RegExp, '[redacted]');
  out = out.replace(SECRET_PATTERNS[3] as RegExp, '[redacted]');
  // eslint-disable-next-line no-control-regex -- control characters from a hostile server are dropped on purpose
  out = out.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  return out.length > MAX_CHARS ? `${out.slice(0, MAX_CHARS)}… (${text.length} chars)` : out;
}

/**
 * A model message with `secret` replaced wherever a server put it (a hostile or broken server
 * may echo the request's Authorization header), so the key cannot reach a trajectory or a
 * cassette through the answer either. Returns the message itself when it holds no secret.
 */
export function scrubMessage(message: ModelMessage, secret: string | undefined): ModelMessage {
  if (secret === undefined || secret.length < 4 || !JSON.stringify(message).includes(secret)) return message;
  const clean = (text: string) => text.split(secret).join('[redacted]');
  return {
    content: message.content === null ? null : clean(message.content),
    ...(message.reasoning !== undefined ? { reasoning: clean(message.reasoning) } : {}),
    toolCalls: message.toolCalls.map((c) => ({ id: clean(c.id), name: clean(c.name), arguments: clean(c.arguments) })),
  };
}

/**
 * A base URL as it may be shown: without a user, password or query (some proxies take a key
 * there), so a message naming the server cannot leak one.
 */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.username !== '' || u.password !== '' || u.search !== '';
    u.username = '';
    u.password = '';
    u.search = '';
    return hidden ? `${u.toString()} (credentials hidden)` : url;
  } catch {
    return redact(url);
  }
}
