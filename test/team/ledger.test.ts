import { describe, expect, it } from 'vitest';
import { breachesBetween, evaluateLedger, gradeFromLedger } from '../../src/team/ledger.js';
import type { Constraint } from '../../src/team/world.js';
import { notesWorld, type NotesState } from '../fixtures/notes-world.js';

const c = (id: string, kind: string, params: Record<string, unknown>, scope: 'goal' | 'invariant'): Constraint => ({
  id,
  text: id,
  kind,
  params,
  facts: [],
  scope,
  late: false,
});
const CONSTRAINTS = [
  c('has', 'note-contains', { name: 'a', text: 'teal' }, 'goal'),
  c('keep', 'prefix-untouched', { prefix: 'vault/' }, 'invariant'),
  c('answer', 'answer-mentions', { text: 'a' }, 'goal'),
  c('unknown', 'no-such-checker', {}, 'goal'),
];
const initial: NotesState = { notes: { 'vault/x': 'keep me' }, published: [] };

describe('intent ledger', () => {
  it('pending goals are P while running and V when final; invariants are S or V', () => {
    expect(evaluateLedger(notesWorld, CONSTRAINTS, initial, initial, null, false)).toBe('PSPP');
    expect(evaluateLedger(notesWorld, CONSTRAINTS, initial, initial, null, true)).toBe('VSVV');
    const done: NotesState = { notes: { ...initial.notes, a: 'teal' }, published: [] };
    expect(evaluateLedger(notesWorld, CONSTRAINTS, done, initial, 'wrote a', true)).toBe('SSSV');
    const broken: NotesState = { notes: { 'vault/x': 'changed' }, published: [] };
    expect(evaluateLedger(notesWorld, CONSTRAINTS, broken, initial, null, false)).toBe('PVPP');
  });

  it('a constraint whose checker the world lacks is never satisfied', () => {
    expect(evaluateLedger(notesWorld, [CONSTRAINTS[3] as Constraint], initial, initial, 'x', true)).toBe('V');
  });

  it('grades: success needs every constraint and a done finish', () => {
    const three = CONSTRAINTS.slice(0, 3);
    expect(gradeFromLedger(three, 'SSS', 'done', [])).toEqual({
      success: true,
      score: 1,
      satisfied: ['has', 'keep', 'answer'],
      violated: [],
      breaches: [],
      progress: true,
      collateral: [],
      finishStatus: 'done',
    });
    expect(gradeFromLedger(three, 'SSS', 'gave_up', [])).toMatchObject({ success: false, score: 1 });
    expect(gradeFromLedger(three, 'SVS', 'done', ['x'])).toMatchObject({
      success: false,
      violated: ['keep'],
      collateral: ['x'],
    });
    expect(gradeFromLedger(three, 'SSS', 'not_finished', [])).toMatchObject({ success: false });
    expect(gradeFromLedger([], '', 'done', [])).toMatchObject({ success: false, score: 0 });
  });

  it('scores 0 without progress: invariants kept by doing nothing are worth nothing', () => {
    const three = CONSTRAINTS.slice(0, 3);
    // Nothing done: only the invariant holds.
    expect(gradeFromLedger(three, 'VSV', 'done', [], { initial: 'PSP' })).toMatchObject({ score: 0, progress: false });
    // A goal that already held at the start is no progress either.
    expect(gradeFromLedger(three, 'SSV', 'done', [], { initial: 'SSP' })).toMatchObject({ score: 0, progress: false });
    // One goal newly met: every satisfied constraint counts.
    expect(gradeFromLedger(three, 'SSV', 'done', [], { initial: 'PSP' })).toMatchObject({
      score: 2 / 3,
      progress: true,
    });
  });

  it('records invariant breaches; a broken forbids-action constraint fails the episode even when restored', () => {
    const keep = CONSTRAINTS[1] as Constraint;
    expect(breachesBetween(CONSTRAINTS, 'PSPP', 'PVPP', 4, 'executor')).toEqual([
      { constraint: 'keep', step: 4, role: 'executor' },
    ]);
    expect(breachesBetween(CONSTRAINTS, 'PVPP', 'SVPP', 5, 'executor')).toEqual([]);
    const breaches = [{ constraint: 'keep', step: 4, role: 'executor' }];
    const lenient = [CONSTRAINTS[0] as Constraint, keep];
    expect(gradeFromLedger(lenient, 'SS', 'done', [], { breaches })).toMatchObject({
      success: true,
      violated: [],
      breaches,
    });
    const strict = [CONSTRAINTS[0] as Constraint, { ...keep, forbidsAction: true }];
    expect(gradeFromLedger(strict, 'SS', 'done', [], { breaches })).toMatchObject({
      success: false,
      satisfied: ['has'],
      violated: ['keep'],
      score: 0.5,
      breaches,
    });
  });
});
