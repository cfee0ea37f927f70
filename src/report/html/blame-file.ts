/**
 * Reading `blame.json` (written by `faultline blame DIR`) for the report. The file is optional
 * and written by another command, perhaps by another faultline version or for another run, so
 * it is validated here and never trusted: a broken or foreign file becomes a note in the report,
 * an entry that does not parse is left out and counted, and an entry for an episode the run
 * does not have is ignored by whoever looks entries up.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { BLAME_FILE, BLAME_FORMAT } from '../../run/blame/blame-file.js';

const intervention = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('swap'), role: z.string() }),
  z.object({ kind: z.literal('step'), step: z.number().int().nonnegative() }),
]);

const triedIntervention = z.object({
  intervention,
  role: z.string(),
  result: z.enum(['flips', 'holds', 'same', 'unknown']),
  outcome: z.string().nullable(),
  reason: z.string().optional(),
});

/** One failed episode's blame, as the report reads it (the shape of `EpisodeBlame`). */
export const blameEntrySchema = z.object({
  episode: z.string(),
  outcome: z.string(),
  reproduced: z.boolean(),
  role: z.string().nullable(),
  step: z.number().int().nonnegative().nullable(),
  flips: z.array(intervention.and(z.object({ role: z.string() }))),
  swaps: z.array(triedIntervention),
  unknownSteps: z.array(z.number().int().nonnegative()),
  stepsTried: z.number().int().nonnegative(),
  bounded: z.boolean(),
  metric: z.object({ mode: z.string(), step: z.number().int().nonnegative(), role: z.string() }).nullable(),
});

/** One failed episode's blame, validated. */
export type BlameEntry = z.infer<typeof blameEntrySchema>;

/** The file around the entries: entries are checked one by one, so one bad entry costs only itself. */
const blameFileSchema = z.object({
  format: z.literal(BLAME_FORMAT),
  reference: z.string(),
  episodes: z.array(z.unknown()),
});

/** What the report knows of blame for a run. */
export type BlameFile =
  /** No `blame.json` in the run directory. */
  | { readonly state: 'absent' }
  /** A `blame.json` the report cannot use, and why (said in the report). */
  | { readonly state: 'unreadable'; readonly problem: string }
  | {
      readonly state: 'read';
      /** The team whose agents were the reference. */
      readonly reference: string;
      /** Valid entries by episode id (the last one wins if an id repeats). */
      readonly entries: ReadonlyMap<string, BlameEntry>;
      /** Entries left out because they do not have the shape of an episode's blame. */
      readonly invalid: number;
      /** The first invalid entry's problem, for the note. */
      readonly firstProblem: string | null;
    };

/** The largest `blame.json` the report reads (a run's blame is a few kilobytes per failed episode). */
const MAX_BYTES = 256 * 1024 * 1024;

/** Reads and validates `DIR/blame.json`; never throws. */
export function readBlameFile(dir: string): BlameFile {
  const path = join(dir, BLAME_FILE);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return { state: 'absent' };
  if (!stat.isFile()) return { state: 'unreadable', problem: `${BLAME_FILE} is not a file` };
  if (stat.size > MAX_BYTES)
    return { state: 'unreadable', problem: `${BLAME_FILE} is ${stat.size} bytes, more than the ${MAX_BYTES} read` };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { state: 'unreadable', problem: `${BLAME_FILE} is not valid JSON (${(e as Error).message})` };
  }
  const file = blameFileSchema.safeParse(json);
  if (!file.success)
    return {
      state: 'unreadable',
      problem: `${BLAME_FILE} is not a faultline blame report (format "${BLAME_FORMAT}"): ${firstIssue(file.error)}`,
    };
  const entries = new Map<string, BlameEntry>();
  let invalid = 0;
  let firstProblem: string | null = null;
  file.data.episodes.forEach((raw, i) => {
    const entry = blameEntrySchema.safeParse(raw);
    if (entry.success) {
      entries.set(entry.data.episode, entry.data);
      return;
    }
    invalid++;
    firstProblem ??= `episodes[${i}]: ${firstIssue(entry.error)}`;
  });
  return { state: 'read', reference: file.data.reference, entries, invalid, firstProblem };
}

/** The first problem zod found, as "field.path: message". */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const at = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  return `${at}: ${issue.message}`;
}
