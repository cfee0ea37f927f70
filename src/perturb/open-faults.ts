/**
 * Failed calls the task needs: a tool fault that makes a call on the task's path fail leaves it
 * open until the same role makes the same call, or the documented fallback with the same
 * arguments, succeed. An
 * episode that ends with one open fails its grade — the team went on without a result or an
 * effect the task needed, however it finished.
 */
import type { CallContext, FaultState, OpenFault, PlannedPerturbation } from '../team/perturbation.js';
import { pathKey } from './path.js';

/**
 * Whether a call a planned tool fault caught is on the task's path: true or false from the
 * plan's `params.path`, undefined when the plan carries none (an explicit fault plan), or for
 * perturbations other than tool faults.
 */
export function onPath(p: PlannedPerturbation, call: CallContext): boolean | undefined {
  const path = p.params['path'];
  if (p.kind !== 'tool' || !Array.isArray(path)) return undefined;
  return path.includes(pathKey(call.entity, call.args));
}

/** Records a failed call on the task's path. */
export function openFault(faults: FaultState, p: PlannedPerturbation, call: CallContext): FaultState {
  const fallback = p.params['fallback'];
  const entry: OpenFault = {
    id: p.id,
    role: call.role,
    tool: call.tool,
    ...(typeof fallback === 'string' ? { fallback } : {}),
    key: pathKey(call.entity, call.args),
  };
  const open = faults.open ?? [];
  if (open.some((o) => o.role === entry.role && o.tool === entry.tool && o.key === entry.key)) return faults;
  return { ...faults, open: [...open, entry] };
}

/**
 * Settles the open faults a successful call stands for: the same call, or its fallback, by the
 * role whose call failed (a teammate's later look is not the result the role needed).
 */
export function closeFaults(faults: FaultState, call: CallContext): FaultState {
  const open = faults.open;
  if (!open?.length) return faults;
  // Most calls stand for no open fault: the call's key (canonical JSON of its arguments when it
  // names no entity) is worked out only for one that may.
  if (!open.some((o) => o.role === call.role && (o.tool === call.tool || o.fallback === call.tool))) return faults;
  const key = pathKey(call.entity, call.args);
  const left = open.filter(
    (o) => o.role !== call.role || o.key !== key || (o.tool !== call.tool && o.fallback !== call.tool),
  );
  return left.length === open.length ? faults : { ...faults, open: left };
}
