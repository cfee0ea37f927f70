/**
 * Blame over the run, as the report shows it: `blame.json`'s entries matched to the run's
 * records while they stream past. The tallies are made here from the matched entries rather
 * than copied from the file, so entries for episodes the run does not have, or made before an
 * episode was recorded again, do not count.
 */
import { isBlameableFailure } from '../../run/blame/episode-blame.js';
import type { EpisodeRecord } from '../../run/records.js';
import type { BlameEntry, BlameFile } from './blame-file.js';
import type { BlameData, BlameRoleTally } from './model.js';

/** Whether an entry was made for the episode as it is recorded now. */
export function blameIsCurrent(entry: BlameEntry, record: EpisodeRecord): boolean {
  return entry.outcome === record.outcome && isBlameableFailure(record.outcome);
}

/** Collects the run's blame from its records (see the module comment). */
export class BlameCollector {
  private failed = 0;
  private stale = 0;
  private readonly seen = new Set<string>();
  private readonly matched: Array<{ entry: BlameEntry; record: EpisodeRecord }> = [];

  constructor(private readonly file: BlameFile) {}

  /** The entry for a record, when the file has one. */
  entryFor(record: EpisodeRecord): BlameEntry | null {
    return this.file.state === 'read' ? (this.file.entries.get(record.id) ?? null) : null;
  }

  /** Counts one record of the run. */
  add(record: EpisodeRecord): void {
    if (isBlameableFailure(record.outcome)) this.failed++;
    const entry = this.entryFor(record);
    if (!entry) return;
    this.seen.add(record.id);
    if (blameIsCurrent(entry, record)) this.matched.push({ entry, record });
    else this.stale++;
  }

  /** The run's blame. */
  result(): BlameData {
    const file = this.file;
    if (file.state !== 'read') return file;
    const both = this.matched.filter(({ entry, record }) => entry.role !== null && record.metrics?.primary);
    const roles = [...new Set(this.matched.flatMap(({ entry }) => entry.swaps.map((s) => s.role)))].sort(cmp);
    return {
      state: 'read',
      reference: file.reference,
      failed: this.failed,
      blamed: this.matched.length,
      decided: this.matched.filter(({ entry }) => entry.step !== null).length,
      stale: this.stale,
      notInRun: [...file.entries.keys()].filter((id) => !this.seen.has(id)).length,
      invalid: file.invalid,
      firstProblem: file.firstProblem,
      agreement: {
        role: both.filter(({ entry, record }) => entry.role === record.metrics?.primary?.role).length,
        step: both.filter(
          ({ entry, record }) =>
            entry.role === record.metrics?.primary?.role && entry.step === record.metrics?.primary?.step,
        ).length,
        of: both.length,
      },
      roles: roles.map((role) => this.tally(role)),
    };
  }

  private tally(role: string): BlameRoleTally {
    const entries = this.matched.map((m) => m.entry);
    return {
      role,
      fixes: entries.filter((e) => e.swaps.some((s) => s.role === role && s.result === 'flips')).length,
      of: entries.filter((e) => e.swaps.some((s) => s.role === role)).length,
      blamed: entries.filter((e) => e.role === role).length,
    };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
