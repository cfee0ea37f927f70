/**
 * Replay: re-simulates a recorded trajectory from its env id, seed and actions, and checks that
 * every observation, reward, flag and event matches the recording.
 */
import { readFileSync } from 'node:fs';
import { make } from '../core/registry.js';
import { canonicalJson } from '../core/canonical.js';
import { FaultlineError } from '../core/errors.js';
import type { TrajectoryStep } from '../team/episode.js';
import {
  LEGACY_TRAJECTORY_FORMAT,
  TRAJECTORY_FORMAT,
  isTrajectoryFormat,
  observationDigestFor,
} from '../team/observation-digest.js';
import type { TrajectoryFooter, TrajectoryHeader } from './records.js';
import { checkTrajectoryFile, type TrajectoryCheck } from './verify.js';

/** Where a replay first differed from its recording. */
export interface Divergence {
  readonly step: number;
  readonly field: string;
  readonly expected: string;
  readonly actual: string;
  /** What the difference most likely means and what to do, when that is known. */
  readonly explanation?: string;
}

/** The result of a replay. */
export interface ReplayReport {
  readonly id: string;
  readonly envId: string;
  readonly seed: number;
  readonly steps: number;
  /** True when the file is intact (or has no checksum) and replayed identically. */
  readonly ok: boolean;
  readonly divergence: Divergence | null;
  /**
   * What checking the file's checksum found (`verified`, `unverified` for files written before
   * checksums existed, `truncated`, `mismatch` …), and why when not verified. Absent from
   * {@link replayTrajectory}, which has no file.
   */
  readonly integrity?: { readonly state: TrajectoryCheck['state']; readonly reason: string | null };
}

/** Reads a trajectory file into its header and steps. */
export function readTrajectory(path: string): {
  header: TrajectoryHeader;
  steps: TrajectoryStep[];
  /** The footer, or null for a file cut short (a run killed mid-write). */
  footer: TrajectoryFooter | null;
} {
  let lines: string[];
  try {
    const text = readFileSync(path, 'utf8');
    // A last line without its newline is a torn write: it is left out, and the footer with it.
    lines = (text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1))
      .split('\n')
      .filter((l) => l.trim().length > 0);
  } catch (e) {
    throw new FaultlineError(
      `Cannot read trajectory "${path}": ${(e as Error).message}. Pass a file from <run dir>/trajectories/.`,
    );
  }
  const parsed = lines.map((l, i) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new FaultlineError(
        `${path}:${i + 1} is not valid JSON (a torn write?). Re-run the episode to record it again.`,
      );
    }
  });
  const header = parsed[0] as unknown as TrajectoryHeader | undefined;
  if (!isTrajectoryFormat(header?.format)) {
    throw new FaultlineError(
      `${path}: the first line is not a faultline trajectory header (format "${TRAJECTORY_FORMAT}" or "${LEGACY_TRAJECTORY_FORMAT}"). Pass a file from <run dir>/trajectories/.`,
    );
  }
  const steps = parsed.slice(1).filter((r) => !('end' in r)) as unknown as TrajectoryStep[];
  const last = parsed[parsed.length - 1];
  const footer = last && 'end' in last ? (last as unknown as TrajectoryFooter) : null;
  return { header, steps, footer };
}

/**
 * Checks a trajectory file's checksum and re-simulates it; never throws for a divergence or a
 * failed check (both are reported: a truncated or edited file is replayed as far as it goes, so
 * the report also says where it differs). Throws for a file that is not a trajectory.
 */
export function replayFile(path: string): ReplayReport {
  const check = checkTrajectoryFile(path);
  const { header, steps } = readTrajectory(path);
  const report = replayTrajectory(header, steps);
  const intact = check.state === 'verified' || check.state === 'unverified';
  return { ...report, ok: report.ok && intact, integrity: { state: check.state, reason: check.reason } };
}

/** Re-simulates a recorded trajectory. */
export function replayTrajectory(header: TrajectoryHeader, steps: readonly TrajectoryStep[]): ReplayReport {
  const env = make(header.envId, { maxEpisodeSteps: header.maxSteps });
  const base = { id: header.id, envId: header.envId, seed: header.seed, steps: steps.length };
  // The recorded plan is passed verbatim, so the replay faces exactly the recorded perturbations.
  const perturbed = header.faultPlan && header.faultPlan.length > 0;
  const options = {
    view: header.view,
    trial: header.trial,
    variant: header.variant ?? 0,
    ...(header.worldSize !== undefined ? { worldSize: header.worldSize } : {}),
    ...(perturbed
      ? { perturb: header.perturb === 'custom' ? 'clean' : header.perturb, faultPlan: header.faultPlan }
      : {}),
  };
  const reset = env.reset({ seed: header.seed, options });
  // A file of the earlier format is checked against the digests that format recorded.
  const observed = (observation: unknown) => observationDigestFor(header.format, observation);
  const initial = observed(reset.observation);
  if (initial !== header.initialObservation) {
    return {
      ...base,
      ok: false,
      divergence: {
        step: 0,
        field: 'observation',
        expected: header.initialObservation,
        actual: initial,
        explanation: `the recorded first observation is not the one ${header.envId} gives for seed ${header.seed} (trial ${header.trial}, variant ${header.variant ?? 0}): the file was recorded with another seed, or by another version of the env (bump its -vN when a seed's trajectory changes), or its header was edited. Run the episode again with --env ${header.envId} --seeds ${header.seed} to record it anew`,
      },
    };
  }
  for (const rec of steps) {
    let result;
    try {
      result = env.step(rec.action);
    } catch (e) {
      return {
        ...base,
        ok: false,
        divergence: {
          step: rec.step,
          field: 'step()',
          expected: 'a step result',
          actual: `threw ${(e as Error).message}`,
        },
      };
    }
    const checks: Array<[string, string, string]> = [
      ['observation', rec.observation, observed(result.observation)],
      ['reward', String(rec.reward), String(result.reward)],
      ['terminated', String(rec.terminated), String(result.terminated)],
      ['truncated', String(rec.truncated), String(result.truncated)],
      ['event', canonicalJson(rec.event), canonicalJson(result.info['event'])],
    ];
    for (const [field, expected, actual] of checks) {
      if (expected !== actual) return { ...base, ok: false, divergence: { step: rec.step, field, expected, actual } };
    }
  }
  return { ...base, ok: true, divergence: null };
}
