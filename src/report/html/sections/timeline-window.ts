/**
 * Which steps a long timeline shows. A team that wanders can run to its step limit; printing
 * every step of every such drill-down would make a large run's report tens of megabytes, and
 * the reader wants the eventful steps anyway. Short timelines are shown whole.
 */
import type { TrajectoryStep } from '../../../team/episode.js';

/** Timelines up to this many steps are shown whole. */
export const FULL_TIMELINE_STEPS = 80;
/** Steps kept at the start and at the end of a long timeline. */
const EDGE = 10;
/** Steps kept on each side of the step where the episode went wrong (and of the drift onset). */
const AROUND_KEY = 5;
/** Steps kept on each side of every other eventful step. */
const AROUND_EVENT = 1;
/** The shortest run of steps worth eliding. */
const MIN_GAP = 3;

/** Steps that must be seen: where something happened beyond a plain tool call. */
function eventful(s: TrajectoryStep, previousLedger: string | null): boolean {
  const e = s.event;
  return (
    e.kind === 'handoff' ||
    e.kind === 'finish' ||
    e.kind === 'ask' ||
    (e.perturbations?.length ?? 0) > 0 ||
    e.userMessage !== undefined ||
    (previousLedger !== null && previousLedger !== e.ledger)
  );
}

/**
 * The step numbers to show, or null to show every step. `keySteps` (the step that went wrong,
 * the drift onset, a crash) are always shown with their neighbourhood.
 */
export function visibleSteps(
  steps: readonly TrajectoryStep[],
  keySteps: readonly (number | null)[],
): Set<number> | null {
  if (steps.length <= FULL_TIMELINE_STEPS) return null;
  const first = steps[0]?.step ?? 1;
  const last = steps[steps.length - 1]?.step ?? first;
  const keep = new Set<number>();
  const around = (step: number, radius: number) => {
    for (let k = Math.max(first, step - radius); k <= Math.min(last, step + radius); k++) keep.add(k);
  };
  for (let k = 0; k < EDGE; k++) {
    keep.add(first + k);
    keep.add(last - k);
  }
  for (const k of keySteps) if (k !== null) around(k, AROUND_KEY);
  let previous: string | null = null;
  for (const s of steps) {
    if (eventful(s, previous)) around(s.step, AROUND_EVENT);
    previous = s.event.ledger;
  }
  // Eliding a run of one or two steps saves nothing and costs the reader a click of thought.
  let gap: number[] = [];
  for (const s of steps) {
    if (!keep.has(s.step)) {
      gap.push(s.step);
      continue;
    }
    if (gap.length < MIN_GAP) for (const k of gap) keep.add(k);
    gap = [];
  }
  return keep;
}
