/**
 * A team's own wrong values: what a role states for a fact, in a handoff or a write, that is not
 * the fact's value — found from the event log alone, so they can be taint sources (taint.ts)
 * and drift onsets (drift.ts) at the step and role that introduced them.
 *
 * Two kinds of evidence, the first exact, the second plausible:
 * - a structured `facts` entry of a handoff whose value does not hold the real one;
 * - a fact's plausible guess (see {@link ownGuess}) in the text of a handoff or a write, where
 *   the real value is absent.
 *
 * A guess is a plausible value, and plausible values (a sibling function's name, an older
 * release) legitimately occur in written content. A guess in a write therefore counts for a
 * constraint only when the text also states every other fact of that constraint, one of them
 * within a couple of lines of the guess — the write is about that constraint (a changelog entry
 * naming the new name under its release, next to a wrong old name), not code that merely
 * mentions the sibling.
 *
 * Left out: facts the role never held (a guess standing in for a fact it was never given is
 * context loss upstream, not its own mistake), and facts a change of requirement touched (the old
 * value was right before the change, and a stale one after it is the unfollowed change, drift's
 * own evidence).
 */
import type { Action } from '../team/actions.js';
import type { StepEvent } from '../team/events.js';
import { messageText, normalizeText } from '../team/handoff-audit.js';
import type { Fact } from '../team/world.js';
import type { KnowledgeLog } from './knowledge.js';
import { isRequirementChange } from './knowledge.js';
import type { Timeline } from './timeline.js';
import { actionText, containsValue, distinctiveGuess, isWrite } from './timeline.js';
import { linesAround, tokenIndex } from './token-index.js';

/** A wrong value an action states for a fact, and the constraints it bears on. */
export interface FactStatement {
  readonly fact: string;
  readonly value: string;
  /** Constraint ids the statement bears on (never empty). */
  readonly constraints: readonly string[];
}

/** A line of an import list (`import { a, b } from …`). */
const IMPORT_LINE = /^\s*import\b/;

/** How many lines either side of a guess another fact of its constraint must be stated within. */
const NEAR = 2;

/** The own wrong values an action states (empty for anything but an ok handoff or write). */
export function ownStatements(t: Timeline, knowledge: KnowledgeLog, e: StepEvent): FactStatement[] {
  // A read names candidates while a role investigates (a plausible value among them): only what a
  // role hands on or writes into the world can carry its mistake — or a call that failed, which
  // may be the write that the wrong value got rejected (or the first try of one retried).
  const handoff = e.kind === 'handoff' && e.ok && e.action?.type === 'handoff' ? e.action : null;
  const failedCall = e.kind === 'tool' && !e.ok;
  if (!handoff && !isWrite(e) && !failedCall) return [];
  const changed = changedFacts(t);
  const needs = t.needs.get(e.role) ?? [];
  // The normalized text is read only once a fact's value or guess is found in the action.
  let text: string | undefined;
  // The text as written: a guess is matched as written, and lines matter in written content.
  // Built only when some fact has a guess to look for (file contents can be long).
  let raw: string | undefined;
  const stated = handoff && typeof handoff.message === 'object' ? handoff.message.facts : undefined;
  const carried = new Set(e.handoff?.carried ?? []);
  const out: FactStatement[] = [];
  for (const fact of t.facts.values()) {
    if (changed.has(fact.id)) continue;
    const entry = stated?.[fact.id];
    let value: string | null = null;
    if (typeof entry === 'string' && entry.trim() !== '' && !containsValue(normalizeText(entry), fact.value))
      value = entry;
    else if (!carried.has(fact.id)) {
      // Cheapest test first: most facts have no guess, and most texts do not hold the guess;
      // only then is the text read for the real value (numbers, dates, versions in any form).
      const guess = cachedGuess(fact);
      if (
        guess !== null &&
        mentions((raw ??= rawTextOf(e, handoff)), guess) &&
        !containsValue((text ??= actionText(e.action)), fact.value)
      )
        value = guess;
    }
    // Whether the role held the fact is asked last: it walks the knowledge log.
    if (value === null || !held(knowledge, needs, e, fact.id)) continue;
    const constraints = t.constraints
      .filter((c) => c.facts.includes(fact.id))
      .filter(
        (c) =>
          handoff !== null ||
          value === entry ||
          about(t, (text ??= actionText(e.action)), (raw ??= rawTextOf(e, handoff)), c.facts, fact.id, value) ||
          (replaces(t, (text ??= actionText(e.action)), c.facts) && !sibling(t, e.role, fact, value)),
      )
      .map((c) => c.id);
    if (constraints.length > 0) out.push({ fact: fact.id, value, constraints });
  }
  return out;
}

/** Whether the role acting in `e` held fact `id` then: told it, or needs it and never lost it upstream. */
function held(knowledge: KnowledgeLog, needs: readonly string[], e: StepEvent, id: string): boolean {
  return knowledge.told(e.role, id, e.step) || (needs.includes(id) && !knowledge.lostUpstream(e.role, id, e.step));
}

/** The text of a handoff or tool call as written (free text and every field joined). */
function rawTextOf(e: StepEvent, handoff: Extract<Action, { type: 'handoff' }> | null): string {
  if (handoff) return messageText(handoff.message);
  return e.action?.type === 'tool' ? messageText(e.action.args) : '';
}

/**
 * Whether written `text` is about a constraint on `facts` when it holds `guess` for fact `id`:
 * it states every other fact of the constraint, one of them within {@link NEAR} lines of the
 * guess (a changelog entry naming the new name under its release, beside a wrong old name), so
 * code that merely mentions the plausible sibling elsewhere does not count.
 */
function about(t: Timeline, text: string, raw: string, facts: readonly string[], id: string, guess: string): boolean {
  const others = facts
    .filter((f) => f !== id)
    .map((f) => t.facts.get(f)?.value ?? '')
    .filter((v) => v.trim() !== '');
  if (!others.every((v) => containsValue(text, v))) return false;
  if (others.length === 0) return true;
  // Only the lines that hold the guess are looked at, found in the text itself: splitting a whole
  // file into lines to test each was most of this check.
  const token = guess.trim();
  if (token === '' || token.includes('\n')) return false;
  for (let i = tokenIndex(raw, token); i !== -1;) {
    const { line, around, end } = linesAround(raw, i, NEAR);
    // An import list names sibling functions side by side (what a module uses, unchanged by the
    // task), not a statement about the constraint; a wrong name the team itself exports still counts.
    if (!IMPORT_LINE.test(line)) {
      const near = normalizeText(around.join(' '));
      if (others.some((v) => containsValue(near, v))) return true;
    }
    i = end === raw.length ? -1 : tokenIndex(raw, token, end + 1);
  }
  return false;
}

/**
 * Whether `role` writes `guess` next to the fact's real value somewhere in the episode: then the
 * guess is a name that exists beside the value (a sibling function imported or exported with the
 * renamed one), not a stand-in for it, and finding it where the value is absent is no evidence.
 */
function sibling(t: Timeline, role: string, fact: Fact, guess: string): boolean {
  const key = `${role}\u0000${fact.id}`;
  let known = SIBLINGS.get(t);
  if (!known) SIBLINGS.set(t, (known = new Map<string, boolean>()));
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const found = t.events.some(
    (x) =>
      x.role === role &&
      isWrite(x) &&
      x.action?.type === 'tool' &&
      containsValue(actionText(x.action), fact.value) &&
      mentions(messageText(x.action.args), guess),
  );
  known.set(key, found);
  return found;
}

const SIBLINGS = new WeakMap<Timeline, Map<string, boolean>>();

/**
 * Whether written `text` holding a guess states none of the real values of a constraint's
 * `facts`: the guess stands where the constraint's values would be (code importing a wrong new
 * name), rather than beside a right one (a sibling listed next to the new name in an import).
 * Weaker evidence than {@link about}: a guess its author writes elsewhere beside the real value
 * (see {@link sibling}) does not count this way.
 */
function replaces(t: Timeline, text: string, facts: readonly string[]): boolean {
  return facts.every((f) => {
    const v = t.facts.get(f)?.value ?? '';
    return v.trim() === '' || !containsValue(text, v);
  });
}

/**
 * True when `raw` holds `guess` as written, as a whole token: a code `REFUNDED` is not the word
 * "refunded", nor `v1.2` a part of `v1.2.3`.
 */
function mentions(raw: string, guess: string): boolean {
  // A guess is never blank (see ownGuess); a blank one would be no evidence.
  const token = guess.trim();
  return token !== '' && tokenIndex(raw, token) !== -1;
}

/**
 * The facts a change of requirement touched, once per timeline (ownStatements runs per event).
 * The intent records a changed fact's newest value: before the change the old one was right.
 */
function changedFacts(t: Timeline): ReadonlySet<string> {
  let changed = CHANGED.get(t);
  if (!changed) {
    changed = new Set(t.fired.filter((p) => isRequirementChange(p.type)).flatMap((p) => p.facts ?? []));
    CHANGED.set(t, changed);
  }
  return changed;
}

const CHANGED = new WeakMap<Timeline, ReadonlySet<string>>();

/** {@link ownGuess} once per fact object: it is asked for every fact of every handoff and write. */
function cachedGuess(fact: Fact): string | null {
  const hit = GUESSES.get(fact);
  if (hit !== undefined) return hit;
  const guess = ownGuess(fact);
  GUESSES.set(fact, guess);
  return guess;
}

const GUESSES = new WeakMap<Fact, string | null>();

/**
 * A fact's guess when finding it in an action is evidence of a wrong value: a distinctive guess
 * (see `distinctiveGuess`), or a number written with a currency, percent or unit symbol (`$1,009`,
 * `12%`, `500 m²`) — a bare number occurs everywhere in code and is never evidence.
 */
export function ownGuess(fact: Fact): string | null {
  const distinctive = distinctiveGuess(fact);
  if (distinctive !== null) return distinctive;
  const g = normalizeText(fact.guess);
  const v = normalizeText(fact.value);
  if (g.length === 0 || v.length === 0 || g.includes(v) || v.includes(g)) return null;
  return /\d/.test(g) && /[^\w\s.,:/-]/.test(g) ? fact.guess : null;
}
