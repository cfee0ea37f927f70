/**
 * `otelRunHook`: exports every episode of a run as it is recorded — an `onEpisode` callback for
 * `evaluate()` / `runEvaluation()`. It reads the episode's trajectory file from the run directory
 * (the record itself has no steps), takes the analysis the run stored in the file's footer (or
 * computes it for a file written before analyses were stored, or by an older analysis), and
 * exports the episode as one trace.
 */
import { join } from 'node:path';
import type { Tracer } from '@opentelemetry/api';
import { analyzeEpisode, type EpisodeMetrics } from '../../metrics/analyze.js';
import { ANALYSIS_VERSION } from '../../metrics/version.js';
import type { EpisodeRecord } from '../../run/records.js';
import { readTrajectory } from '../../run/replay.js';
import {
  episodeSpans,
  type EpisodeSpansOptions,
  type ExportableEpisode,
  type ExportedEpisode,
} from './episode-spans.js';

/** Options of {@link otelRunHook}. */
export interface OtelRunHookOptions extends Omit<EpisodeSpansOptions, 'episodeId'> {
  readonly tracer: Tracer;
  /** The run directory (the run's `out`): trajectory files are read from it. */
  readonly out: string;
  /** Called after each export (e.g. to log the trace id). */
  readonly onExported?: (record: EpisodeRecord, exported: ExportedEpisode) => void;
}

/**
 * Loads a recorded episode with its trajectory and analysis, from a run directory: what
 * {@link otelRunHook} exports, also usable to export a finished run after the fact.
 */
export function recordedEpisode(
  out: string,
  record: EpisodeRecord,
): { readonly episode: ExportableEpisode; readonly analysis: EpisodeMetrics } {
  const { steps, footer } = readTrajectory(join(out, record.trajectoryFile));
  const episode: ExportableEpisode = { ...record, trajectory: steps };
  const stored = footer?.analysis;
  const analysis = stored && stored.version === ANALYSIS_VERSION ? stored.metrics : analyzeEpisode(episode);
  return { episode, analysis };
}

/**
 * An `onEpisode` callback that exports each recorded episode as one trace.
 *
 * @example
 * ```ts
 * const out = 'runs/traced';
 * await evaluate({ envs: 'all', teams: 'oracle', seeds: '0-4', perturb: 'production', out,
 *   onEpisode: otelRunHook({ tracer: trace.getTracer('faultline'), out }) });
 * ```
 */
export function otelRunHook(options: OtelRunHookOptions): (record: EpisodeRecord) => void {
  const { tracer, out, onExported, ...spanOptions } = options;
  return (record) => {
    const { episode, analysis } = recordedEpisode(out, record);
    const exported = episodeSpans(episode, analysis, tracer, { ...spanOptions, episodeId: record.id });
    onExported?.(record, exported);
  };
}
