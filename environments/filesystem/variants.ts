/**
 * How filesystem tasks vary: helper functions and modules no requirement names get new names,
 * so do the vendored library and the package's organisation; the functions of a file no step
 * rewrites, and the tests of a test file, come in another order.
 *
 * What is never renamed: anything in a fact's value or guess (the symbol, its decoy, the module
 * to split, the protected directories), area directories, `index` (the runner resolves directory
 * imports to it) and the files the tools and checkers name (`CHANGELOG.md`, `.lintrc.json` …).
 * A module's file name is renamed only when every mention of it is a path, so no prose or code
 * word changes with it.
 */
import type { Rng } from '../../src/core/rng.js';
import type { Task, WorldVariants } from '../../src/team/world.js';
import { fullKnowledge, fillValue, partialKnowledge } from '../../src/team/plan.js';
import { occursIn, renameWithin, shuffleVisibly, taskText } from '../../src/world/variation.js';
import type { FsState } from './state.js';
import { getFile, putFile, splitPath, toFiles } from './state.js';
import { parseSource } from './code.js';
import { AREAS, ORGS, QUALIFIERS, VENDOR_LIBS, camel } from './names.js';

/** File stems that tools or the runner depend on. */
const RESERVED_STEMS = new Set(['index']);
/** Share of the eligible helpers and modules renamed in one variant. */
const RENAME_SHARE = 0.5;
const NOUNS = [...new Set(AREAS.flatMap((a) => a.nouns))];

/** Identifier-like words of every fact value, guess and alternative: never renamed. */
function factWords(task: Task<FsState>): Set<string> {
  const words = new Set<string>();
  for (const f of task.facts)
    for (const v of [f.value, f.guess, f.alternative ?? ''])
      for (const w of v.match(/[A-Za-z0-9_$]+/g) ?? []) words.add(w);
  return words;
}

/** Every function the project's `.ts` files define. */
function definedNames(files: Readonly<Record<string, string>>): string[] {
  const names = new Set<string>();
  for (const [path, content] of Object.entries(files))
    if (path.endsWith('.ts')) for (const d of parseSource(content).definitions) names.add(d.name);
  return [...names].sort();
}

/** New names for some generated helpers: the same verb (split groups go by verb), a new rest. */
function helperRenames(rng: Rng, names: readonly string[], isFree: (name: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const taken = new Set<string>();
  for (const name of names) {
    if (!rng.chance(RENAME_SHARE)) continue;
    const verb = /^[a-z]+/.exec(name)?.[0] as string;
    for (let i = 0; i < 30; i++) {
      const next = camel(verb, rng.pick(NOUNS), rng.pick(QUALIFIERS));
      if (next !== name && !taken.has(next) && isFree(next)) {
        taken.add(next);
        out[name] = next;
        break;
      }
    }
  }
  return out;
}

/** Whether every whole-word mention of `stem` in the task is a file name (`…/stem.ts`, `./stem.js`). */
function onlyInPaths(text: string, stem: string): boolean {
  const mentions = text.match(new RegExp(`(?<![A-Za-z0-9_$])${stem}(?![A-Za-z0-9_$])`, 'g'))?.length ?? 0;
  const paths = text.match(new RegExp(`(?<=^|/)${stem}(?=\\.(?:test\\.)?[jt]s(?![A-Za-z0-9_$]))`, 'gm'))?.length ?? 0;
  return mentions > 0 && mentions === paths;
}

/** The stems of module and test files that only paths mention. */
function renamableStems(files: Readonly<Record<string, string>>, text: string, keep: ReadonlySet<string>): string[] {
  const stems = new Set<string>();
  for (const path of Object.keys(files)) {
    if (!path.startsWith('src/') && !path.startsWith('test/')) continue;
    const stem = /^([a-z]+)(?:\.test)?\.ts$/.exec(path.slice(path.lastIndexOf('/') + 1))?.[1];
    if (stem && !RESERVED_STEMS.has(stem) && !keep.has(stem)) stems.add(stem);
  }
  return [...stems].sort().filter((s) => onlyInPaths(text, s));
}

function renames(task: Task<FsState>, rng: Rng): Record<string, string> {
  const files = toFiles(task.world);
  const text = taskText(task);
  const keep = factWords(task);
  const isFree = (name: string) => !occursIn(text, name);
  const helpers = definedNames(files).filter((n) => /^[a-z]+[A-Z]/.test(n) && !keep.has(n));
  const out: Record<string, string> = helperRenames(rng, helpers, (n) => isFree(n) && !keep.has(n));
  const taken = new Set(Object.values(out));
  const stems = renamableStems(files, text, keep).filter(() => rng.chance(RENAME_SHARE));
  Object.assign(
    out,
    renameWithin(rng, stems, NOUNS, (n) => isFree(n) && !taken.has(n) && !keep.has(n) && !RESERVED_STEMS.has(n)),
  );
  const org = /"name": "@([a-z]+)\//.exec(files['package.json'] ?? '')?.[1];
  if (org && !keep.has(org)) Object.assign(out, renameWithin(rng, [org], ORGS, isFree));
  const libs = VENDOR_LIBS.filter((l) => occursIn(text, l) && !keep.has(l));
  Object.assign(out, renameWithin(rng, libs, VENDOR_LIBS, isFree));
  return out;
}

/** Files some plan step may write, move or delete, whatever the acting role knows. */
function writtenPaths(task: Task<FsState>): Set<string> {
  const lookups = [fullKnowledge(task.facts), partialKnowledge(task.facts, new Map())];
  const out = new Set<string>();
  for (const step of task.plan) {
    if (step.action.type !== 'tool' || !['write_file', 'move_file', 'delete_file'].includes(step.action.tool)) continue;
    for (const lookup of lookups) {
      const args = fillValue(step.action.args, lookup);
      for (const key of ['path', 'from', 'to']) if (typeof args[key] === 'string') out.add(args[key]);
    }
  }
  return out;
}

/**
 * A module (or test file) with its top-level functions (or `describe` blocks) in another order,
 * or null when the file is not a plain list of them (section comments group functions on purpose).
 */
function reorderBlocks(rng: Rng, content: string): string | null {
  if (!content.endsWith('\n') || content.includes('// ---')) return null;
  const chunks = content.slice(0, -1).split('\n\n');
  const isBlock = (c: string) => /^(export function |function |describe\()/.test(c) && /(\}|\}\);)$/.test(c);
  const first = chunks.findIndex(isBlock);
  if (first < 0 || chunks.length - first < 2 || !chunks.slice(first).every(isBlock)) return null;
  return `${[...chunks.slice(0, first), ...shuffleVisibly(rng, chunks.slice(first))].join('\n\n')}\n`;
}

function reorder(task: Task<FsState>, rng: Rng): Task<FsState> {
  const written = writtenPaths(task);
  let world = task.world;
  for (const path of Object.keys(toFiles(task.world)).sort()) {
    if (written.has(path) || !path.endsWith('.ts')) continue;
    const next = reorderBlocks(rng, getFile(world, path)?.content ?? '');
    if (next === null) continue;
    const r = putFile(world, splitPath(path), next);
    if (r.ok) world = r.state;
  }
  return world === task.world ? task : { ...task, world };
}

/** The filesystem world's variants. */
export const filesystemVariants: WorldVariants<FsState> = { renames, reorder };
