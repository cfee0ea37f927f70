/**
 * What one recorded episode counts as for the tools that judge runs like test suites (`--bail`,
 * `--only-failed`, `--junit`, `--verbose`): passed, failed (the task was not done) or errored
 * (the infrastructure or the agent program broke). A failed episode is any that did not succeed —
 * as pytest's `--maxfail` counts failures and errors alike — whatever the team: the expected
 * failures of the baselines count too, so a run meant to bail leaves the baselines out.
 */
import { INFRASTRUCTURE_OUTCOMES } from '../team/episode.js';
import type { CompactMetrics } from '../metrics/compact.js';

/** How an episode counts: passed, failed (a task failure) or errored (infrastructure, agent crash). */
export type EpisodeVerdict = 'passed' | 'failed' | 'errored';

/** The fields of a record the verdict reads. */
export interface VerdictRecord {
  readonly outcome: string;
  readonly steps: number;
  readonly error: { readonly role: string; readonly step: number; readonly message: string } | null;
  readonly metrics?: Pick<CompactMetrics, 'primary'>;
}

/** Passed (`success`), errored (an infrastructure outcome) or failed (every other outcome). */
export function verdictOf(record: Pick<VerdictRecord, 'outcome'>): EpisodeVerdict {
  if (record.outcome === 'success') return 'passed';
  return (INFRASTRUCTURE_OUTCOMES as ReadonlySet<string>).has(record.outcome) ? 'errored' : 'failed';
}

/** True for an episode that did not succeed: what `--bail` counts and `--only-failed` runs again. */
export function isFailedEpisode(record: Pick<VerdictRecord, 'outcome'>): boolean {
  return verdictOf(record) !== 'passed';
}

/**
 * One line saying why an episode did not pass: the error and where it happened, or the outcome
 * and the primary failure mode with its step and role (`failure: primary mode alignmentDrift at
 * step 12 (executor)`). Empty for a passed episode.
 */
export function verdictMessage(record: VerdictRecord): string {
  const verdict = verdictOf(record);
  if (verdict === 'passed') return '';
  const e = record.error;
  if (e) return `${record.outcome} at step ${e.step} (${e.role}): ${e.message}`;
  const p = record.metrics?.primary;
  if (p) return `${record.outcome}: primary mode ${p.mode} at step ${p.step} (${p.role})`;
  return `${record.outcome} after ${record.steps} steps (no primary failure mode recorded)`;
}
