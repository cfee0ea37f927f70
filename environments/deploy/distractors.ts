/**
 * Growing a deploy task's stack to a world size: internal batch services that depend on nothing
 * of the task's stack (and nothing depends on them), healthy at their own versions, with no rule
 * a config could break, kept in the state's `fleet`. The oracle's plan and every checker's verdict
 * are what they are at the family's own size.
 */
import type { Rng } from '../../src/core/rng.js';
import type { Task } from '../../src/team/world.js';
import { taskText } from '../../src/world/variation.js';
import type { DeployState, Service } from './state.js';

const KINDS = ['archiver', 'reindexer', 'exporter', 'compactor', 'mailer', 'scheduler'];

/**
 * The task's stack grown to `size` services, or unchanged when it holds that many. The added
 * services are the state's {@link DeployState.fleet}, apart from the task's stack, so a change
 * never copies them. Pure in `rng`.
 */
export function resizeDeploy(task: Task<DeployState>, size: number, rng: Rng): DeployState {
  const names = Object.keys(task.world.services);
  let need = size - names.length;
  if (need <= 0) return task.world;
  const text = taskText(task);
  const fleet: Record<string, Service> = {};
  for (let i = 0; need > 0; i++) {
    const name = `batch-${rng.pick(KINDS)}-${String(i).padStart(5, '0')}`;
    // No name may contain another (facts are found in free text by substring).
    if (
      Object.hasOwn(task.world.services, name) ||
      Object.hasOwn(fleet, name) ||
      text.includes(name) ||
      names.some((n) => name.includes(n))
    )
      continue;
    fleet[name] = {
      name,
      tier: 3,
      owner: 'platform-batch',
      version: `v${rng.int(1, 4)}.${rng.int(0, 9)}.${rng.int(0, 9)}`,
      previous: [],
      deps: [],
      config: { schedule: rng.pick(['hourly', 'nightly', 'weekly']) },
      rules: [],
      badVersions: [],
      canary: null,
    };
    need--;
  }
  // A services map of its own: derived results are memoized per map, for the fleet it came with.
  return { ...task.world, services: { ...task.world.services }, fleet };
}
