/**
 * How flaky-api tasks vary: customers get other surnames (their ids, names and e-mail addresses
 * with them), orders, tickets and legacy contacts trade ids among themselves (so every listing
 * comes in another order), and channels, segments, owner teams and resolution codes are drawn
 * anew from their lists; the questions of the FAQ and the lines of the field mapping come in
 * another order.
 *
 * What is never renamed: payment ids (the later of two captures is the duplicate, by id), refund
 * ids, document ids, field names, and the statuses and codes checkers and tools name.
 */
import type { Rng } from '../../src/core/rng.js';
import type { Task, WorldVariants } from '../../src/team/world.js';
import {
  occursIn,
  permuteNames,
  presentRenames,
  renameWithin,
  shuffleVisibly,
  taskText,
} from '../../src/world/variation.js';
import type { ApiState, Doc } from './state.js';
import { CHANNELS, OWNER_TEAMS, RESOLUTION_CODES, SEGMENTS, SURNAMES } from './names.js';

function capitalized(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}

/** Surnames of the task's people: customer ids (`cus_<surname>`) and legacy contacts' names. */
function surnamesIn(world: ApiState): string[] {
  const out = new Set<string>();
  for (const id of Object.keys(world.customers)) if (id.startsWith('cus_')) out.add(id.slice(4));
  for (const c of Object.values(world.legacy)) {
    const last = c.full_name.split(' ').pop()?.toLowerCase();
    if (last && (SURNAMES as readonly string[]).includes(last)) out.add(last);
  }
  return [...out].sort();
}

/** Renames of a surname in every form: the customer id, the capitalized name, the e-mail part. */
function surnameRenames(rng: Rng, world: ApiState, isFree: (n: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const map = renameWithin(
    rng,
    surnamesIn(world),
    SURNAMES,
    (s) => isFree(s) && isFree(capitalized(s)) && isFree(`cus_${s}`),
  );
  for (const [from, to] of Object.entries(map)) {
    out[from] = to;
    out[capitalized(from)] = capitalized(to);
    out[`cus_${from}`] = `cus_${to}`;
  }
  return out;
}

function renames(task: Task<ApiState>, rng: Rng): Record<string, string> {
  const text = taskText(task);
  const isFree = (n: string) => !occursIn(text, n);
  const present = (list: readonly string[]) => list.filter((n) => occursIn(text, n));
  const w = task.world;
  return {
    ...presentRenames(text, surnameRenames(rng, w, isFree)),
    ...permuteNames(rng, Object.keys(w.orders).sort()),
    ...permuteNames(rng, Object.keys(w.tickets).sort()),
    ...permuteNames(rng, Object.keys(w.legacy).sort()),
    ...renameWithin(rng, present(CHANNELS), CHANNELS, isFree),
    ...renameWithin(rng, present(SEGMENTS), SEGMENTS, isFree),
    ...renameWithin(rng, present(OWNER_TEAMS), OWNER_TEAMS, isFree),
    ...renameWithin(rng, present(RESOLUTION_CODES), RESOLUTION_CODES, isFree),
  };
}

/**
 * A document's independent parts in another order: the question-and-answer pairs of a FAQ, the
 * `field → field` lines of a mapping. Numbered rules and prose keep their order.
 */
function reorderDoc(rng: Rng, doc: Doc): Doc {
  const lines = doc.content.split('\n');
  if (
    lines.length >= 4 &&
    lines[0]?.startsWith('Q: ') &&
    lines.every((l) => l.startsWith('Q: ') || l.startsWith('A: '))
  ) {
    const pairs: string[][] = [];
    for (const l of lines)
      if (l.startsWith('Q: ')) pairs.push([l]);
      else pairs[pairs.length - 1]?.push(l);
    return { ...doc, content: shuffleVisibly(rng, pairs).flat().join('\n') };
  }
  const mapping = lines.findIndex((l) => !/^\w+ → \w+$/.test(l));
  if (mapping >= 2)
    return { ...doc, content: [...shuffleVisibly(rng, lines.slice(0, mapping)), ...lines.slice(mapping)].join('\n') };
  return doc;
}

function reorder(task: Task<ApiState>, rng: Rng): Task<ApiState> {
  const docs: Record<string, Doc> = {};
  for (const [id, doc] of Object.entries(task.world.docs)) docs[id] = reorderDoc(rng, doc);
  return { ...task, world: { ...task.world, docs } };
}

/** The flaky-api world's variants. */
export const flakyApiVariants: WorldVariants<ApiState> = { renames, reorder };
