/**
 * Semantically equivalent variants of a task (the `variant` reset option): the same constraints,
 * difficulty and plan, in other words and with other incidental names and orders. A team that is
 * robust succeeds on every variant; one that leans on a wording or a file order does not.
 *
 * The generic part lives here: the world's renames are applied to the whole task, the world
 * reorders its records, and the request is paraphrased. A variant is then checked for soundness
 * (the request states the same facts, handoffs carry the same facts, fact values relate as
 * before); a draw that fails is redrawn, and if every draw fails the variant is a paraphrase only.
 */
import type { Rng } from '../core/rng.js';
import { factsInText, messageText } from './handoff-audit.js';
import { paraphraseRequest } from './paraphrase-request.js';
import { fullKnowledge, fillValue } from './plan.js';
import { RenameCollisionError, renameTask } from './rename-task.js';
import type { Task, World } from './world.js';

/** Draws of renames and orders tried before a variant falls back to a paraphrase only. */
const MAX_ATTEMPTS = 4;

/** Every value of a fact (value, guess, alternative) that must survive a paraphrase intact. */
function factValues(task: Task<unknown>): string[] {
  return task.facts.flatMap((f) => [f.value, f.guess, ...(f.alternative !== undefined ? [f.alternative] : [])]);
}

/** The facts each handoff of the plan carries, as the oracle would send it. */
function handoffFacts(task: Task<unknown>): string[] {
  const lookup = fullKnowledge(task.facts);
  const out: string[] = [];
  for (const step of task.plan) {
    const action = fillValue(step.action, lookup);
    if (action.type === 'handoff') out.push(factsInText(task.facts, messageText(action.message)).join(','));
  }
  return out;
}

/** Which fact values contain which (`v2.1` in `v2.10`): renames must not create or break such overlaps. */
function overlaps(task: Task<unknown>): string {
  const values = task.facts.map((f) => f.value.toLowerCase());
  return values
    .map((a, i) => values.map((b, j) => (i !== j && b.length > 0 && a.includes(b) ? 1 : 0)).join(''))
    .join('|');
}

/** Whether `variant` still means what `task` means, as far as the audits can tell. */
export function isSoundVariant<W>(task: Task<W>, variant: Task<W>): boolean {
  const t = task as Task<unknown>;
  const v = variant as Task<unknown>;
  const stated = (x: Task<unknown>) => factsInText(x.facts, x.request).join(',');
  if (stated(t) !== stated(v)) return false;
  if (overlaps(t) !== overlaps(v)) return false;
  return handoffFacts(t).join('|') === handoffFacts(v).join('|');
}

/** One draw: the world's renames and reorders, then a paraphrase of the request. */
function drawVariant<W>(task: Task<W>, world: World<W>, rng: Rng): Task<W> {
  const renames = world.variants?.renames?.(task, rng.fork('renames')) ?? {};
  let varied = renameTask(task, renames);
  if (world.variants?.reorder) varied = world.variants.reorder(varied, rng.fork('reorder'));
  return paraphrased(varied, rng.fork('paraphrase'));
}

function paraphrased<W>(task: Task<W>, rng: Rng): Task<W> {
  return { ...task, request: paraphraseRequest(task.request, factValues(task), rng) };
}

/**
 * A semantically equivalent variant of `task`, drawn from `rng` (fork the seed's stream by the
 * variant number). Pure: the same task and stream give the same variant, byte for byte.
 */
export function varyTask<W>(task: Task<W>, world: World<W>, rng: Rng): Task<W> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    try {
      const varied = drawVariant(task, world, rng.fork(`attempt-${attempt}`));
      if (isSoundVariant(task, varied)) return varied;
    } catch (e) {
      if (!(e instanceof RenameCollisionError)) throw e;
    }
  }
  const fallback = paraphrased(task, rng.fork('fallback'));
  return isSoundVariant(task, fallback) ? fallback : task;
}

const memo = new WeakMap<object, Map<number, unknown>>();
/** Variants kept per task: evaluations reset the same (seed, variant) many times. */
const PER_TASK = 16;

/**
 * {@link varyTask}, memoized per (task object, variant number). Generated tasks are memoized per
 * seed, so the same seed and variant give the very same objects and every cache on them stays warm.
 * The caller must derive `rng` from the task's seed and the variant alone.
 */
export function variantOf<W>(task: Task<W>, world: World<W>, variant: number, rng: Rng): Task<W> {
  let byVariant = memo.get(task);
  if (!byVariant) memo.set(task, (byVariant = new Map<number, unknown>()));
  const hit = byVariant.get(variant) as Task<W> | undefined;
  if (hit) return hit;
  const varied = varyTask(task, world, rng);
  if (byVariant.size >= PER_TASK) byVariant.delete(byVariant.keys().next().value as number);
  byVariant.set(variant, varied);
  return varied;
}
