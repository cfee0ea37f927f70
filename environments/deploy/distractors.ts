/**
 * Growing a deploy task's stack to a world size: internal batch services that depend on nothing
 * of the task's stack (and nothing depends on them), healthy at their own versions, with no rule
 * a config could break. The oracle's plan and every checker's verdict are what they are at the
 * family's own size.
 */
import type { Rng } from '../../src/core/rng.js';
import type { Task } from '../../src/team/world.js';
import { taskText } from '../../src/world/variation.js';
import type { DeployState, Service } from './state.js';

const KINDS = ['archiver', 'reindexer', 'exporter', 'compactor', 'mailer', 'scheduler'];

/** The task's stack grown to `size` services, or unchanged when it holds that many. Pure in `rng`. */
export function resizeDeploy(task: Task<DeployState>, size: number, rng: Rng): DeployState {
  const names = Object.keys(task.world.services);
  let need = size - names.length;
  if (need <= 0) return task.world;
  const text = taskText(task);
  const services: Record<string, Service> = { ...task.world.services };
  for (let i = 0; need > 0; i++) {
    const name = `batch-${rng.pick(KINDS)}-${String(i).padStart(5, '0')}`;
    // No name may contain another (facts are found in free text by substring).
    if (Object.hasOwn(services, name) || text.includes(name) || names.some((n) => name.includes(n))) continue;
    services[name] = {
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
  return { ...task.world, services };
}
