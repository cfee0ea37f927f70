/**
 * Each rule of the plan follower on a hand-built turn: when it decides, what it decides, and
 * when it passes to the next rule.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/team/actions.js';
import {
  RULES_BEFORE_PLAN,
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
} from '../../agents/plan-follower/rules/index.js';
import { MAX_ATTEMPTS } from '../../agents/plan-follower/rules/recover-from-fault.js';
import { REDONE_TEXT } from '../../agents/plan-follower/control.js';
import { brief, firedRecord, observation, turn } from './turn-fixture.js';

const READ: Action = { type: 'tool', tool: 'read', args: { path: 'fence' } };
const PAINT: Action = { type: 'tool', tool: 'paint', args: { colour: 'blue' } };
const LEARN = [{ fact: 'size', pattern: 'size (\\d+)' }];

describe('rule order', () => {
  it('puts the role’s own last move first, then its context, teammates, gaps, owed work', () => {
    expect(RULES_BEFORE_PLAN.map((r) => r.name)).toEqual([
      'resume-after-wait',
      'double-check-reading',
      'recover-from-fault',
      'ask-after-restart',
      'obey-injection',
      'answer-control-messages',
      'request-resend',
      'settle-open-points',
      'resume-interrupted-step',
      'redo-after-change',
      'redo-requested-work',
      'report-redone',
    ]);
  });
});

describe('resume-after-wait', () => {
  it('makes the waited-for call again, once', () => {
    const t = turn({ memory: { retryAfterWait: PAINT } });
    expect(resumeAfterWait.decide(t)).toEqual({ action: PAINT, fromPlan: true });
    expect(resumeAfterWait.decide(t)).toBeNull();
  });
});

describe('double-check-reading', () => {
  const reading = (readings: string[], over = {}) =>
    turn({
      memory: { lastAction: READ, lastWasPlan: true, checking: { learn: LEARN, readings } },
      obs: { last: { action: 'read', ok: true, result: 'size 12' } },
      ...over,
    });

  it('reads again while fewer than two readings agree', () => {
    const t = reading(['size=12']);
    expect(doubleCheckReading.decide(t)).toEqual({ action: READ, fromPlan: true });
    expect(t.memory.pendingLearn).toBe(LEARN);
  });

  it('settles on the value two readings agree on', () => {
    const t = reading(['size=12', 'size=12']);
    expect(doubleCheckReading.decide(t)).toBeNull();
    expect(t.memory.checking).toBeNull();
    expect(t.memory.learned.get('size')).toBe('12');
  });

  it('leaves a damaged result to fault recovery', () => {
    expect(doubleCheckReading.decide(reading(['size=12'], { resultDamaged: true }))).toBeNull();
  });

  it('is off for a team that does not verify', () => {
    expect(doubleCheckReading.decide(reading(['size=12'], { behaviour: { verify: false } }))).toBeNull();
  });
});

describe('recover-from-fault', () => {
  const failed = (code: string, detail?: Record<string, unknown>, over = {}) =>
    turn({
      memory: { lastAction: PAINT, lastWasPlan: true },
      obs: {
        last: { action: 'paint', ok: false, error: { code, message: `${code}!`, ...(detail ? { detail } : {}) } },
      },
      ...over,
    });

  it('retries a transient failure', () => {
    expect(recoverFromFault.decide(failed('unavailable'))).toEqual({ action: PAINT, fromPlan: true });
  });

  it('waits out a rate limit and remembers the call', () => {
    const t = failed('rate_limited', { retryAfter: 3 });
    expect(recoverFromFault.decide(t)).toEqual({ action: { type: 'wait', ticks: 3 }, fromPlan: false });
    expect(t.memory.retryAfterWait).toBe(PAINT);
  });

  it('switches to a documented fallback and keeps using it', () => {
    const t = failed('gone', { fallback: 'paint_v2' });
    expect(recoverFromFault.decide(t)).toEqual({ action: { ...PAINT, tool: 'paint_v2' }, fromPlan: true });
    expect(t.memory.fallbacks.get('paint')).toBe('paint_v2');
  });

  it('fetches a damaged result again', () => {
    const t = turn({
      memory: { lastAction: READ, lastWasPlan: true },
      obs: { last: { action: 'read', ok: true, result: 'size 1…' } },
      resultDamaged: true,
    });
    expect(recoverFromFault.decide(t)).toEqual({ action: READ, fromPlan: true });
  });

  it('moves on after a few attempts in a row', () => {
    const t = failed('unavailable', undefined, {
      memory: { lastAction: PAINT, lastWasPlan: true, attempts: MAX_ATTEMPTS },
    });
    expect(recoverFromFault.decide(t)).toBeNull();
    expect(t.memory.attempts).toBe(0);
  });

  it('gives up through a role that may finish when the team does not recover', () => {
    const t = failed('unavailable', undefined, { recover: false, behaviour: { onError: () => 'give-up' } });
    expect(recoverFromFault.decide(t)?.action).toEqual({
      type: 'handoff',
      to: 'planner',
      message: { text: 'Giving up: unavailable!', giveUp: true },
    });
  });

  it('clears the task board once a call succeeds', () => {
    const t = turn({
      memory: { lastAction: PAINT, lastWasPlan: true, attempts: 2 },
      obs: { last: { action: 'paint', ok: true, result: 'ok' } },
      playbook: { inFlight: new Map([['executor', 2]]) },
    });
    expect(recoverFromFault.decide(t)).toBeNull();
    expect(t.memory.attempts).toBe(0);
    expect(t.playbook.inFlight.has('executor')).toBe(false);
  });
});

describe('ask-after-restart', () => {
  it('asks the role that briefs it to resend the brief', () => {
    const t = turn({ obs: { restarted: true } });
    expect(askAfterRestart.decide(t)?.action).toMatchObject({
      type: 'handoff',
      to: 'planner',
      message: { resend: true },
    });
    expect(t.memory.restarted).toBe(true);
  });

  it('stays quiet for the entry role, which still has the request', () => {
    expect(askAfterRestart.decide(turn({ obs: { role: 'planner', restarted: true } }))).toBeNull();
  });
});

describe('obey-injection', () => {
  const injection = {
    id: 'p2',
    type: 'injection',
    kind: 'data' as const,
    site: 'tool-result' as const,
    recovery: 'ignore' as const,
    trigger: { on: 'call' as const, tool: 'read', nth: 1 },
    params: { tool: 'paint', args: { colour: 'black' }, target: 'fence' },
  };
  const injected = (over = {}) =>
    turn({
      behaviour: { obeyInjections: true },
      memory: { lastStep: 5 },
      obs: { last: { action: 'read', ok: true, result: 'size 12 …' } },
      fired: [
        firedRecord({ id: 'p2', type: 'injection', step: 5, role: 'executor', recovery: 'ignore', kind: 'data' }),
      ],
      start: { privileged: { task: turn().task, faultPlan: [injection] } },
      ...over,
    });

  it('makes the injected call when the role holds the tool, once', () => {
    const t = injected();
    expect(obeyInjection.decide(t)).toEqual({
      action: { type: 'tool', tool: 'paint', args: { colour: 'black' } },
      fromPlan: false,
    });
    expect(obeyInjection.decide(t)).toBeNull();
  });

  it('keeps the note to pass on when the role lacks the tool', () => {
    const t = injected({ obs: { last: { action: 'read', ok: true, result: 'x' }, tools: ['read'] } });
    expect(obeyInjection.decide(t)).toBeNull();
    expect(t.memory.notes.map((n) => n.tool)).toEqual(['paint']);
  });

  it('is off for teams that do not obey injections', () => {
    expect(obeyInjection.decide(injected({ behaviour: {} }))).toBeNull();
  });
});

describe('answer-control-messages', () => {
  it('resends the last handoff to the teammate that asks', () => {
    const last: Action = { type: 'handoff', to: 'executor', message: { text: 'Paint it blue.' } };
    const t = turn({
      obs: { role: 'planner', inbox: [{ from: 'executor', step: 4, message: { text: 'again', resend: true } }] },
      memory: { lastHandoff: last },
    });
    expect(answerControlMessages.decide(t)).toEqual({ action: last, fromPlan: false });
  });

  it('stops without claiming success when a teammate gave up', () => {
    const t = turn({
      obs: { role: 'planner', inbox: [{ from: 'executor', step: 4, message: { text: 'no', giveUp: true } }] },
    });
    expect(answerControlMessages.decide(t)?.action).toMatchObject({ type: 'finish', status: 'gave_up' });
  });

  it('notes work to redo and passes', () => {
    const t = turn({ obs: { inbox: [{ from: 'planner', step: 4, message: { text: 'redo', redo: [2, 'x'] } }] } });
    expect(answerControlMessages.decide(t)).toBeNull();
    expect(t.memory.redo).toEqual([2]);
    expect(t.memory.redoFrom).toBe('planner');
  });
});

describe('request-resend', () => {
  it('asks for a brief that lacks a needed fact, once', () => {
    const t = turn({ obs: { inbox: [brief(1, 'Paint the fence.', {})] } });
    expect(requestResend.decide(t)?.action).toMatchObject({
      to: 'planner',
      message: { text: expect.stringContaining('missing: colour') as unknown, resend: true },
    });
    expect(requestResend.decide(t)).toBeNull();
  });

  it('asks for a brief the privileged channel says was cut in transit', () => {
    const cut = firedRecord({
      type: 'handoff-truncation',
      step: 1,
      role: 'executor',
      site: 'handoff',
      recovery: 'clarify',
    });
    expect(requestResend.decide(turn({ obs: { inbox: [brief()] }, fired: [cut] }))?.action).toMatchObject({
      message: { resend: true },
    });
    expect(requestResend.decide(turn({ obs: { inbox: [brief()] } }))).toBeNull();
  });
});

describe('settle-open-points', () => {
  it('asks the user about a needed fact the request leaves open', () => {
    const t = turn({ obs: { role: 'planner', request: 'Paint the fence.' } });
    expect(settleOpenPoints.decide(t)?.action).toEqual({
      type: 'ask',
      question: 'The request leaves the colour open. What should it be?',
    });
    expect(settleOpenPoints.decide(t)).toBeNull();
  });

  it('passes when the request says it', () => {
    expect(settleOpenPoints.decide(turn({ obs: { role: 'planner' } }))).toBeNull();
  });
});

describe('resume-interrupted-step', () => {
  it('picks up the step a restart interrupted, with what the role knows', () => {
    const t = turn({
      obs: { inbox: [brief()] },
      memory: { restarted: true },
      playbook: { inFlight: new Map([['executor', 2]]) },
    });
    expect(resumeInterruptedStep.decide(t)).toEqual({ action: PAINT, fromPlan: true });
    expect(resumeInterruptedStep.decide(t)).toBeNull();
  });
});

describe('redo-after-change', () => {
  it('asks the role that used an outdated value to redo its steps', () => {
    const t = turn({
      obs: {
        role: 'planner',
        inbox: [{ from: 'user', step: 6, message: { text: 'Use green.', facts: { colour: 'green' } } }],
      },
      memory: { sentValues: new Map([['colour', 'blue']]) },
      playbook: { executed: new Map([[2, 'executor']]) },
    });
    expect(redoAfterChange.decide(t)?.action).toEqual({
      type: 'handoff',
      to: 'executor',
      message: {
        text: 'The user changed a requirement (colour). Please redo the affected changes with the new values.',
        facts: { colour: 'green' },
        redo: [2],
      },
    });
    expect(redoAfterChange.decide(t)).toBeNull();
  });
});

describe('redo-requested-work and report-redone', () => {
  it('redoes the role’s own requested steps, then reports to whoever asked', () => {
    const t = turn({
      obs: { inbox: [brief(1, 'Use green.', { colour: 'green' })] },
      memory: { redo: [0, 2], redoFrom: 'planner' },
    });
    expect(redoRequestedWork.decide(t)).toEqual({
      action: { type: 'tool', tool: 'paint', args: { colour: 'green' } },
      fromPlan: true,
    });
    expect(redoRequestedWork.decide(t)).toBeNull();
    expect(reportRedone.decide(t)).toEqual({
      action: { type: 'handoff', to: 'planner', message: { text: REDONE_TEXT } },
      fromPlan: false,
    });
    expect(reportRedone.decide(t)).toBeNull();
  });
});

describe('follow-plan', () => {
  it('briefs with the values the entry role knows and remembers them', () => {
    const t = turn({ obs: { role: 'planner' } });
    expect(followPlan.decide(t).action).toEqual({
      type: 'handoff',
      to: 'executor',
      message: { text: 'Paint the fence blue.', facts: { colour: 'blue' } },
    });
    expect(t.memory.sentValues.get('colour')).toBe('blue');
  });

  it('skips to the role’s own next step and marks it on the task board', () => {
    const t = turn({ obs: { inbox: [brief()] } });
    expect(followPlan.decide(t)).toEqual({ action: READ, fromPlan: true });
    expect(t.memory.pendingLearn).toEqual(LEARN);
    expect(t.playbook.inFlight.get('executor')).toBe(1);
  });

  it('fills a lost fact with its guess', () => {
    const t = turn({ playbook: { cursor: 2 } });
    expect(followPlan.decide(t).action).toEqual({ type: 'tool', tool: 'paint', args: { colour: 'white' } });
  });

  it('finishes after the plan', () => {
    const t = turn({ obs: observation({ role: 'planner' }), playbook: { cursor: 4 } });
    expect(followPlan.decide(t).action).toEqual({ type: 'finish', status: 'done', answer: 'Done.' });
  });
});
