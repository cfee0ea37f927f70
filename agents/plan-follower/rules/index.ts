/**
 * The plan follower's decision, as an ordered list of rules: the first rule that decides wins.
 *
 * The order is the priority of a careful team member:
 * 1. its own last move first (`resume-after-wait`, `double-check-reading`, `recover-from-fault`):
 *    a call in progress is finished or repaired before anything else;
 * 2. then the state of its own context (`ask-after-restart`, and for credulous teams
 *    `obey-injection`);
 * 3. then teammates who are waiting on it (`answer-control-messages`);
 * 4. then gaps in what it was told (`request-resend`, `settle-open-points`), so no work runs on guesses;
 * 5. then work it owes (`resume-interrupted-step`, `redo-after-change`, `redo-requested-work`,
 *    `report-redone`);
 * 6. and only then the plan (`follow-plan`), which always decides.
 */
import type { Rule } from '../types.js';
import { answerControlMessages } from './answer-control-messages.js';
import { askAfterRestart } from './ask-after-restart.js';
import { doubleCheckReading } from './double-check-reading.js';
import { followPlan } from './follow-plan.js';
import { obeyInjection } from './obey-injection.js';
import { recoverFromFault } from './recover-from-fault.js';
import { redoAfterChange } from './redo-after-change.js';
import { redoRequestedWork } from './redo-requested-work.js';
import { reportRedone } from './report-redone.js';
import { requestResend } from './request-resend.js';
import { resumeAfterWait } from './resume-after-wait.js';
import { resumeInterruptedStep } from './resume-interrupted-step.js';
import { settleOpenPoints } from './settle-open-points.js';

/** Every rule before the plan, in priority order. */
export const RULES_BEFORE_PLAN: readonly Rule[] = [
  resumeAfterWait,
  doubleCheckReading,
  recoverFromFault,
  askAfterRestart,
  obeyInjection,
  answerControlMessages,
  requestResend,
  settleOpenPoints,
  resumeInterruptedStep,
  redoAfterChange,
  redoRequestedWork,
  reportRedone,
];

export {
  answerControlMessages,
  askAfterRestart,
  doubleCheckReading,
  followPlan,
  obeyInjection,
  recoverFromFault,
  redoAfterChange,
  redoRequestedWork,
  reportRedone,
  requestResend,
  resumeAfterWait,
  resumeInterruptedStep,
  settleOpenPoints,
};
