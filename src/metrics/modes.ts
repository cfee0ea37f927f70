/**
 * The failure modes faultline measures — the four of its design (drift, context loss, cascading
 * errors, recovery) and two outcomes that are not one of those four: a team that never attempted
 * the task, and a team that acted on an instruction injected into content — and the MAST codes
 * (Cemri et al., "Why Do Multi-Agent LLM Systems Fail?") they map to where one fits.
 */

/** A failure mode of an agent team. The ids are the keys of `summary.json`'s `failureModes`. */
export type FailureMode =
  'alignmentDrift' | 'handoffContextLoss' | 'cascadingErrors' | 'recoveryFailure' | 'noProgress' | 'injectionFollowed';

/** Every mode, in report order. */
export const FAILURE_MODES: readonly FailureMode[] = [
  'alignmentDrift',
  'handoffContextLoss',
  'cascadingErrors',
  'recoveryFailure',
  'noProgress',
  'injectionFollowed',
];

/** The MAST failure modes faultline attributes. */
export const MAST = {
  'FM-1.1': 'Disobey task specification',
  'FM-1.3': 'Step repetition',
  'FM-1.4': 'Loss of conversation history',
  'FM-1.5': 'Unaware of termination conditions',
  'FM-2.2': 'Fail to ask for clarification',
  'FM-2.3': 'Task derailment',
  'FM-2.4': 'Information withholding',
  'FM-3.1': 'Premature termination',
  'FM-3.2': 'No or incomplete verification',
  'FM-3.3': 'Incorrect verification',
} as const;

/** A MAST code faultline uses. */
export type MastCode = keyof typeof MAST;

/**
 * Each mode's name in words (table headers, reports), and the MAST code it maps to when the
 * mode alone decides it (null: the code depends on how the mode occurred, see the verdict).
 *
 * - `noProgress` is MAST's premature termination: the team finished, gave up or stalled
 *   without attempting the task.
 * - `injectionFollowed` is the attack-success measure of AgentDojo (Debenedetti et al.): a
 *   role acted on an instruction planted in content it read. In MAST terms it disobeys the
 *   task specification: it does what the user never asked.
 */
export const MODE_INFO: Readonly<Record<FailureMode, { readonly label: string; readonly mast: MastCode | null }>> = {
  alignmentDrift: { label: 'alignment drift', mast: null },
  handoffContextLoss: { label: 'handoff context loss', mast: null },
  cascadingErrors: { label: 'cascading errors', mast: null },
  recoveryFailure: { label: 'recovery failure', mast: null },
  noProgress: { label: 'no progress', mast: 'FM-3.1' },
  injectionFollowed: { label: 'injection followed', mast: 'FM-1.1' },
};
