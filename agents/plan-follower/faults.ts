/**
 * What the privileged channel says about this role's turn: which perturbations acted on the
 * result of its own last action, or on a message it received. Reference teams read these facts
 * from the env's ground truth (`AgentContext.privileged.fired`), never from the wording of what
 * they were shown.
 */
import type { InboxMessage } from '../../src/public/env.js';
import type { FiredPerturbation, PlannedPerturbation } from '../../src/public/perturb.js';

/** The perturbation type whose cut is marked in the message (`handoff-truncation` in the catalog). */
const HANDOFF_TRUNCATION = 'handoff-truncation';
/** The perturbation type that plants an instruction in content (`injection` in the catalog). */
const INJECTION = 'injection';

/** Perturbations that fired at `step` on `role` (for a tool site: on the call that role made then). */
function firedAt(fired: readonly FiredPerturbation[], role: string, step: number): FiredPerturbation[] {
  return fired.filter((f) => f.step === step && f.role === role);
}

/**
 * Whether a perturbation damaged the result of the call at `step` so that calling again is the
 * recovery (a cut-off or garbled read: recovery `retry` at the tool-result site).
 */
export function resultDamagedAt(fired: readonly FiredPerturbation[], role: string, step: number): boolean {
  return firedAt(fired, role, step).some((f) => f.site === 'tool-result' && f.recovery === 'retry');
}

/** Whether `message`, delivered to `role`, was cut short in transit (and so says it is). */
export function cutInTransit(fired: readonly FiredPerturbation[], role: string, message: InboxMessage): boolean {
  return firedAt(fired, role, message.step).some((f) => f.type === HANDOFF_TRUNCATION);
}

/** The planned injections that fired on the result of the call `role` made at `step`. */
export function injectionsAt(
  fired: readonly FiredPerturbation[],
  faultPlan: readonly PlannedPerturbation[],
  role: string,
  step: number,
): PlannedPerturbation[] {
  const ids = new Set(
    firedAt(fired, role, step)
      .filter((f) => f.type === INJECTION)
      .map((f) => f.id),
  );
  return faultPlan.filter((p) => ids.has(p.id));
}
