/**
 * The four failure modes faultline measures, and the MAST codes (Cemri et al., "Why Do
 * Multi-Agent LLM Systems Fail?") they map to where one fits.
 */

/** A failure mode of an agent team. The ids are the keys of `summary.json`'s `failureModes`. */
export type FailureMode = 'alignmentDrift' | 'handoffContextLoss' | 'cascadingErrors' | 'recoveryFailure';

/** Every mode, in report order. */
export const FAILURE_MODES: readonly FailureMode[] = [
  'alignmentDrift',
  'handoffContextLoss',
  'cascadingErrors',
  'recoveryFailure',
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
