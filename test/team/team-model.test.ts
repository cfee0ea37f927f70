import { beforeAll, describe, expect, it } from 'vitest';
import { make } from '../../src/core/registry.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import type { StepResult } from '../../src/core/env.js';
import type { StepEvent } from '../../src/team/events.js';
import type { Grade } from '../../src/team/ledger.js';
import type { TeamObservation } from '../../src/team/observation.js';
import { INBOX_LIMIT, type TeamState } from '../../src/team/state.js';
import { teamModelOf, teamStateOf, type TeamEnv } from '../../src/team/team-env.js';
import { SINGLE_AGENT_ROLE } from '../../src/team/single-agent.js';
import { ensureNotesEnv, scriptedPlan } from '../fixtures/notes-env.js';
import type { NotesState } from '../fixtures/notes-world.js';

let ID = '';
beforeAll(() => {
  ID = ensureNotesEnv();
});

interface Setup {
  env: TeamEnv;
  obs: TeamObservation;
  state: () => TeamState<NotesState>;
  fact: (id: string) => string;
  step: (action: unknown) => StepResult<TeamObservation> & { event: StepEvent };
}

function setup(seed = 1, options: Record<string, unknown> = {}, maxEpisodeSteps?: number): Setup {
  const env = make<TeamObservation, never>(ID, maxEpisodeSteps ? { maxEpisodeSteps } : {}) as TeamEnv;
  const obs = env.reset({ seed, options }).observation;
  const state = () => teamStateOf(env) as TeamState<NotesState>;
  return {
    env,
    obs,
    state,
    fact: (id) => state().task.facts.find((f) => f.id === id)?.value as string,
    step: (action) => {
      const r = env.step(action);
      return { ...r, event: r.info['event'] as StepEvent };
    },
  };
}

const FULL_BRIEF = (t: Setup) =>
  `Write ${t.fact('title')} with colour ${t.fact('colour')} and budget ${t.fact('budget')}; do not touch ${t.fact('folder')}.`;

describe('views: the env decides what each role sees', () => {
  it('only the entry role sees the request, in its observation and its text', () => {
    const t = setup();
    expect(t.obs.role).toBe('planner');
    expect(t.obs.request).toBe(t.state().task.request);
    expect(t.obs.text).toContain('## User request');
    expect(t.obs.text).toContain(t.state().task.request);
    const toExecutor = t.step({ type: 'handoff', to: 'executor', message: 'go' }).observation;
    expect(toExecutor.role).toBe('executor');
    expect(toExecutor.request).toBeNull();
    expect(toExecutor.text).not.toContain('## User request');
    expect(toExecutor.text).not.toContain(t.fact('colour'));
    const toReviewer = t.step({ type: 'handoff', to: 'reviewer', message: 'check' }).observation;
    expect(toReviewer.request).toBeNull();
    const back = t.step({ type: 'handoff', to: 'planner', message: 'done?' }).observation;
    expect(back.request).toBe(t.state().task.request);
  });

  it('a role sees only its own last result and its own inbox', () => {
    const t = setup();
    const afterList = t.step({ type: 'tool', tool: 'list_notes', args: {} }).observation;
    expect(afterList.last).toMatchObject({ action: 'list_notes({})', ok: true });
    expect(afterList.last?.result).toEqual(Object.keys(t.state().world.notes).sort());
    const exec = t.step({ type: 'handoff', to: 'executor', message: 'brief for the executor' }).observation;
    expect(exec.last).toBeNull();
    expect(exec.inbox).toEqual([{ from: 'planner', step: 2, message: 'brief for the executor' }]);
    expect(exec.text).toContain('## Inbox (1 message)');
    expect(exec.text).toContain('from planner: brief for the executor');
    const afterRead = t.step({ type: 'tool', tool: 'read_note', args: { name: 'readme' } }).observation;
    expect(afterRead.last).toMatchObject({ ok: true, result: 'Notes live here.' });
    const reviewer = t.step({ type: 'handoff', to: 'reviewer', message: 'for the reviewer' }).observation;
    expect(reviewer.inbox.map((m) => m.message)).toEqual(['for the reviewer']);
    expect(reviewer.last).toBeNull();
    const planner = t.step({ type: 'handoff', to: 'planner', message: 'back to you' }).observation;
    expect(planner.last).toMatchObject({ action: 'handoff → executor', ok: true, result: 'handed off to executor' });
    expect(planner.inbox.map((m) => m.from)).toEqual(['reviewer']);
  });

  it('the observation names the acting role, its tools, teammates and whether it can finish', () => {
    const t = setup();
    expect(t.obs).toMatchObject({
      env: ID,
      step: 0,
      clock: 0,
      tools: ['list_notes', 'read_note'],
      teammates: ['executor', 'reviewer'],
      canFinish: false,
      done: false,
    });
    t.step({ type: 'handoff', to: 'reviewer', message: 'x' });
    expect(t.env.step({ type: 'wait', ticks: 1 }).observation).toMatchObject({
      role: 'reviewer',
      canFinish: true,
      teammates: ['planner', 'executor'],
    });
  });

  it('keeps only the last INBOX_LIMIT messages', () => {
    const t = setup(1, {}, 200);
    for (let i = 0; i < INBOX_LIMIT + 6; i++) {
      t.step({ type: 'handoff', to: 'executor', message: `m${i}` });
      t.step({ type: 'handoff', to: 'planner', message: 'ack' });
    }
    const inbox = t.state().roles['executor']?.inbox ?? [];
    expect(inbox).toHaveLength(INBOX_LIMIT);
    expect(inbox[inbox.length - 1]?.message).toBe(`m${INBOX_LIMIT + 5}`);
    const obs = t.step({ type: 'handoff', to: 'executor', message: 'last' }).observation;
    expect(obs.text).toMatch(/## Inbox \(20 messages, last 5 shown\)/);
  });
});

describe('handoffs pass control and are audited', () => {
  it('facts carried in free text are matched by canonical value, ignoring case and spacing', () => {
    const t = setup();
    const brief = FULL_BRIEF(t).toUpperCase().replace(/ /g, '   ');
    const { event, observation } = t.step({ type: 'handoff', to: 'executor', message: brief });
    expect(observation.role).toBe('executor');
    expect(event.kind).toBe('handoff');
    expect(event.handoff).toEqual({
      from: 'planner',
      to: 'executor',
      required: ['title', 'colour', 'budget', 'folder'],
      carried: ['title', 'colour', 'budget', 'folder'],
      missing: [],
    });
    expect(t.state().roles['executor']?.known).toEqual(['title', 'colour', 'budget', 'folder']);
    expect(t.state().counters.handoffs).toBe(1);
  });

  it('facts carried in a structured message count the same', () => {
    const t = setup();
    const { event } = t.step({
      type: 'handoff',
      to: 'executor',
      message: {
        text: 'see facts',
        facts: { title: t.fact('title'), colour: t.fact('colour'), budget: t.fact('budget'), folder: t.fact('folder') },
      },
    });
    expect(event.handoff?.missing).toEqual([]);
    expect(event.handoff?.carried).toEqual(['title', 'colour', 'budget', 'folder']);
  });

  it('missing facts are reported, and only facts the receiver still needs are required', () => {
    const t = setup();
    const first = t.step({
      type: 'handoff',
      to: 'executor',
      message: `Write ${t.fact('title')} in ${t.fact('colour')}.`,
    }).event;
    expect(first.handoff?.carried).toEqual(['title', 'colour']);
    expect(first.handoff?.missing).toEqual(['budget', 'folder']);
    t.step({ type: 'handoff', to: 'planner', message: 'what budget?' });
    const second = t.step({ type: 'handoff', to: 'executor', message: 'no news' }).event;
    expect(second.handoff?.required).toEqual(['budget', 'folder']);
    expect(second.handoff?.missing).toEqual(['budget', 'folder']);
  });

  it('a handoff to the reviewer requires only what the reviewer needs', () => {
    const t = setup();
    const e = t.step({ type: 'handoff', to: 'reviewer', message: 'nothing useful' }).event;
    expect(e.handoff).toMatchObject({ required: ['title'], carried: [], missing: ['title'] });
  });
});

describe('bad actions become error observations; the episode goes on', () => {
  function expectError(
    t: Setup,
    action: unknown,
    code: string,
    message: RegExp,
    counter: 'toolErrors' | 'invalidActions',
  ) {
    const before = t.state();
    const r = t.step(action);
    expect(r.terminated).toBe(false);
    expect(r.reward).toBe(0);
    expect(r.event.ok).toBe(false);
    expect(r.event.error?.code).toBe(code);
    expect(r.event.error?.message).toMatch(message);
    expect(r.observation.role).toBe(before.active);
    expect(r.observation.last).toMatchObject({ ok: false, error: { code } });
    expect(r.observation.text).toContain(`error ${code}`);
    expect(t.state().counters[counter]).toBe(before.counters[counter] + 1);
    expect(t.state().t).toBe(before.t + 1);
    expect(t.state().world).toBe(before.world);
  }

  it('a forbidden tool names the role, its tools and who has it', () => {
    const t = setup();
    expectError(
      t,
      { type: 'tool', tool: 'write_note', args: { name: 'x', text: 'y' } },
      'forbidden_tool',
      /The planner may not call "write_note"\. Your tools: list_notes, read_note\. Hand off to a teammate who has it\./,
      'toolErrors',
    );
  });

  it('an unknown tool, including names of Object.prototype members', () => {
    const t = setup();
    expectError(
      t,
      { type: 'tool', tool: 'delete_everything', args: {} },
      'unknown_tool',
      /There is no tool "delete_everything"\. Your tools: list_notes, read_note\./,
      'toolErrors',
    );
    expectError(
      t,
      { type: 'tool', tool: 'constructor', args: {} },
      'unknown_tool',
      /There is no tool "constructor"/,
      'toolErrors',
    );
    expectError(
      t,
      { type: 'tool', tool: 'toString', args: {} },
      'unknown_tool',
      /There is no tool "toString"/,
      'toolErrors',
    );
  });

  it('bad arguments name the argument, the value and the expected schema', () => {
    const t = setup();
    expectError(
      t,
      { type: 'tool', tool: 'read_note', args: { name: 5 } },
      'invalid_args',
      /^read_note: args\.name .*\(got 5\)\. Expected arguments: \{"name":/,
      'toolErrors',
    );
    expectError(
      t,
      { type: 'tool', tool: 'read_note', args: { name: 'Bad Name!' } },
      'invalid_args',
      /lower-case note name/,
      'toolErrors',
    );
    expectError(
      t,
      { type: 'tool', tool: 'list_notes', args: { extra: 1 } },
      'invalid_args',
      /list_notes: args/,
      'toolErrors',
    );
  });

  it('a failing tool reports its own error code', () => {
    const t = setup();
    t.step({ type: 'handoff', to: 'executor', message: 'go' });
    expectError(
      t,
      { type: 'tool', tool: 'publish', args: { name: 'nothing/here' } },
      'not_found',
      /no such note/,
      'toolErrors',
    );
  });

  it('a handoff to yourself or to nobody lists the teammates', () => {
    const t = setup();
    expectError(
      t,
      { type: 'handoff', to: 'planner', message: 'me' },
      'invalid_handoff',
      /Cannot hand off to "planner" \(that is you\)\. Teammates: executor, reviewer\./,
      'toolErrors',
    );
    expectError(
      t,
      { type: 'handoff', to: 'nobody', message: 'x' },
      'invalid_handoff',
      /Cannot hand off to "nobody"\. Teammates/,
      'toolErrors',
    );
    expect(t.state().counters.handoffs).toBe(0);
  });

  it('finishing from a role that cannot finish says who can', () => {
    const t = setup();
    expectError(
      t,
      { type: 'finish', answer: 'done', status: 'done' },
      'forbidden_finish',
      /The planner may not finish the episode\. Hand off to reviewer to finish\./,
      'toolErrors',
    );
    expect(t.state().finished).toBeNull();
  });

  it('garbage is an invalid action, counted apart from tool errors', () => {
    const t = setup();
    for (const garbage of [
      null,
      'not json',
      { type: 'teleport' },
      JSON.parse('{"type":"tool","tool":"x","args":{"__proto__":{}}}'),
    ]) {
      const r = t.step(garbage);
      expect(r.event).toMatchObject({ kind: 'invalid', action: null, ok: false, error: { code: 'invalid_action' } });
      expect(r.observation.last?.action).toBe('invalid action');
    }
    expect(t.state().counters).toMatchObject({ invalidActions: 4, toolErrors: 0 });
  });
});

describe('ask and wait', () => {
  it('ask answers deterministically from the clarifications', () => {
    const t = setup();
    expect(t.step({ type: 'ask', question: 'What is the BUDGET exactly?' }).observation.last?.result).toEqual({
      answer: `The budget is ${t.fact('budget')}.`,
    });
    expect(t.step({ type: 'ask', question: 'Anything else?' }).observation.last?.result).toEqual({
      answer: expect.stringMatching(/nothing to add/) as unknown,
    });
    expect(t.state().counters.asks).toBe(2);
  });

  it('wait advances virtual time by its ticks', () => {
    const t = setup();
    expect(t.step({ type: 'wait', ticks: 7 }).observation.clock).toBe(7);
    expect(t.step({ type: 'tool', tool: 'list_notes', args: {} }).observation.clock).toBe(8);
  });
});

describe('the intent ledger', () => {
  it('evolves S/P/V along the plan, and goals become S at a good finish', () => {
    const t = setup(2);
    const ledgers = [t.state().ledger];
    let last: ReturnType<Setup['step']> | null = null;
    for (const { action } of scriptedPlan(t.state().task)) {
      last = t.step(action);
      ledgers.push(last.event.ledger);
    }
    // Constraints: has-colour, has-budget, folder-untouched (invariant), published, answer-names-note.
    expect(ledgers[0]).toBe('PPSPP');
    expect(ledgers).toContain('SSSPP');
    expect(ledgers).toContain('SSSSP');
    expect(ledgers[ledgers.length - 1]).toBe('SSSSS');
    expect(last?.terminated).toBe(true);
    expect(last?.reward).toBe(1);
    const grade = last?.info['grade'] as Grade;
    expect(grade).toMatchObject({ success: true, score: 1, violated: [], finishStatus: 'done' });
    // The notes family has no no-collateral constraint, so no change counts as collateral.
    expect(grade.collateral).toEqual([]);
  });

  it('a finish without doing anything turns pending goals into V and fails', () => {
    const t = setup(3);
    t.step({ type: 'handoff', to: 'reviewer', message: 'all good' });
    const r = t.step({ type: 'finish', answer: 'done', status: 'done' });
    expect(r.event.ledger).toBe('VVSVV');
    expect(r).toMatchObject({ terminated: true, truncated: false, reward: 0 });
    expect(r.info['grade']).toMatchObject({ success: false, finishStatus: 'done', satisfied: ['folder-untouched'] });
    expect(r.observation.done).toBe(true);
    expect(r.observation.text).toContain('The episode has ended.');
  });

  it('touching the protected folder violates the invariant at once and for good', () => {
    const t = setup(4);
    t.step({ type: 'handoff', to: 'executor', message: 'go' });
    const r = t.step({ type: 'tool', tool: 'write_note', args: { name: `${t.fact('folder')}oops`, text: 'x' } });
    expect(r.event.ledger[2]).toBe('V');
    expect(r.event.writes).toEqual([`${t.fact('folder')}oops`]);
    t.step({
      type: 'tool',
      tool: 'write_note',
      args: { name: t.fact('title'), text: `colour ${t.fact('colour')}; budget ${t.fact('budget')}` },
    });
    expect(t.state().ledger).toBe('SSVPP');
  });

  it('giving up is not a success even with every goal met', () => {
    const t = setup(5);
    const plan = scriptedPlan(t.state().task);
    for (const { action } of plan.slice(0, -1)) t.step(action);
    const r = t.step({ type: 'finish', answer: `Published ${t.fact('title')}`, status: 'gave_up' });
    expect(r.info['grade']).toMatchObject({ success: false, finishStatus: 'gave_up', score: 1 });
  });
});

describe('the plan and the single-agent view', () => {
  it('the `when` condition picks the branch from the budget fact', () => {
    const bodies = new Map<boolean, string>();
    for (let seed = 0; seed < 40 && bodies.size < 2; seed++) {
      const t = setup(seed);
      const budget = Number(t.fact('budget'));
      const write = scriptedPlan(t.state().task).find(
        (s) => s.action.type === 'tool' && s.action.tool === 'write_note',
      );
      bodies.set(budget > 50, JSON.stringify(write?.action));
    }
    expect(bodies.get(true)).toContain('needs approval');
    expect(bodies.get(false)).not.toContain('needs approval');
  });

  it('single view: one role with every tool, the request, and the plan still succeeds', () => {
    const t = setup(6, { view: 'single' });
    expect(t.obs).toMatchObject({ role: SINGLE_AGENT_ROLE, teammates: [], canFinish: true });
    expect([...t.obs.tools].sort()).toEqual(['list_notes', 'publish', 'read_note', 'write_note']);
    expect(t.obs.request).toBe(t.state().task.request);
    const plan = scriptedPlan(t.state().task);
    expect(plan.every((s) => s.role === SINGLE_AGENT_ROLE && s.action.type !== 'handoff')).toBe(true);
    let last: ReturnType<Setup['step']> | null = null;
    for (const { action } of plan) last = t.step(action);
    expect(last).toMatchObject({ terminated: true, reward: 1 });
  });

  it('entryRole moves the request to another role; unknown roles and options are rejected', () => {
    const t = setup(7, { entryRole: 'executor' });
    expect(t.obs.role).toBe('executor');
    expect(t.obs.request).toBe(t.state().task.request);
    const env = make(ID);
    expect(() => env.reset({ seed: 1, options: { entryRole: 'boss' } })).toThrow(
      /options.entryRole.*one of the task's roles \(planner, executor, reviewer\)/,
    );
    expect(() => env.reset({ seed: 1, options: { view: 'crowd' } })).toThrow(InvalidArgumentError);
    expect(() => env.reset({ seed: 1, options: { colour: 'red' } })).toThrow(/reset\(\{ options/);
  });

  it('the env is truncated by the family step limit', () => {
    const t = setup(8);
    const limit = teamModelOf(t.env).family.maxEpisodeSteps;
    let r: ReturnType<Setup['step']> | null = null;
    for (let i = 0; i < limit; i++) r = t.step({ type: 'wait', ticks: 1 });
    expect(r).toMatchObject({ truncated: true, terminated: false });
  });

  it('reset info describes roles, constraints and facts without their values', () => {
    const env = make(ID);
    const info = env.reset({ seed: 9 }).info;
    expect(info).toMatchObject({ envId: ID, taskId: 'notes@9', entryRole: 'planner', ledger: 'PPSPP' });
    expect(JSON.stringify(info['facts'])).not.toMatch(/"value"/);
  });
});
