/**
 * Renaming entities consistently across a whole task: the world state (object keys included), the
 * request, facts, constraint texts and parameters, the plan and the clarifications. A variant
 * that renames a file must rename it in the tree, in every import, in the plan's writes and in the
 * constraint that allows the change, or the task stops meaning the same thing.
 *
 * Names are replaced as whole tokens only (`parcel` in `src/parcel.ts`, never in `parcelTotal`)
 * and all at once, so a map may swap two names. Structural fields are never touched: ids, checker
 * kinds, tool names, role names, fact references and `{{fact:ID}}` placeholders.
 */
import type { Action } from './actions.js';
import { escapeRegExp } from '../core/regexp.js';
import type { Clarification, Constraint, Fact, PlanStep, Task } from './world.js';

/** Characters that continue a token: a name next to one of them is part of a longer name. */
const TOKEN_CHAR = '[A-Za-z0-9_$]';
const PLACEHOLDER = /(\{\{fact:[A-Za-z0-9_.-]+\}\})/;
/** Action fields that name things of the env, not of the world. */
const STRUCTURAL_ACTION_KEYS = new Set(['type', 'tool', 'to', 'status']);

/** Thrown when a rename map would merge two names (or two keys of one object) into one. */
export class RenameCollisionError extends Error {}

/** A pattern matching `name` as a whole token: no token character may touch a token-character edge. */
function tokenPattern(name: string): string {
  const before = /^[A-Za-z0-9_$]/.test(name) ? `(?<!${TOKEN_CHAR})` : '';
  const after = /[A-Za-z0-9_$]$/.test(name) ? `(?!${TOKEN_CHAR})` : '';
  return `${before}${escapeRegExp(name)}${after}`;
}

/** Whether `name` occurs in `text` as a whole token. */
export function containsToken(text: string, name: string): boolean {
  return name.length > 0 && new RegExp(tokenPattern(name)).test(text);
}

/** A function replacing every name of `renames` in a string, in one pass. */
export function tokenRenamer(renames: Readonly<Record<string, string>>): (text: string) => string {
  const pairs = new Map<string, string>();
  for (const [from, to] of Object.entries(renames)) {
    if (from === to || from.length === 0) continue;
    pairs.set(from, to);
    // Learn patterns are regular expressions built from names: rename their escaped forms too.
    const escaped = escapeRegExp(from);
    if (escaped !== from) pairs.set(escaped, escapeRegExp(to));
  }
  const targets = [...pairs.values()];
  if (new Set(targets).size !== targets.length)
    throw new RenameCollisionError(`two names are renamed to the same one: ${JSON.stringify(renames)}`);
  if (pairs.size === 0) return (text) => text;
  // Longest first, so `web-eu-2` wins over `web-eu` where both would match.
  const names = [...pairs.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const pattern = new RegExp(names.map(tokenPattern).join('|'), 'g');
  const replace = (text: string) => text.replace(pattern, (m) => pairs.get(m) ?? m);
  return (text) => {
    if (!text.includes('{{fact:')) return replace(text);
    return text
      .split(PLACEHOLDER)
      .map((part, i) => (i % 2 === 1 ? part : replace(part)))
      .join('');
  };
}

/**
 * Applies `rename` to every string and every object key of a JSON value. Unchanged subtrees keep
 * their identity, so caches keyed on world objects (parsed files, search indexes) stay warm.
 */
export function renameJson<T>(value: T, rename: (text: string) => string): T {
  if (typeof value === 'string') return rename(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = (value as unknown[]).map((v) => {
      const r = renameJson(v, rename);
      if (r !== v) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = rename(k);
      const r: unknown = renameJson(v as unknown, rename);
      if (key !== k || r !== v) changed = true;
      if (Object.hasOwn(out, key)) throw new RenameCollisionError(`renaming makes two keys "${key}"`);
      out[key] = r;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

function renameAction(action: Action, rename: (text: string) => string): Action {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(action)) out[k] = STRUCTURAL_ACTION_KEYS.has(k) ? v : renameJson(v, rename);
  return out as unknown as Action;
}

function renameStep(step: PlanStep, rename: (text: string) => string): PlanStep {
  return {
    ...step,
    action: renameAction(step.action, rename),
    ...(step.when ? { when: { ...step.when, left: rename(step.when.left), right: rename(step.when.right) } } : {}),
    ...(step.learn ? { learn: step.learn.map((l) => ({ ...l, pattern: rename(l.pattern) })) } : {}),
    ...(step.note !== undefined ? { note: rename(step.note) } : {}),
  };
}

function renameFact(f: Fact, rename: (text: string) => string): Fact {
  return {
    ...f,
    description: rename(f.description),
    value: rename(f.value),
    guess: rename(f.guess),
    ...(f.alternative !== undefined ? { alternative: rename(f.alternative) } : {}),
  };
}

function renameConstraint(c: Constraint, rename: (text: string) => string): Constraint {
  return { ...c, text: rename(c.text), params: renameJson(c.params, rename) };
}

function renameClarification(c: Clarification, rename: (text: string) => string): Clarification {
  return { keywords: c.keywords.map(rename), answer: rename(c.answer) };
}

/**
 * The task with every name of `renames` (old → new) replaced wherever it stands as a whole token.
 * @throws RenameCollisionError when two names would become one
 */
export function renameTask<W>(task: Task<W>, renames: Readonly<Record<string, string>>): Task<W> {
  if (Object.keys(renames).length === 0) return task;
  const rename = tokenRenamer(renames);
  return {
    ...task,
    request: rename(task.request),
    facts: task.facts.map((f) => renameFact(f, rename)),
    constraints: task.constraints.map((c) => renameConstraint(c, rename)),
    world: renameJson(task.world, rename),
    plan: task.plan.map((s) => renameStep(s, rename)),
    clarifications: task.clarifications.map((c) => renameClarification(c, rename)),
  };
}
