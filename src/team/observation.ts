/**
 * What a role sees: a structured observation and its `text` rendering, which an LLM can act on.
 * Only the entry role sees the user's request; every role sees its own inbox and the result of
 * its own last action. The env, not the agents, decides this.
 */
import { deepFreeze } from '../core/deep-freeze.js';
import type { InboxMessage, LastResult, TeamState } from './state.js';
import type { RoleSpec } from './world.js';
import { messageText } from './handoff-audit.js';
import { roleSpecOf } from './role-spec.js';

/** The observation of the role whose turn it is. */
export interface TeamObservation {
  readonly env: string;
  /** Steps taken so far in the episode. */
  readonly step: number;
  /** Virtual time in ticks. */
  readonly clock: number;
  /** The role that must act now. */
  readonly role: string;
  /** The user's request; only the entry role gets it. */
  readonly request: string | null;
  readonly inbox: readonly InboxMessage[];
  /** The result of this role's own last action. */
  readonly last: LastResult | null;
  /** The tools this role may call. */
  readonly tools: readonly string[];
  /** The roles this role may hand off to. */
  readonly teammates: readonly string[];
  readonly canFinish: boolean;
  /** True when this role was restarted and lost its memory of earlier messages. */
  readonly restarted: boolean;
  /** True once the episode has ended. */
  readonly done: boolean;
  /** A plain-text rendering of all of the above. */
  readonly text: string;
}

/** How many of the latest inbox messages an observation's text shows. */
export const SHOWN_INBOX = 5;
const MAX_RESULT_CHARS = 16_000;

/**
 * Builds the observation of the active role. Pure; consumes no randomness. The observation is
 * deep-frozen: its inbox and results are the state's own objects, which an agent must not change.
 * Its `text` is rendered when first read (and then kept): an agent that acts on the structured
 * fields, as trainers' policies do, does not pay for rendering every step.
 */
export function observeTeam(state: TeamState): TeamObservation {
  const role = state.active;
  const spec = roleSpecOf(state.task.roles, role);
  const own = state.roles[role];
  const obs = {
    env: state.envId,
    step: state.t,
    clock: state.clock,
    role,
    request: role === state.task.entryRole ? state.task.request : null,
    // The state's own (frozen) parts; frozen again in case a caller built the state by hand.
    inbox: deepFreeze(own?.inbox ?? NONE),
    last: deepFreeze(own?.last ?? null),
    tools: deepFreeze(spec?.tools ?? NONE),
    teammates: teammatesOf(state.task.roles, role, spec),
    canFinish: spec?.canFinish ?? false,
    restarted: own?.restarted === true,
    done: state.finished !== null,
  };
  Object.defineProperty(obs, 'text', TEXT_PROPERTY);
  return Object.freeze(obs) as unknown as TeamObservation;
}

/**
 * The description of the role an observation is for, by the observation's `teammates` list: that
 * list is made once per task and role ({@link teammatesOf}), so the observation needs nothing
 * beside it — an entry per observation in a weak map cost about 5% of a step.
 */
const roleDescriptions = new WeakMap<readonly string[], string>();

/** Each observation's text once read: rendered when first read, then kept. */
const renderedTexts = new WeakMap<object, string>();

/** The `text` getter every observation shares. */
function renderedText(this: Omit<TeamObservation, 'text'>): string {
  const known = renderedTexts.get(this);
  if (known !== undefined) return known;
  const description = roleDescriptions.get(this.teammates);
  // Only `observeTeam` defines this getter, and its teammates list always has a description.
  if (description === undefined) throw new TypeError('text is read from an object that is not an observation');
  const text = renderObservation(this, description);
  renderedTexts.set(this, text);
  return text;
}

/**
 * The `text` property of every observation: an own, enumerable getter, so spreading, JSON and
 * `Object.keys` see a `text` as before. One getter for all observations: a getter written in the
 * object literal is a new function per observation, which V8 defines on the slow path (building an
 * observation took about 5 µs that way, about 1 µs this way).
 */
const TEXT_PROPERTY: PropertyDescriptor = { get: renderedText, enumerable: true, configurable: false };

const NONE: readonly never[] = Object.freeze([]);
/** The teammates of each role, per task: the same frozen list every step of an episode. */
const teammateLists = new WeakMap<readonly RoleSpec[], Map<string, readonly string[]>>();

/** The roles `role` may hand off to, as one frozen list per task and role, its description beside it. */
function teammatesOf(roles: readonly RoleSpec[], role: string, spec: RoleSpec | undefined): readonly string[] {
  let byRole = teammateLists.get(roles);
  if (!byRole) teammateLists.set(roles, (byRole = new Map<string, readonly string[]>()));
  const known = byRole.get(role);
  if (known) return known;
  const list = Object.freeze(roles.filter((r) => r.id !== role).map((r) => r.id));
  byRole.set(role, list);
  roleDescriptions.set(list, spec?.description ?? '');
  return list;
}

/** Renders an observation as text for an LLM. */
export function renderObservation(obs: Omit<TeamObservation, 'text'>, roleDescription: string): string {
  const lines: string[] = [];
  lines.push(
    `[${obs.env}] step ${obs.step}, clock ${obs.clock} — you are the ${obs.role}${roleDescription ? `: ${roleDescription}` : ''}`,
  );
  lines.push(
    `Tools: ${obs.tools.join(', ') || '(none)'}. Also: handoff to ${obs.teammates.join(', ') || '(nobody)'}, ask the user, wait${obs.canFinish ? ', finish' : ''}.`,
  );
  if (obs.restarted)
    lines.push(
      '',
      'You were restarted: your memory of earlier messages and results is gone. Ask a teammate or the user for what you need.',
    );
  if (obs.request !== null) lines.push('', '## User request', obs.request);
  if (obs.inbox.length > 0) {
    const shown = obs.inbox.slice(-SHOWN_INBOX);
    lines.push(
      '',
      `## Inbox (${obs.inbox.length} message${obs.inbox.length === 1 ? '' : 's'}${obs.inbox.length > shown.length ? `, last ${shown.length} shown` : ''})`,
    );
    for (const m of shown) lines.push(`- step ${m.step}, from ${m.from}: ${renderMessage(m)}`);
  }
  if (obs.last) {
    lines.push(
      '',
      `## Result of your last action: ${obs.last.action} → ${obs.last.ok ? 'ok' : `error ${obs.last.error?.code ?? ''}`}`,
    );
    if (obs.last.ok) lines.push(renderValue(obs.last.result));
    else lines.push(obs.last.error?.message ?? '');
  }
  if (obs.done) lines.push('', 'The episode has ended.');
  return lines.join('\n');
}

/** JSON, except that a string `content` field (a file, a page) is shown as raw text below it. */
function renderObject(value: unknown): string {
  if (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { content?: unknown }).content === 'string'
  ) {
    const { content, ...rest } = value as { content: string };
    return `${JSON.stringify(rest)}\n--- content ---\n${content}\n--- end of content ---`;
  }
  return JSON.stringify(value, null, 1);
}

/** A handoff message as one line of text: its text, then `facts: id=value; …`, then any other fields. */
export function renderMessage(m: InboxMessage): string {
  if (typeof m.message === 'string') return m.message;
  const { text, facts, ...rest } = m.message;
  const parts: string[] = [];
  if (text) parts.push(text);
  if (facts && Object.keys(facts).length > 0)
    parts.push(
      `facts: ${Object.entries(facts)
        .map(([k, v]) => `${k}=${v}`)
        .join('; ')}`,
    );
  if (Object.keys(rest).length > 0) parts.push(messageText(rest));
  return parts.join(' | ');
}

/** A tool result as text for an LLM (a string as is, an object as JSON), cut at 16 000 characters. */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return '(no output)';
  const text = typeof value === 'string' ? value : renderObject(value);
  return text.length > MAX_RESULT_CHARS
    ? `${text.slice(0, MAX_RESULT_CHARS)}\n… (${text.length - MAX_RESULT_CHARS} more characters)`
    : text;
}
