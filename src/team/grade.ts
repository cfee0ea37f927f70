/**
 * Grading a team episode from its state: the final intent ledger, the invariants broken on the
 * way, whether the team made progress, how it finished, and collateral damage (entities changed
 * that the task did not ask to change).
 */
import { evaluateLedger, gradeFromLedger, type Grade } from './ledger.js';
import type { TeamState } from './state.js';
import type { Task, TaskFamily } from './world.js';
import { allowListParam } from '../world/allow-list.js';

/**
 * Grades the current state (also used when an episode is cut off before `finish`). A call on the
 * task's path that a fault made fail and that never succeeded afterwards (`FaultState.open`)
 * fails the episode, however it finished: the task needed that call's result or effect.
 */
export function gradeTeamState<W>(family: TaskFamily<W>, state: TeamState<W>): Grade {
  const finishStatus = state.finished?.status ?? 'not_finished';
  const { world, constraints } = { world: family.world, constraints: state.task.constraints };
  const ledger = state.finished
    ? state.ledger
    : evaluateLedger(world, constraints, state.world, state.task.world, null, true);
  const changed = world.diff(state.task.world, state.world);
  const allowed = allowedChanges(state.task);
  const collateral = changed.filter((id) => !allowed(id));
  // Progress is judged against the task as it stands (a changed requirement re-reads the start too).
  const initial = evaluateLedger(world, constraints, state.task.world, state.task.world, null, false);
  const grade = gradeFromLedger(constraints, ledger, finishStatus, collateral, {
    breaches: state.breaches ?? [],
    initial,
  });
  const unresolved = [...new Set((state.faults.open ?? []).map((o) => o.id))].sort();
  return unresolved.length === 0 ? grade : { ...grade, success: false, unresolvedFaults: unresolved };
}

/** The entity ids a task allows to change, from its `no-collateral` constraint's `allow` prefixes. */
function allowedChanges(task: Task<unknown>): (id: string) => boolean {
  const c = task.constraints.find((x) => x.kind === 'no-collateral');
  const allow = c ? allowListParam(c, 'allow') : null;
  return allow ? (id) => allow.allows(id) : () => true;
}
