/**
 * What a scripted role knows: the facts it was told, read from its inbox the same way the handoff
 * audit reads it (structured `facts` by id, free text by the fact matcher), plus values stated by
 * name in prose ("change ticket: CHG-25172."), which is how free text carries a value the role
 * has never seen (a changed requirement).
 */
import type { Fact } from '../src/public/authoring.js';
import type { InboxMessage } from '../src/public/env.js';
import { factKind, factsInText, mentionsFact, messageText } from '../src/public/metrics.js';

/** Fact values a role learned from its inbox, by fact id. */
export function factsFromInbox(facts: readonly Fact[], inbox: readonly InboxMessage[]): Map<string, string> {
  const known = new Map<string, string>();
  for (const m of inbox) {
    const reading = readingOf(facts, m);
    for (const [id, value] of reading.structured) known.set(id, value);
    for (const [id, value] of reading.mentioned) if (!known.has(id)) known.set(id, value);
    // A value stated by name is as explicit as a structured field: a newer one replaces the old.
    for (const [id, value] of reading.named) known.set(id, value);
  }
  return known;
}

/** What one message says about the task's facts, before it is merged with the messages before it. */
interface MessageReading {
  /** Values of the message's structured `facts` field. */
  readonly structured: readonly (readonly [string, string])[];
  /** Fact values its text mentions (in any form the fact matcher accepts). */
  readonly mentioned: readonly (readonly [string, string])[];
  /** Values its text states by a fact's name. */
  readonly named: ReadonlyMap<string, string>;
}

/**
 * Readings of frozen messages, per fact list. A role re-reads its whole inbox every turn, and a
 * delivered message never changes (the env freezes it), so each is read once per task.
 */
const readings = new WeakMap<readonly Fact[], WeakMap<InboxMessage, MessageReading>>();

function readingOf(facts: readonly Fact[], m: InboxMessage): MessageReading {
  const frozen = Object.isFrozen(m) && (typeof m.message !== 'object' || Object.isFrozen(m.message));
  if (!frozen) return readMessage(facts, m);
  let byMessage = readings.get(facts);
  if (!byMessage) readings.set(facts, (byMessage = new WeakMap()));
  let reading = byMessage.get(m);
  if (!reading) byMessage.set(m, (reading = readMessage(facts, m)));
  return reading;
}

function readMessage(facts: readonly Fact[], m: InboxMessage): MessageReading {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const msg = m.message;
  const structured: [string, string][] = [];
  if (typeof msg === 'object' && msg !== null && msg.facts) {
    for (const [id, value] of Object.entries(msg.facts)) {
      if (byId.has(id) && typeof value === 'string') structured.push([id, value]);
    }
  }
  const text = messageText(msg);
  const mentioned = factsInText(facts, text).map((id) => [id, (byId.get(id) as Fact).value] as const);
  return { structured, mentioned, named: namedValues(facts, text) };
}

/** "changeTicket" → "change ticket": how prose names a fact. */
export function factLabel(id: string): string {
  return id.replace(/([a-z])([A-Z0-9])/g, '$1 $2').toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiled "<name>: <value>." patterns by fact id: compiling one costs more than matching it. */
const statementPatterns = new Map<string, RegExp>();

/** The pattern of a statement of fact `id` by name (global: read with `matchAll`, which copies it). */
function statementPattern(id: string): RegExp {
  let pattern = statementPatterns.get(id);
  if (!pattern) {
    pattern = new RegExp(`(?:^|(?<=[\\s.(]))${escapeRegExp(factLabel(id))}:\\s*(.+?)\\.(?=\\s|$)`, 'giu');
    statementPatterns.set(id, pattern);
  }
  return pattern;
}

/**
 * Values `text` states by the fact's name, as "<name>: <value>." (the last such statement wins).
 * A statement of the value the role already knows, in any form, reads as that value; another
 * value of the same kind (a version for a version) is taken as written — the writer copies a
 * value it was just given; anything else is not read.
 */
export function namedValues(facts: readonly Fact[], text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const fact of facts) {
    const name = statementPattern(fact.id);
    let stated: string | undefined;
    for (const m of text.matchAll(name)) stated = (m[1] as string).trim();
    if (!stated || !/[\p{L}\p{N}]/u.test(stated)) continue;
    if (mentionsFact(stated, fact.value)) out.set(fact.id, fact.value);
    // What a fault left of a statement ("old name: ``.", "price: EUR .") is not a value: a new
    // value reads as one of the same kind as the old.
    else if (factKind(stated) === factKind(fact.value)) out.set(fact.id, stated);
  }
  return out;
}

/** True when a message states a fact's value (in any form a careful reader accepts). */
export function carries(fact: Fact, text: string): boolean {
  return mentionsFact(text, fact.value);
}
