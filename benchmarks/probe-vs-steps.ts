/**
 * Does the host probe see what slows the worlds? One-second clean-step measurements of an env
 * (benchStepping), each between two probes of every table size compared, and per probe how many
 * of the slowed measurements it flagged and how many quiet ones it flagged too. A measurement is
 * slowed when its step median is above {@link SLOWED_STEP} × the quickest of the series; a probe
 * flags it when the slower of its two readings is above the bench's quiet limit × that probe's
 * quickest reading of the series.
 *
 * It answers something only on a machine whose neighbours come and go during the series (compare
 * the step medians): on a quiet machine nothing is slowed and every probe is right.
 *
 * Run alone: `node --conditions=source --import tsx benchmarks/probe-vs-steps.ts
 * [--env=ID] [--measurements=N]` (default filesystem/split-module-v1, 40: about a minute).
 */
import { fileURLToPath } from 'node:url';
import { loadBuiltins } from '../src/builtins.js';
import { benchStepping, oraclePlans } from './stepping.js';
import { makeProbe, probeHost, PROBE_TABLE_BYTES, QUIET_LIMIT } from './host-check.js';
import { round } from './timing.js';
import { flag } from './flags.js';

/** A step median this much above the series' quickest counts as slowed. */
export const SLOWED_STEP = 1.3;

/** One measurement: its step median, and per probe the slower of its readings around it. */
export interface ProbedStep {
  readonly stepUs: number;
  readonly probeMs: readonly number[];
}

/** How one probe did over a series. */
export interface ProbeScore {
  /** Slowed measurements it flagged. */
  readonly slowedFlagged: number;
  /** Slowed measurements it did not flag. */
  readonly slowedMissed: number;
  /** Quiet measurements it flagged all the same. */
  readonly quietFlagged: number;
  /** Quiet measurements it did not flag. */
  readonly quietPassed: number;
  /** Its readings around the slowed measurements, against its quickest reading: [least, most]. */
  readonly slowedReading: readonly [number, number] | null;
}

/** How the probe at `index` of each measurement did over a series. */
export function scoreProbe(series: readonly ProbedStep[], index: number, limit = QUIET_LIMIT): ProbeScore {
  const quickestStep = Math.min(...series.map((m) => m.stepUs));
  const quickestProbe = Math.min(...series.map((m) => m.probeMs[index] ?? Infinity));
  let slowedFlagged = 0;
  let slowedMissed = 0;
  let quietFlagged = 0;
  let quietPassed = 0;
  const slowedReadings: number[] = [];
  for (const m of series) {
    const reading = (m.probeMs[index] ?? 0) / quickestProbe;
    const flagged = reading > limit;
    if (m.stepUs > SLOWED_STEP * quickestStep) {
      slowedReadings.push(reading);
      if (flagged) slowedFlagged++;
      else slowedMissed++;
    } else if (flagged) quietFlagged++;
    else quietPassed++;
  }
  const slowedReading: ProbeScore['slowedReading'] =
    slowedReadings.length === 0 ? null : [round(Math.min(...slowedReadings)), round(Math.max(...slowedReadings))];
  return { slowedFlagged, slowedMissed, quietFlagged, quietPassed, slowedReading };
}

/** The probes compared: the bench's, and one whose table stays in the core's own cache. */
const PROBES = [
  { label: `${PROBE_TABLE_BYTES >> 10} KB (the bench's)`, probe: probeHost },
  { label: '64 KB', probe: makeProbe(64 << 10, 800_000) },
];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  loadBuiltins();
  const env = flag('env') ?? 'filesystem/split-module-v1';
  const count = Number(flag('measurements') ?? 40);
  if (!Number.isInteger(count) || count < 2)
    throw new Error(`--measurements: expected a whole number of at least 2, got "${flag('measurements')}"`);
  const plans = oraclePlans(env);
  const series: ProbedStep[] = [];
  for (let i = 0; i < count; i++) {
    const before = PROBES.map((p) => p.probe());
    const stepUs = benchStepping(env, { seconds: 1, plans }).stepUsMedian;
    const after = PROBES.map((p) => p.probe());
    const probeMs = before.map((b, k) => Math.max(b, after[k] ?? 0));
    series.push({ stepUs, probeMs });
    process.stdout.write(`${stepUs.toFixed(2)} µs/step  probes ${probeMs.map((p) => p.toFixed(2)).join(' ')} ms\n`);
  }
  for (const [k, p] of PROBES.entries()) process.stdout.write(`${p.label}: ${JSON.stringify(scoreProbe(series, k))}\n`);
}
