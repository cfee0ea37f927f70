/**
 * `double-check-reading`: a value just read off the world is read again before it is trusted
 * (two of three readings must agree). It sits before fault recovery because a clean reading is
 * no fault; once the readings agree (or three are in) the value is settled and the turn goes on.
 */
import { settle } from '../settle.js';
import type { Rule } from '../types.js';

/** Reads a freshly learned value again until two readings agree. */
export const doubleCheckReading: Rule = {
  name: 'double-check-reading',
  decide({ memory, obs, behaviour, resultDamaged }) {
    const last = memory.lastAction;
    if (!last || !memory.lastWasPlan || last.type !== 'tool') return null;
    if (behaviour.verify === false || !memory.checking || !obs.last?.ok || resultDamaged) return null;
    const readings = memory.checking.readings;
    const agreed = readings.length >= 2 && readings[readings.length - 1] === readings[readings.length - 2];
    if (!agreed && readings.length < 3) {
      memory.pendingLearn = memory.checking.learn;
      return { action: last, fromPlan: true };
    }
    settle(memory);
    return null;
  },
};
