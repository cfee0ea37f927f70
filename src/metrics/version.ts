/**
 * The version of the per-episode analysis. A run records it with every episode's analysis, so
 * a report can tell an analysis of today's code from one made by an older version.
 */
import type { EpisodeMetrics } from './analyze.js';

/**
 * The analysis version of this code. Bump it in the commit that changes what any metric of
 * `analyzeEpisode` (or its compact form) yields for some recorded episode.
 */
export const ANALYSIS_VERSION = 2;

/** An episode's analysis as a run recorded it: what `analyzeEpisode` returned, and its version. */
export interface RecordedAnalysis {
  readonly version: number;
  readonly metrics: EpisodeMetrics;
}
