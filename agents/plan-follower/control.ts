/**
 * The team's own control messages: asks to resend, to give up, to redo work, and the report that
 * work was redone. They steer the team rather than brief it, so a receiver never checks them
 * against what it needs.
 */
import type { InboxMessage } from '../../src/public/env.js';

/** The report a role sends once it has redone work after a change of requirement. */
export const REDONE_TEXT = 'Redone with the changed requirement.';

/** Messages that steer the team rather than brief it. */
export function isControl(m: InboxMessage): boolean {
  const msg = m.message;
  return (
    typeof msg === 'object' &&
    (msg['resend'] === true ||
      msg['giveUp'] === true ||
      Array.isArray(msg['redo']) ||
      // The report carries no flag of its own (its wording is the team's protocol, fixed since the first recordings).
      (msg.text ?? '').startsWith('Redone'))
  );
}
